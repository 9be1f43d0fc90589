import type { SeriesInfo } from '../shared/api';

/**
 * A source of samples. The hub calls `sample` every `intervalMs`, never while a previous call is
 * still running, and gives up on a call after `timeoutMs`.
 */
export interface Collector {
  readonly name: string;
  readonly intervalMs: number;
  readonly timeoutMs: number;
  /** Every series this collector may produce. */
  series(): SeriesInfo[];
  /** Current values; a series with no value yet (e.g. a rate's first reading) is left out. */
  sample(): Promise<Record<string, number>> | Record<string, number>;
  /** Series that vanished in the last sample (Prometheus staleness); read right after `sample`. */
  takeStale?(): string[];
  /**
   * false for collectors with many series (scrapes): their values go to the store, and live
   * subscribers get a short `scraped` notice instead of every value.
   */
  readonly streamValues?: boolean;
  close?(): void;
}

/** The SeriesInfo entries of one collector: `const s = seriesOf('gpu'); s(id, help, unit)`. */
export function seriesOf(collector: string): (id: string, help: string, unit: SeriesInfo['unit']) => SeriesInfo {
  return (id, help, unit) => ({ id, help, unit, collector });
}
