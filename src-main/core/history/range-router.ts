// Which store answers a range. The in-memory window holds every sample only from the moment this
// process started: right after a restart it is empty, while the history database holds the
// minutes before (its journal is replayed at start). A range reaching back past
// max(startedAt, now - liveWindow) is therefore read from history, which joins what SQLite stored
// with the samples of its open window, each sample once.
export interface RangeRouting {
  /** Whether a history database is open. */
  history: boolean;
  /** When this process started sampling. */
  startedAt: number;
  /** How far back the in-memory rings reach. */
  liveWindowMs: number;
  now: number;
}

/** The earliest time from which memory holds everything that was sampled. */
export function memoryCompleteFrom(r: RangeRouting): number {
  return Math.max(r.startedAt, r.now - r.liveWindowMs);
}

/** True when a range (or a query's lookback) starting at `from` is answered from memory alone. */
export function answeredFromMemory(from: number, r: RangeRouting): boolean {
  return !r.history || from >= memoryCompleteFrom(r);
}
