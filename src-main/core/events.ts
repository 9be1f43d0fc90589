// The core's one typed event stream. Collectors' batches (through the hub), process restarts,
// scrape notices and, as features arrive, alert transitions and ingest events all travel here;
// stores, history and live subscribers listen by event type, never by parsing names.
import type { ProcessRestart, SampleBatch } from '../shared/api';

export type CoreEvent =
  /** `live`: whether subscribers get the values (false for scrapes: too many; they get `scraped`). */
  | { type: 'samples'; batch: SampleBatch; live: boolean }
  | { type: 'restart'; restart: ProcessRestart }
  | { type: 'scraped'; target: string; t: number; up: boolean }
  | { type: 'logs'; source: string; t: number; lines: number };

export type CoreEventType = CoreEvent['type'];
type Listener<T extends CoreEventType> = (event: Extract<CoreEvent, { type: T }>) => void;

export class EventBus {
  private readonly listeners = new Map<CoreEventType, Set<(event: CoreEvent) => void>>();
  private readonly any = new Set<(event: CoreEvent) => void>();
  /** Listener calls that threw; counted (a self metric) and otherwise ignored. */
  listenerErrors = 0;

  on<T extends CoreEventType>(type: T, listener: Listener<T>): () => void {
    let set = this.listeners.get(type);
    if (!set) this.listeners.set(type, (set = new Set()));
    const fn = listener as (event: CoreEvent) => void;
    set.add(fn);
    return () => set.delete(fn);
  }

  /** Every event, whatever its type (live subscribers). */
  onAny(listener: (event: CoreEvent) => void): () => void {
    this.any.add(listener);
    return () => this.any.delete(listener);
  }

  emit(event: CoreEvent): void {
    for (const set of [this.listeners.get(event.type), this.any]) {
      if (!set) continue;
      for (const listener of set) {
        try {
          listener(event);
        } catch {
          // A broken listener must not stop the others or the collector loop.
          this.listenerErrors++;
        }
      }
    }
  }
}
