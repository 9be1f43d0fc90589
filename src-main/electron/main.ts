// Desktop shell: lifecycle, single instance, the window, the tray and the IPC mount. The core
// runs in a utility process (core-host.ts); nothing here samples, stores or parses. Closing the
// window leaves the app recording in the tray until Quit.
import { app, BrowserWindow, ipcMain, Menu, nativeImage, net, Notification, protocol, screen, session, shell, Tray } from 'electron';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { OverallStatus } from '../shared/api';
import { appMenuTemplate } from './app-menu';
import { APP_SCHEME, registerAppScheme, rendererUrl, serveAppFiles } from './app-protocol';
import { closeToTray } from './close-to-tray';
import { createOwnLog, type OwnLogger } from '../core/logs/own-log';
import { VERSION } from '../core/version';
import { startCoreHost } from './core-host';
import { mountIpc } from './ipc';
import { filterRequests, hardenApp, hardenSession, isAppUrl, type RequestFilterStats } from './security';
import { TrayController, type TrayView } from './tray';
import { buildWindowOptions, PRELOAD_RELATIVE_PATH } from './window-options';
import { loadWindowState, placeOnScreen, saveWindowState } from './window-state';

const here = import.meta.dirname;

/**
 * The shell's own log beside the core's (logs/ in the data folder), shown with it as source
 * assistant-monitor. Only inside a data folder that exists (Electron makes it), and never a
 * reason not to start: without it (a read-only folder) the app runs all the same.
 */
function openShellLog(dataDir: string): OwnLogger | null {
  if (!existsSync(dataDir)) return null;
  try {
    const log = createOwnLog({ dir: join(dataDir, 'logs'), name: 'assistant-monitor-main' });
    log.info(`desktop app ${VERSION} starting`);
    return log;
  } catch {
    return null;
  }
}
const appUrl = rendererUrl(app.isPackaged, process.env);
const isDev = !app.isPackaged;
const iconDir = app.isPackaged ? join(process.resourcesPath, 'tray') : join(here, '../../resources/tray');
/** How often the tray asks the core for the status. */
const STATUS_POLL_MS = 5000;

let mainWindow: BrowserWindow | null = null;
let quitting = false;
const blockedRequests: RequestFilterStats = { blocked: 0, lastBlocked: null };

registerAppScheme(protocol);

function createWindow(): BrowserWindow {
  const stateFile = join(app.getPath('userData'), 'window-state.json');
  const saved = loadWindowState(stateFile);
  const placement = saved ? placeOnScreen(saved, screen.getAllDisplays().map((d) => d.workArea)) : {};
  const win = new BrowserWindow({ ...buildWindowOptions(join(here, PRELOAD_RELATIVE_PATH)), ...placement });
  if (saved?.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());
  const remember = () => saveWindowState(stateFile, { bounds: win.getNormalBounds(), maximized: win.isMaximized() });
  win.on('resized', remember);
  win.on('moved', remember);
  win.on('maximize', remember);
  win.on('unmaximize', remember);
  closeToTray(win, {
    quitting: () => quitting,
    hintShownFile: join(app.getPath('userData'), 'tray-hint-shown'),
    showHint: () => {
      if (Notification.isSupported()) new Notification({ title: 'Assistant Monitor keeps recording', body: 'It is in the tray. Choose Quit there to stop it.' }).show();
    },
  });
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
  hardenApp(app, appUrl, (url) => shell.openExternal(url));
  void app.whenReady().then(() => {
    hardenSession(session.defaultSession);
    filterRequests(session.defaultSession, (url) => url.startsWith(`${APP_SCHEME}:`) || url.startsWith('devtools:') || (isDev && isAppUrl(url, appUrl)), blockedRequests);
    serveAppFiles(protocol, net, join(here, '../renderer'));
    // The shell's own log beside the core's (logs/ in the data folder): the Logs view shows both as source assistant-monitor.
    const log = openShellLog(app.getPath('userData'));
    const core = startCoreHost(join(here, 'core.js'), app.getPath('userData'), log);
    const unmount = mountIpc(ipcMain, core.client, appUrl);
    const quit = () => {
      quitting = true;
      app.quit();
    };
    Menu.setApplicationMenu(Menu.buildFromTemplate(appMenuTemplate({ platform: process.platform, isDev, actions: { openDashboard: showWindow, quit } })));

    const view: TrayView = { status: null, startAtLogin: app.getLoginItemSettings().openAtLogin, blockedRequests: 0 };
    const trayIcon = new Tray(nativeImage.createEmpty());
    // For the desktop smoke test (tests/electron-app), which checks the tray exists.
    (globalThis as { __assistantMonitorTray?: Tray }).__assistantMonitorTray = trayIcon;
    const tray = new TrayController({
      tray: trayIcon,
      image: (file) => {
        const img = nativeImage.createFromPath(file);
        if (process.platform === 'darwin') img.setTemplateImage(true);
        return img;
      },
      buildMenu: (template) => Menu.buildFromTemplate(template),
      iconDir,
      platform: process.platform,
      actions: {
        openDashboard: showWindow,
        setPaused: (paused) => void core.client.setPaused({ paused }).then(refresh, () => {}),
        setStartAtLogin: (openAtLogin) => {
          app.setLoginItemSettings({ openAtLogin });
          refresh();
        },
        openLogsFolder: () => void shell.openPath(app.getPath('logs')),
        // Written with every file ticked and redacted; the zip is shown in the file manager.
        exportBundle: () =>
          void core.client.createBundle({}).then(
            (bundle) => shell.showItemInFolder(bundle.file),
            (err: Error) => Notification.isSupported() && new Notification({ title: 'Diagnostics bundle failed', body: err.message }).show(),
          ),
        quit,
      },
    });
    const refresh = (status?: OverallStatus) => {
      view.startAtLogin = app.getLoginItemSettings().openAtLogin;
      view.blockedRequests = blockedRequests.blocked;
      if (status) view.status = status;
      tray.update(view);
    };
    const poll = () =>
      core.client.getStatus().then(
        (status) => refresh(status),
        () => {
          view.status = null;
          refresh();
        },
      );
    const poller = setInterval(poll, STATUS_POLL_MS);
    void poll();

    showWindow();
    app.on('activate', showWindow);
    app.on('before-quit', () => (quitting = true));
    let flushed = false;
    app.on('will-quit', (event) => {
      if (flushed) return;
      // Hold the quit until the core has flushed history (or was killed after its grace period).
      event.preventDefault();
      clearInterval(poller);
      unmount();
      void core.stop().then(() => {
        flushed = true;
        app.quit();
      });
    });
  });
  // The tray keeps the app (and history) alive with no window open; only Quit ends it.
  app.on('window-all-closed', () => {});
}
