// Mounts every IPC handler in one place, each behind the same sender check, and relays live
// events to the windows that asked for them. No business logic: calls go to the core as they are.
import type { IpcMain, IpcMainEvent, IpcMainInvokeEvent, WebContents } from 'electron';
import { API_METHODS, type MonitorApi, type MonitorEvent } from '../shared/api';
import { EVENT_CHANNEL, INVOKE_CHANNEL, SUBSCRIBE_CHANNEL, UNSUBSCRIBE_CHANNEL } from '../shared/ipc-channels';
import { isTrustedSender } from './security';

export function mountIpc(ipcMain: IpcMain, backend: MonitorApi, appUrl: string): () => void {
  const trusted = (event: IpcMainEvent | IpcMainInvokeEvent) => isTrustedSender(event.senderFrame, appUrl);

  for (const method of API_METHODS) {
    ipcMain.handle(INVOKE_CHANNEL[method], (event, ...args: unknown[]) => {
      if (!trusted(event)) throw new Error(`IPC ${method} refused: sender is not the app's own page`);
      return (backend[method] as (...a: unknown[]) => Promise<unknown>)(...args);
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
    for (const method of API_METHODS) ipcMain.removeHandler(INVOKE_CHANNEL[method]);
    ipcMain.removeAllListeners(SUBSCRIBE_CHANNEL);
    ipcMain.removeAllListeners(UNSUBSCRIBE_CHANNEL);
    subscribers.clear();
    stopBackend?.();
    stopBackend = null;
  };
}
