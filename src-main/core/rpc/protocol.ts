// Messages between the core (in an Electron utility process) and the Electron main process.
import type { ApiMethod, MonitorEvent } from '../../shared/api';
import type { WireError } from '../../shared/errors';

export type ToCore =
  | { kind: 'call'; id: number; method: ApiMethod; input: unknown }
  | { kind: 'subscribe' }
  | { kind: 'unsubscribe' }
  /** The app is quitting: stop sampling, flush history, then exit. */
  | { kind: 'shutdown' };

export type FromCore =
  | { kind: 'result'; id: number; ok: true; value: unknown }
  | { kind: 'result'; id: number; ok: false; error: WireError }
  | { kind: 'event'; event: MonitorEvent };

/** The least a message channel must offer: Electron's parentPort/UtilityProcess, or a MessagePort. */
export interface PortLike<In, Out> {
  post(message: Out): void;
  onMessage(handler: (message: In) => void): () => void;
}
