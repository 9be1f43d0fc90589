// Stand-in for the `electron` module, which cannot run here (no binary). It models what the
// shell relies on: ipcMain/ipcRenderer with structured-clone serialisation and Electron's error
// wrapping, contextBridge, and the sender frame every IPC event carries.
import { EventEmitter } from 'node:events';

type Handler = (event: unknown, ...args: unknown[]) => unknown;

export interface FakeFrame {
  url: string;
  parent: FakeFrame | null;
}

class FakeWebContents extends EventEmitter {
  private static nextId = 1;
  readonly id = FakeWebContents.nextId++;
  destroyed = false;
  isDestroyed(): boolean {
    return this.destroyed;
  }
  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    rendererEmitter.emit(channel, { sender: this }, ...args.map((a) => structuredClone(a)));
  }
  destroy(): void {
    this.destroyed = true;
    this.emit('destroyed');
  }
}

const handlers = new Map<string, Handler>();
const mainEmitter = new EventEmitter();
const rendererEmitter = new EventEmitter();

/** What the test controls: the page the renderer side pretends to be. */
export const __mock = {
  exposed: {} as Record<string, unknown>,
  webContents: new FakeWebContents(),
  frame: { url: 'file:///app/out/renderer/index.html', parent: null } as FakeFrame,
  reset(): void {
    handlers.clear();
    mainEmitter.removeAllListeners();
    rendererEmitter.removeAllListeners();
    this.exposed = {};
    this.webContents = new FakeWebContents();
    this.frame = { url: 'file:///app/out/renderer/index.html', parent: null };
  },
  handlerChannels(): string[] {
    return [...handlers.keys()];
  },
};

function eventFor() {
  return { sender: __mock.webContents, senderFrame: __mock.frame };
}

export const ipcMain = {
  handle(channel: string, fn: Handler): void {
    if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    handlers.set(channel, fn);
  },
  removeHandler(channel: string): void {
    handlers.delete(channel);
  },
  on(channel: string, fn: (...args: unknown[]) => void) {
    mainEmitter.on(channel, fn);
    return ipcMain;
  },
  removeAllListeners(channel?: string) {
    mainEmitter.removeAllListeners(channel);
    return ipcMain;
  },
};

export const ipcRenderer = {
  async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    const fn = handlers.get(channel);
    if (!fn) throw new Error(`Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`);
    try {
      return structuredClone(await fn(eventFor(), ...args.map((a) => structuredClone(a))));
    } catch (err) {
      // Electron passes only the message across, wrapped like this.
      throw new Error(`Error invoking remote method '${channel}': ${String(err)}`, { cause: err });
    }
  },
  send(channel: string, ...args: unknown[]): void {
    mainEmitter.emit(channel, eventFor(), ...args.map((a) => structuredClone(a)));
  },
  on(channel: string, fn: (...args: unknown[]) => void) {
    rendererEmitter.on(channel, fn);
    return ipcRenderer;
  },
  removeListener(channel: string, fn: (...args: unknown[]) => void) {
    rendererEmitter.removeListener(channel, fn);
    return ipcRenderer;
  },
  listenerCount(channel: string): number {
    return rendererEmitter.listenerCount(channel);
  },
};

export const contextBridge = {
  exposeInMainWorld(key: string, api: unknown): void {
    __mock.exposed[key] = api;
  },
};

/** The shell's lifecycle as a test drives it: what it asked of the app, the windows, the tray. */
export const shell = {
  opened: [] as string[],
  openExternal: async (url: string) => void shell.opened.push(url),
  openPath: async (path: string) => (shell.opened.push(path), ''),
  showItemInFolder: (path: string) => void shell.opened.push(path),
};

