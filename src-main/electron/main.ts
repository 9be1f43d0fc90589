// Desktop shell: lifecycle, single instance, the window, and the IPC mount. The core runs in a
// utility process (core-host.ts); nothing here samples, stores or parses.
import { app, BrowserWindow, ipcMain, session } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startCoreHost } from './core-host';
import { mountIpc } from './ipc';
import { hardenSession, hardenWebContents } from './security';
import { buildWindowOptions, PRELOAD_RELATIVE_PATH } from './window-options';

const here = import.meta.dirname;
const rendererFile = join(here, '../renderer/index.html');
// electron-vite sets this while developing; the built app loads its own file.
const appUrl = process.env.ELECTRON_RENDERER_URL ?? pathToFileURL(rendererFile).href;

let mainWindow: BrowserWindow | null = null;

function createWindow(): BrowserWindow {
  const win = new BrowserWindow(buildWindowOptions(join(here, PRELOAD_RELATIVE_PATH)));
  hardenWebContents(win.webContents, appUrl);
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => (mainWindow = null));
  void win.loadURL(appUrl);
  return win;
}

function showWindow(): void {
  if (!mainWindow) mainWindow = createWindow();
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', showWindow);
  void app.whenReady().then(() => {
    hardenSession(session.defaultSession);
    const core = startCoreHost(join(here, 'core.js'), app.getPath('userData'));
    const unmount = mountIpc(ipcMain, core.client, appUrl);
    showWindow();
    app.on('activate', showWindow);
    app.on('will-quit', () => {
      unmount();
      core.stop();
    });
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}
