// The desktop path end to end, minus Electron itself: the real preload (window.monitor) over the
// mocked ipcRenderer/ipcMain, the real IPC mount, the real port client and a real MessageChannel
// to the real core, as it runs in the utility process.
import { MessageChannel } from 'node:worker_threads';
import { __mock, ipcMain, ipcRenderer } from '../mocks/electron';
import type { IpcMain, IpcRenderer } from 'electron';
import { createCore } from '../../src-main/core/create-core';
import { createPortClient } from '../../src-main/core/rpc/port-client';
import { servePort } from '../../src-main/core/rpc/serve-port';
import { portOf } from '../support/message-port';
import { mountIpc } from '../../src-main/electron/ipc';
import { createMonitorBridge } from '../../src-main/preload/monitor-bridge';
import { describeMonitorApiContract } from './monitor-api.contract';


describeMonitorApiContract('Electron IPC (preload, main, utility-process port)', async (options) => {
  __mock.reset();
  const core = createCore(options);
  core.start();
  const client = createPortClient();
  let channel: MessageChannel | null = null;
  let stopServing: (() => void) | null = null;
  const connect = () => {
    channel = new MessageChannel();
    stopServing = servePort(portOf(channel.port1), core.api);
    client.attach(portOf(channel.port2));
  };
  const disconnect = () => {
    stopServing?.();
    channel?.port1.close();
    channel?.port2.close();
    channel = null;
  };
  connect();
  const unmount = mountIpc(ipcMain as unknown as IpcMain, client, __mock.frame.url);
  const api = createMonitorBridge(ipcRenderer as unknown as IpcRenderer);
  return {
    api,
    async breakCore() {
      disconnect();
      client.detach('core process exited with code 1');
    },
    async restoreCore() {
      connect();
    },
    async close() {
      unmount();
      disconnect();
      core.stop();
    },
  };
});
