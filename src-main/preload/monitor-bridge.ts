// window.monitor: MonitorApi over ipcRenderer, one channel per method, written out one line each
// on purpose (the page's whole reach into the app is visible here) and checked against the
// contract with `satisfies`. Live events arrive on one channel; the main process is asked for
// them only while someone listens.
import type { IpcRenderer, IpcRendererEvent } from 'electron';
import type { ExprQuery, LogQuery, MonitorEvent, NewPin, RangeQuery } from '../shared/api';
import type { ApiMethod, MonitorApi } from '../shared/contract';
import { fromWireError, type IpcResult } from '../shared/errors';
import { EVENT_CHANNEL, invokeChannel, SUBSCRIBE_CHANNEL, UNSUBSCRIBE_CHANNEL } from '../shared/ipc-channels';

export function createMonitorBridge(ipc: Pick<IpcRenderer, 'invoke' | 'send' | 'on' | 'removeListener'>): MonitorApi {
  const listeners = new Set<(event: MonitorEvent) => void>();
  const onEvent = (_e: IpcRendererEvent, event: MonitorEvent) => {
    for (const l of listeners) l(event);
  };
  /** Errors come back as values; thrown here as the same ApiError the HTTP bridge throws. */
  const call = async (method: ApiMethod, input?: unknown) => {
    const result = (await ipc.invoke(invokeChannel(method), input)) as IpcResult;
    if (!result.ok) throw fromWireError(result.error);
    return result.value as never;
  };
  return {
    getInfo: () => call('getInfo'),
    listSeries: () => call('listSeries'),
    findSeries: (query: { text: string; limit?: number }) => call('findSeries', query),
    queryRange: (query: RangeQuery) => call('queryRange', query),
    getCollectorStatus: () => call('getCollectorStatus'),
    queryExpr: (query: ExprQuery) => call('queryExpr', query),
    listMetrics: () => call('listMetrics'),
    getTargets: () => call('getTargets'),
    getDashboard: () => call('getDashboard'),
    getProcesses: () => call('getProcesses'),
    getRestarts: () => call('getRestarts'),
    listPins: () => call('listPins'),
    addPin: (pin: NewPin) => call('addPin', pin),
    removePin: (id: string) => call('removePin', id),
    getStatus: () => call('getStatus'),
    setPaused: (request: { paused: boolean }) => call('setPaused', request),
    getExport: () => call('getExport'),
    previewBundle: () => call('previewBundle'),
    createBundle: (request: { exclude?: string[]; pseudonyms?: boolean }) => call('createBundle', request),
    setExport: (request: { enabled: boolean }) => call('setExport', request),
    getLogSources: () => call('getLogSources'),
    queryLogs: (query: LogQuery) => call('queryLogs', query),
    logHistogram: (query: LogQuery & { buckets?: number }) => call('logHistogram', query),
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
