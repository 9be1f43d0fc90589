// window.monitor: MonitorApi over ipcRenderer, one channel per method. Live events arrive on one
// channel; the main process is asked for them only while someone listens.
import type { IpcRenderer, IpcRendererEvent } from 'electron';
import type { ExprQuery, MonitorApi, MonitorEvent, NewPin, RangeQuery } from '../shared/api';
import { EVENT_CHANNEL, INVOKE_CHANNEL, SUBSCRIBE_CHANNEL, UNSUBSCRIBE_CHANNEL } from '../shared/ipc-channels';

export function createMonitorBridge(ipc: Pick<IpcRenderer, 'invoke' | 'send' | 'on' | 'removeListener'>) {
  const listeners = new Set<(event: MonitorEvent) => void>();
  const onEvent = (_e: IpcRendererEvent, event: MonitorEvent) => {
    for (const l of listeners) l(event);
  };
  return {
    getInfo: () => ipc.invoke(INVOKE_CHANNEL.getInfo),
    listSeries: () => ipc.invoke(INVOKE_CHANNEL.listSeries),
    findSeries: (query: { text: string; limit?: number }) => ipc.invoke(INVOKE_CHANNEL.findSeries, query),
    queryRange: (query: RangeQuery) => ipc.invoke(INVOKE_CHANNEL.queryRange, query),
    getCollectorStatus: () => ipc.invoke(INVOKE_CHANNEL.getCollectorStatus),
    queryExpr: (query: ExprQuery) => ipc.invoke(INVOKE_CHANNEL.queryExpr, query),
    listMetrics: () => ipc.invoke(INVOKE_CHANNEL.listMetrics),
    getTargets: () => ipc.invoke(INVOKE_CHANNEL.getTargets),
    getDashboard: () => ipc.invoke(INVOKE_CHANNEL.getDashboard),
    getProcesses: () => ipc.invoke(INVOKE_CHANNEL.getProcesses),
    getRestarts: () => ipc.invoke(INVOKE_CHANNEL.getRestarts),
    listPins: () => ipc.invoke(INVOKE_CHANNEL.listPins),
    addPin: (pin: NewPin) => ipc.invoke(INVOKE_CHANNEL.addPin, pin),
    removePin: (id: string) => ipc.invoke(INVOKE_CHANNEL.removePin, id),
    subscribe(listener: (event: MonitorEvent) => void) {
      listeners.add(listener);
      if (listeners.size === 1) {
        ipc.on(EVENT_CHANNEL, onEvent);
        ipc.send(SUBSCRIBE_CHANNEL);
      }
      return () => {
        if (!listeners.delete(listener) || listeners.size > 0) return;
        ipc.removeListener(EVENT_CHANNEL, onEvent);
        ipc.send(UNSUBSCRIBE_CHANNEL);
      };
    },
  } satisfies MonitorApi;
}