export const app = new (class extends EventEmitter {
  gotLock = true;
  quitCalls = 0;
  isPackaged = false;
  loginItem = { openAtLogin: false };
  userData = '/nonexistent/userData';
  requestSingleInstanceLock = () => this.gotLock;
  whenReady = () => Promise.resolve();
  quit = () => {
    this.quitCalls++;
    // Like Electron: quitting emits before-quit, then will-quit, which a listener may hold.
    this.emit('before-quit', { preventDefault() {} });
    let held = false;
    this.emit('will-quit', { preventDefault: () => (held = true) });
    if (!held) this.emit('quit');
  };
  getPath = (name: string) => (name === 'userData' ? this.userData : `/nonexistent/${name}`);
  getLoginItemSettings = () => ({ ...this.loginItem });
  setLoginItemSettings = (s: { openAtLogin: boolean }) => void (this.loginItem = { openAtLogin: s.openAtLogin });
})();

export class BrowserWindow extends EventEmitter {
  static all: BrowserWindow[] = [];
  visible = false;
  focused = false;
  loaded: string | null = null;
  readonly webContents = new FakeWebContents();
  constructor(readonly options: unknown) {
    super();
    BrowserWindow.all.push(this);
  }
  loadURL(url: string) {
    this.loaded = url;
    return Promise.resolve();
  }
  show() {
    this.visible = true;
  }
  hide() {
    this.visible = false;
  }
  focus() {
    this.focused = true;
  }
  isMinimized = () => false;
  restore() {}
  maximize() {}
  isMaximized = () => false;
  getNormalBounds = () => ({ x: 0, y: 0, width: 1200, height: 800 });
  /** What a click on the window's close button does. Returns whether the close was prevented. */
  userCloses(): boolean {
    let prevented = false;
    this.emit('close', { preventDefault: () => (prevented = true) });
    if (!prevented) this.emit('closed');
    return prevented;
  }
}

export class Tray {
  static last: Tray | null = null;
  image: unknown = null;
  tooltip = '';
  menu: unknown = null;
  constructor(image: unknown) {
    this.image = image;
    Tray.last = this;
  }
  setImage(image: unknown) {
    this.image = image;
  }
  setToolTip(text: string) {
    this.tooltip = text;
  }
  setContextMenu(menu: unknown) {
    this.menu = menu;
  }
}

export const Menu = {
  applicationMenu: null as unknown,
  buildFromTemplate: (template: unknown[]) => ({ template }),
  setApplicationMenu: (menu: unknown) => void (Menu.applicationMenu = menu),
};

export const nativeImage = {
  createEmpty: () => ({ path: null }),
  createFromPath: (path: string) => ({ path, setTemplateImage() {} }),
};

export class Notification {
  static shown: unknown[] = [];
  static isSupported = () => true;
  constructor(readonly options: unknown) {}
  show() {
    Notification.shown.push(this.options);
  }
}

export const protocol = {
  privileged: [] as unknown[],
  handlers: new Map<string, unknown>(),
  registerSchemesAsPrivileged: (schemes: unknown[]) => void protocol.privileged.push(...schemes),
  handle: (scheme: string, handler: unknown) => void protocol.handlers.set(scheme, handler),
};

export const net = { fetch: async () => new Response('') };
export const screen = { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }] };

/** A utility process that answers the shutdown request by exiting, as the real core does. */
class FakeCoreProcess extends EventEmitter {
  readonly messages: unknown[] = [];
  postMessage(message: { kind: string }) {
    this.messages.push(message);
    if (message.kind === 'shutdown') setImmediate(() => this.emit('exit', 0));
  }
  kill() {
    this.emit('exit', 1);
  }
}

export const utilityProcess = {
  forked: [] as FakeCoreProcess[],
  fork(): FakeCoreProcess {
    const proc = new FakeCoreProcess();
    utilityProcess.forked.push(proc);
    setImmediate(() => proc.emit('spawn'));
    return proc;
  },
};

export const session = {
  defaultSession: {
    spellcheck: true,
    setPermissionRequestHandler() {},
    setPermissionCheckHandler() {},
    setSpellCheckerEnabled(on: boolean) {
      this.spellcheck = on;
    },
    webRequest: { onBeforeRequest() {} },
  },
};

export default { ipcMain, ipcRenderer, contextBridge, app, utilityProcess, session, BrowserWindow, Tray, Menu, nativeImage, Notification, protocol, net, screen, shell };
