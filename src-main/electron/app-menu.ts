// The application menu: the usual editing and window shortcuts, File → Quit, and the developer
// items (reload, DevTools) only in development builds.
import type { MenuItemConstructorOptions } from 'electron';

export interface AppMenuOptions {
  platform: NodeJS.Platform;
  /** Development build (not packaged): reload and DevTools are offered. */
  isDev: boolean;
  actions: { openDashboard(): void; quit(): void };
}

export function appMenuTemplate({ platform, isDev, actions }: AppMenuOptions): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  const menu: MenuItemConstructorOptions[] = [];
  if (mac) menu.push({ role: 'appMenu' });
  menu.push({
    label: 'File',
    submenu: [{ label: 'Open Dashboard', accelerator: 'CmdOrCtrl+D', click: actions.openDashboard }, { type: 'separator' }, mac ? { role: 'close' } : { label: 'Quit', accelerator: 'Ctrl+Q', click: actions.quit }],
  });
  menu.push({ role: 'editMenu' });
  menu.push({
    label: 'View',
    submenu: [
      ...(isDev ? ([{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }] as MenuItemConstructorOptions[]) : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  });
  menu.push({ role: 'windowMenu' });
  return menu;
}
