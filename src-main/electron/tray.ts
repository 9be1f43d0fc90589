// The tray: an icon per status, a tooltip with the status and its reason, and the menu. The
// menu and icon are built by pure functions from a view of the app's state; the controller
// redraws the icon only when the status changes and the menu only when what it shows changes.
import { join } from 'node:path';
import type { MenuItemConstructorOptions, NativeImage, Tray } from 'electron';
import type { OverallState, OverallStatus } from '../shared/api';

export interface TrayView {
  /** null while the core cannot be reached (starting, or restarting after a crash). */
  status: OverallStatus | null;
  startAtLogin: boolean;
  /** Requests from the window refused because they would have left the machine. */
  blockedRequests: number;
}

export interface TrayActions {
  openDashboard(): void;
  setPaused(paused: boolean): void;
  setStartAtLogin(enabled: boolean): void;
  openLogsFolder(): void;
  exportBundle(): void;
  quit(): void;
}

const LABEL: Record<OverallState, string> = {
  healthy: 'Healthy',
  degraded: 'Degraded',
  down: 'Down',
  unknown: 'Unknown',
  paused: 'Paused',
};

/** The state the icon shows: a core that cannot be reached is `unknown`. */
export function trayState(view: TrayView): OverallState {
  return view.status?.state ?? 'unknown';
}

/** One line: "Assistant Monitor — Degraded: scrape target llama is down". */
export function trayTooltip(view: TrayView): string {
  if (!view.status) return 'Assistant Monitor — the monitor core is restarting';
  const { state, reason } = view.status;
  const text = `Assistant Monitor — ${LABEL[state]}${reason ? `: ${reason}` : ''}`;
  // Windows cuts tooltips at 127 characters.
  return text.length > 127 ? `${text.slice(0, 126)}…` : text;
}

/** The PNG for a state; macOS gets black-and-alpha template images that the menu bar tints. */
export function trayIconFile(iconDir: string, state: OverallState, platform: NodeJS.Platform): string {
  return join(iconDir, platform === 'darwin' ? `${state}Template.png` : `${state}.png`);
}

export function trayMenuTemplate(view: TrayView, actions: TrayActions): MenuItemConstructorOptions[] {
  const paused = view.status?.state === 'paused';
  return [
    { label: 'Open dashboard', click: actions.openDashboard },
    { label: trayTooltip(view).replace('Assistant Monitor — ', 'Status: '), enabled: false },
    { type: 'separator' },
    paused ? { label: 'Resume sampling', click: () => actions.setPaused(false) } : { label: 'Pause sampling', click: () => actions.setPaused(true), enabled: view.status !== null },
    { label: 'Export diagnostics bundle…', click: actions.exportBundle, enabled: view.status !== null },
    { label: 'Open logs folder', click: actions.openLogsFolder },
    { label: 'Start at login', type: 'checkbox', checked: view.startAtLogin, click: () => actions.setStartAtLogin(!view.startAtLogin) },
    ...(view.blockedRequests > 0 ? [{ label: `${view.blockedRequests} outgoing request${view.blockedRequests === 1 ? '' : 's'} blocked`, enabled: false }] : []),
    { type: 'separator' },
    { label: 'Quit Assistant Monitor', click: actions.quit },
  ];
}

export interface TrayDeps {
  tray: Pick<Tray, 'setImage' | 'setToolTip' | 'setContextMenu'>;
  image(file: string): NativeImage;
  buildMenu(template: MenuItemConstructorOptions[]): Electron.Menu;
  iconDir: string;
  platform: NodeJS.Platform;
  actions: TrayActions;
}

export class TrayController {
  private shownState: OverallState | null = null;
  private shownMenu = '';

  constructor(private readonly deps: TrayDeps) {}

  update(view: TrayView): void {
    const state = trayState(view);
    if (state !== this.shownState) {
      this.deps.tray.setImage(this.deps.image(trayIconFile(this.deps.iconDir, state, this.deps.platform)));
      this.shownState = state;
    }
    const template = trayMenuTemplate(view, this.deps.actions);
    const key = JSON.stringify(template.map((i) => [i.label, i.checked, i.enabled]));
    if (key !== this.shownMenu) {
      this.deps.tray.setToolTip(trayTooltip(view));
      this.deps.tray.setContextMenu(this.deps.buildMenu(template));
      this.shownMenu = key;
    }
  }
}
