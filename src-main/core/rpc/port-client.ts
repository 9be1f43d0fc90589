// Main-process side of the port protocol: a MonitorApi backed by the core in another process.
import type { ApiMethod, MonitorApi, MonitorEvent, RangeQuery } from '../../shared/api';
import { InputError } from '../../shared/validate';
import type { FromCore, PortLike, ToCore } from './protocol';

export interface PortClient extends MonitorApi {
  /** Attaches a (new) port, e.g. after the core process restarted, and re-subscribes. */
  attach(port: PortLike<FromCore, ToCore>): void;
  /** The core went away: fail pending calls and tell subscribers the connection is lost. */
  detach(reason: string): void;
}

const CALL_TIMEOUT_MS = 15_000;

export function createPortClient(): PortClient {
  let port: PortLike<FromCore, ToCore> | null = null;
  let stopListening: (() => void) | null = null;
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; timer: ReturnType<typeof setTimeout> }>();
  const listeners = new Set<(event: MonitorEvent) => void>();

  const emit = (event: MonitorEvent) => {
    for (const l of listeners) l(event);
  };

  const onMessage = (msg: FromCore) => {
    if (msg.kind === 'event') {
      emit(msg.event);
      return;
    }
    const call = pending.get(msg.id);
    if (!call) return;
    pending.delete(msg.id);
    clearTimeout(call.timer);
    if (msg.ok) call.resolve(msg.value);
    else call.reject(msg.error.name === 'InputError' ? new InputError(msg.error.message) : new Error(msg.error.message));
  };

  const call = (method: ApiMethod, ...args: unknown[]): Promise<never> =>
    new Promise((resolve, reject) => {
      if (!port) {
        reject(new Error('the monitor core is not running'));
        return;
      }
      const id = nextId++;
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`the monitor core did not answer ${method} within ${CALL_TIMEOUT_MS} ms`));
      }, CALL_TIMEOUT_MS);
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      port.post({ kind: 'call', id, method, args });
    });

  return {
    getInfo: () => call('getInfo'),
    listSeries: () => call('listSeries'),
    findSeries: (query) => call('findSeries', query),
    queryRange: (query: RangeQuery) => call('queryRange', query),
    getCollectorStatus: () => call('getCollectorStatus'),
    queryExpr: (query) => call('queryExpr', query),
    listMetrics: () => call('listMetrics'),
    getTargets: () => call('getTargets'),
    getDashboard: () => call('getDashboard'),
    getProcesses: () => call('getProcesses'),
    getRestarts: () => call('getRestarts'),
    listPins: () => call('listPins'),
    addPin: (pin) => call('addPin', pin),
    removePin: (id) => call('removePin', id),
    subscribe(listener) {
      listeners.add(listener);
      if (listeners.size === 1) port?.post({ kind: 'subscribe' });
      return () => {
        if (listeners.delete(listener) && listeners.size === 0) port?.post({ kind: 'unsubscribe' });
      };
    },
    attach(next) {
      stopListening?.();
      port = next;
      stopListening = next.onMessage(onMessage);
      if (listeners.size > 0) {
        next.post({ kind: 'subscribe' });
        emit({ type: 'connection', connected: true });
      }
    },
    detach(reason) {
      stopListening?.();
      stopListening = null;
      port = null;
      for (const [id, c] of pending) {
        clearTimeout(c.timer);
        c.reject(new Error(`the monitor core stopped: ${reason}`));
        pending.delete(id);
      }
      emit({ type: 'connection', connected: false, reason });
    },
  };
}
