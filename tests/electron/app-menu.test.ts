import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { appMenuTemplate } from '../../src-main/electron/app-menu';

const roles = (items: MenuItemConstructorOptions[]): string[] =>
  items.flatMap((i) => [...(i.role ? [i.role] : []), ...(Array.isArray(i.submenu) ? roles(i.submenu) : [])]);
const actions = { openDashboard: () => {}, quit: () => {} };

describe('application menu', () => {
  it('offers reload and DevTools only in development builds', () => {
    expect(roles(appMenuTemplate({ platform: 'linux', isDev: true, actions }))).toEqual(expect.arrayContaining(['reload', 'toggleDevTools']));
    const packaged = roles(appMenuTemplate({ platform: 'linux', isDev: false, actions }));
    expect(packaged).not.toContain('toggleDevTools');
    expect(packaged).not.toContain('reload');
    expect(packaged).not.toContain('forceReload');
  });

  it('has the usual edit and window shortcuts, an app menu on macOS, and Quit on Ctrl+Q elsewhere', () => {
    expect(roles(appMenuTemplate({ platform: 'darwin', isDev: false, actions }))).toEqual(expect.arrayContaining(['appMenu', 'editMenu', 'windowMenu']));
    const linux = appMenuTemplate({ platform: 'linux', isDev: false, actions });
    const file = linux.find((i) => i.label === 'File')!.submenu as MenuItemConstructorOptions[];
    expect(file.find((i) => i.label === 'Quit')).toMatchObject({ accelerator: 'Ctrl+Q' });
    expect(roles(linux)).not.toContain('appMenu');
  });
});
