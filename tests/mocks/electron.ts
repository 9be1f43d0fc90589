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

export const app = new (class extends EventEmitter {
  requestSingleInstanceLock = () => true;
  whenReady = () => Promise.resolve();
  quit = () => {};
})();

export const utilityProcess = {
  fork(): never {
    throw new Error('utilityProcess is not available in unit tests');
  },
};

export const session = { defaultSession: {} };
export class BrowserWindow {}
export default { ipcMain, ipcRenderer, contextBridge, app, utilityProcess, session, BrowserWindow };
