// Main-process side of the port protocol: a MonitorApi backed by the core in another process.
import type { MonitorEvent } from '../../shared/api';
import { API_METHODS, type ApiMethod, type MonitorApi } from '../../shared/contract';
import { ApiError, fromWireError } from '../../shared/errors';
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
    else call.reject(fromWireError(msg.error));
  };

  const call = (method: ApiMethod, input: unknown): Promise<unknown> =>
    new Promise((resolve, reject) => {
      if (!port) {
        reject(new ApiError('unavailable', 'the monitor core is not running'));
        return;
      }
      const id = nextId++;
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new ApiError('timeout', `the monitor core did not answer ${method} within ${CALL_TIMEOUT_MS} ms`));
      }, CALL_TIMEOUT_MS);
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      port.post({ kind: 'call', id, method, input });
    });

  // One forwarding function per row of the contract table.
  const methods = Object.fromEntries(API_METHODS.map((m) => [m, (input?: unknown) => call(m, input)])) as unknown as Omit<MonitorApi, 'subscribe'>;

  return {
    ...methods,
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
        c.reject(new ApiError('unavailable', `the monitor core stopped: ${reason}`));
        pending.delete(id);
      }
      emit({ type: 'connection', connected: false, reason });
    },
  };
}
