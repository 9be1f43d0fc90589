// Mounts every IPC handler in one place, each behind the same sender check, and relays live
// events to the windows that asked for them. No business logic: calls go to the core as they are.
import type { IpcMain, IpcMainEvent, IpcMainInvokeEvent, WebContents } from 'electron';
import type { MonitorEvent } from '../shared/api';
import { API_METHODS, type MonitorApi } from '../shared/contract';
import { toWireError, type IpcResult } from '../shared/errors';
import { EVENT_CHANNEL, invokeChannel, SUBSCRIBE_CHANNEL, UNSUBSCRIBE_CHANNEL } from '../shared/ipc-channels';
import { isTrustedSender } from './security';

export function mountIpc(ipcMain: IpcMain, backend: MonitorApi, appUrl: string): () => void {
  const trusted = (event: IpcMainEvent | IpcMainInvokeEvent) => isTrustedSender(event.senderFrame, appUrl);

  // Errors travel as values ({code, message}): a thrown error would reach the page wrapped in
  // "Error invoking remote method ...", unlike the same error over HTTP.
  for (const method of API_METHODS) {
    ipcMain.handle(invokeChannel(method), async (event, input: unknown): Promise<IpcResult> => {
      if (!trusted(event)) throw new Error(`IPC ${method} refused: sender is not the app's own page`);
      try {
        return { ok: true, value: await (backend[method] as (input: unknown) => Promise<unknown>)(input) };
      } catch (err) {
        return { ok: false, error: toWireError(err) };
      }
    });
  }

  const subscribers = new Set<WebContents>();
  let stopBackend: (() => void) | null = null;
  const forward = (event: MonitorEvent) => {
    for (const wc of subscribers) if (!wc.isDestroyed()) wc.send(EVENT_CHANNEL, event);
  };
  const remove = (wc: WebContents) => {
    if (!subscribers.delete(wc) || subscribers.size > 0) return;
    stopBackend?.();
    stopBackend = null;
  };

  ipcMain.on(SUBSCRIBE_CHANNEL, (event) => {
    if (!trusted(event) || subscribers.has(event.sender)) return;
    const wc = event.sender;
    subscribers.add(wc);
    wc.once('destroyed', () => remove(wc));
    stopBackend ??= backend.subscribe(forward);
  });
  ipcMain.on(UNSUBSCRIBE_CHANNEL, (event) => {
    if (trusted(event)) remove(event.sender);
  });

  return () => {
    for (const method of API_METHODS) ipcMain.removeHandler(invokeChannel(method));
    ipcMain.removeAllListeners(SUBSCRIBE_CHANNEL);
    ipcMain.removeAllListeners(UNSUBSCRIBE_CHANNEL);
    subscribers.clear();
    stopBackend?.();
    stopBackend = null;
  };
}
