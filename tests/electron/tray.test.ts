import type { MenuItemConstructorOptions, NativeImage } from 'electron';
import { describe, expect, it } from 'vitest';
import type { OverallState } from '../../src-main/shared/api';
import { TrayController, trayIconFile, trayMenuTemplate, trayTooltip, type TrayActions, type TrayView } from '../../src-main/electron/tray';

const status = (state: OverallState, reason = '') => ({ state, reason, since: 0 });
const view = (over: Partial<TrayView> = {}): TrayView => ({ status: status('healthy'), startAtLogin: false, blockedRequests: 0, ...over });

function recordingActions() {
  const calls: string[] = [];
  const actions: TrayActions = {
    openDashboard: () => calls.push('open'),
    setPaused: (p) => calls.push(`paused=${p}`),
    setStartAtLogin: (on) => calls.push(`login=${on}`),
    openLogsFolder: () => calls.push('logs'),
    exportBundle: () => calls.push('bundle'),
    quit: () => calls.push('quit'),
  };
  return { calls, actions };
}

const labels = (items: MenuItemConstructorOptions[]) => items.filter((i) => i.type !== 'separator').map((i) => i.label);
const click = (items: MenuItemConstructorOptions[], label: string) => (items.find((i) => i.label === label)!.click as () => void)();

describe('tray', () => {
  it('offers the dashboard, the status, pause, the diagnostics bundle, logs, start at login and quit', () => {
    const { calls, actions } = recordingActions();
    const menu = trayMenuTemplate(view({ status: status('degraded', 'scrape target llama is down') }), actions);
    expect(labels(menu)).toEqual(['Open dashboard', 'Status: Degraded: scrape target llama is down', 'Pause sampling', 'Export diagnostics bundle…', 'Open logs folder', 'Start at login', 'Quit Assistant Monitor']);
    expect(menu[1]!.enabled).toBe(false);
    for (const label of ['Open dashboard', 'Pause sampling', 'Export diagnostics bundle…', 'Open logs folder', 'Start at login', 'Quit Assistant Monitor']) click(menu, label);
    expect(calls).toEqual(['open', 'paused=true', 'bundle', 'logs', 'login=true', 'quit']);
  });

  it('turns Pause into Resume while paused, and disables it while the core is away', () => {
    const { calls, actions } = recordingActions();
    const paused = trayMenuTemplate(view({ status: status('paused', 'sampling is paused') }), actions);
    click(paused, 'Resume sampling');
    expect(calls).toEqual(['paused=false']);
    const away = trayMenuTemplate(view({ status: null }), actions);
    expect(away.find((i) => i.label === 'Pause sampling')!.enabled).toBe(false);
    expect(away.find((i) => i.label === 'Export diagnostics bundle…')!.enabled).toBe(false);
    expect(labels(away)[1]).toBe('Status: the monitor core is restarting');
  });

  it('shows the start-at-login state and how many requests it refused', () => {
    const { actions } = recordingActions();
    const menu = trayMenuTemplate(view({ startAtLogin: true, blockedRequests: 3 }), actions);
    expect(menu.find((i) => i.label === 'Start at login')).toMatchObject({ type: 'checkbox', checked: true });
    expect(labels(menu)).toContain('3 outgoing requests blocked');
  });

  it('says the status and reason in the tooltip, within the 127 characters Windows shows', () => {
    expect(trayTooltip(view())).toBe('Assistant Monitor — Healthy');
    expect(trayTooltip(view({ status: status('down', 'scrape target assistant is down: connection refused') }))).toBe(
      'Assistant Monitor — Down: scrape target assistant is down: connection refused',
    );
    expect(trayTooltip(view({ status: status('degraded', 'x'.repeat(300)) }))).toHaveLength(127);
  });

  it('uses a coloured icon per state, and template images on macOS', () => {
    expect(trayIconFile('/r/tray', 'down', 'linux')).toBe('/r/tray/down.png');
    expect(trayIconFile('/r/tray', 'paused', 'win32')).toBe('/r/tray/paused.png');
    expect(trayIconFile('/r/tray', 'healthy', 'darwin')).toBe('/r/tray/healthyTemplate.png');
  });

  it('redraws the icon only when the state changes, and the menu only when it shows something new', () => {
    const images: string[] = [];
    let menus = 0;
    const tray = new TrayController({
      tray: { setImage: () => {}, setToolTip: () => {}, setContextMenu: () => void menus++ },
      image: (file) => (images.push(file), {} as NativeImage),
      buildMenu: () => ({}) as Electron.Menu,
      iconDir: '/r/tray',
      platform: 'linux',
      actions: recordingActions().actions,
    });
    tray.update(view());
    tray.update(view());
    tray.update(view({ status: status('healthy') }));
    expect(images).toEqual(['/r/tray/healthy.png']);
    expect(menus).toBe(1);
    tray.update(view({ status: status('degraded', 'collector gpu: timeout') }));
    tray.update(view({ status: status('degraded', 'collector gpu: error') }));
    expect(images).toEqual(['/r/tray/healthy.png', '/r/tray/degraded.png']);
    expect(menus).toBe(3);
    tray.update(view({ status: null }));
    expect(images.at(-1)).toBe('/r/tray/unknown.png');
  });
});
