import type { IpcMain, IpcRenderer } from 'electron';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MonitorEvent } from '../../src-main/shared/api';
import { ApiError, InputError } from '../../src-main/shared/errors';
import { API_METHODS } from '../../src-main/shared/contract';
import { invokeChannel } from '../../src-main/shared/ipc-channels';
import { mountIpc } from '../../src-main/electron/ipc';
import { createMonitorBridge } from '../../src-main/preload/monitor-bridge';
import { __mock, ipcMain, ipcRenderer } from '../mocks/electron';
import { MACHINE, scriptedApi } from '../renderer/support/fake-api';

function fakeBackend() {
  let calls = 0;
  const s = scriptedApi({
    getInfo: async () => {
      calls++;
      return { version: '1.0.0', hostname: 'h', platform: 'linux', startedAt: 1, liveWindowMs: 1, notices: [], history: null, machine: MACHINE };
    },
  });
  return { api: s.api, listeners: s.listeners, calls: () => calls };
}

describe('IPC mount', () => {
  let unmount: () => void;
  let backend: ReturnType<typeof fakeBackend>;
  beforeEach(() => {
    __mock.reset();
    backend = fakeBackend();
    unmount = mountIpc(ipcMain as unknown as IpcMain, backend.api, __mock.frame.url);
  });
  afterEach(() => unmount());

  it('registers one handler per API method', () => {
    expect(__mock.handlerChannels().sort()).toEqual(API_METHODS.map(invokeChannel).sort());
  });

  it('refuses calls from a page that is not the app, before reaching the core', async () => {
    const bridge = createMonitorBridge(ipcRenderer as unknown as IpcRenderer);
    const appUrl = __mock.frame.url;
    await expect(bridge.getInfo()).resolves.toMatchObject({ version: '1.0.0' });
    __mock.frame = { url: 'https://evil.example/', parent: null };
    await expect(bridge.getInfo()).rejects.toThrow(/getInfo refused: sender is not the app's own page/);
    // An iframe inside the app page is not the app either.
    __mock.frame = { url: appUrl, parent: { url: appUrl, parent: null } };
    await expect(bridge.getInfo()).rejects.toThrow(/refused/);
    expect(backend.calls()).toBe(1);
  });

  it("hands the core's errors to the page as {code, message}, with no IPC wrapping", async () => {
    unmount();
    const failing = scriptedApi({
      getInfo: async () => {
        throw new InputError('from (3) is after to (2)');
      },
    });
    unmount = mountIpc(ipcMain as unknown as IpcMain, failing.api, __mock.frame.url);
    const err = await createMonitorBridge(ipcRenderer as unknown as IpcRenderer)
      .getInfo()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'invalid_input', message: 'from (3) is after to (2)' });
  });

  it('does not stream events to a foreign page', async () => {
    __mock.frame = { url: 'https://evil.example/', parent: null };
    createMonitorBridge(ipcRenderer as unknown as IpcRenderer).subscribe(() => {});
    expect(backend.listeners.size).toBe(0);
  });

  it('holds one core subscription for the window and drops it when the window goes away', () => {
    const bridge = createMonitorBridge(ipcRenderer as unknown as IpcRenderer);
    const got: MonitorEvent[] = [];
    bridge.subscribe((e) => got.push(e));
    bridge.subscribe(() => {});
    expect(backend.listeners.size).toBe(1);
    for (const l of backend.listeners) l({ type: 'connection', connected: false, reason: 'x' });
    expect(got).toEqual([{ type: 'connection', connected: false, reason: 'x' }]);
    __mock.webContents.destroy();
    expect(backend.listeners.size).toBe(0);
  });

  it('removes every handler on unmount', () => {
    unmount();
    expect(__mock.handlerChannels()).toEqual([]);
    unmount = () => {};
  });
});
