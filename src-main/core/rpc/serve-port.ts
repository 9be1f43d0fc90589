// Core side of the port protocol: answers calls on a MonitorApi and streams its events.
import { API_METHODS, type MonitorApi } from '../../shared/contract';
import { toWireError } from '../../shared/errors';
import type { FromCore, PortLike, ToCore } from './protocol';

/** `onShutdown`: what the host asks for when the app quits (stop and flush, then exit). */
export function servePort(port: PortLike<ToCore, FromCore>, api: MonitorApi, onShutdown: () => void = () => {}): () => void {
  let unsubscribe: (() => void) | null = null;
  const stopListening = port.onMessage((msg) => {
    switch (msg.kind) {
      case 'call': {
        const { id, method, input } = msg;
        if (!API_METHODS.includes(method)) {
          port.post({ kind: 'result', id, ok: false, error: { code: 'not_found', message: `unknown method ${String(method)}` } });
          return;
        }
        Promise.resolve()
          .then(() => (api[method] as (input: unknown) => Promise<unknown>)(input))
          .then(
            (value) => port.post({ kind: 'result', id, ok: true, value }),
            (err: unknown) => port.post({ kind: 'result', id, ok: false, error: toWireError(err) }),
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
      case 'shutdown':
        unsubscribe?.();
        unsubscribe = null;
        onShutdown();
        return;
    }
  });
  return () => {
    stopListening();
    unsubscribe?.();
  };
}
