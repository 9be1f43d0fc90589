import type { Collector } from '../../src-main/core/collector';

/** A collector with many series at a high rate, to keep the history store busy. */
export function wideCollector(series: number, intervalMs = 50): Collector {
  let n = 0;
  return {
    name: 'wide',
    intervalMs,
    timeoutMs: intervalMs - 10,
    series: () => [],
    sample: () => {
      n++;
      return Object.fromEntries(Array.from({ length: series }, (_, i) => [`load_${i}`, (n * (i + 1) * 7919) % 100_003]));
    },
  };
}
