// Core side of the port protocol: answers calls on a MonitorApi and streams its events.
import { API_METHODS, type MonitorApi } from '../../shared/api';
import type { FromCore, PortLike, ToCore } from './protocol';

export function servePort(port: PortLike<ToCore, FromCore>, api: MonitorApi): () => void {
  let unsubscribe: (() => void) | null = null;
  const stopListening = port.onMessage((msg) => {
    switch (msg.kind) {
      case 'call': {
        const { id, method, args } = msg;
        if (!(API_METHODS as readonly string[]).includes(method)) {
          port.post({ kind: 'result', id, ok: false, error: { name: 'Error', message: `unknown method ${String(method)}` } });
          return;
        }
        const fn = api[method] as (...a: unknown[]) => Promise<unknown>;
        Promise.resolve()
          .then(() => fn(...args))
          .then(
            (value) => port.post({ kind: 'result', id, ok: true, value }),
            (err: unknown) => {
              const e = err instanceof Error ? err : new Error(String(err));
              port.post({ kind: 'result', id, ok: false, error: { name: e.name, message: e.message } });
            },
          );
        return;
      }
      case 'subscribe':
        unsubscribe ??= api.subscribe((event) => port.post({ kind: 'event', event }));
        return;
      case 'unsubscribe':
        unsubscribe?.();
        unsubscribe = null;
        return;
    }
  });
  return () => {
    stopListening();
    unsubscribe?.();
  };
}
