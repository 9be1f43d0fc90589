// Lets PromQL read the history database: series are chosen from the stored registry and their
// samples for the whole query span are decoded once, then served to every evaluation step.
import type { Labels } from '../../shared/series-id';
import { matcherMatches, type Matcher, type SeriesData, type SeriesSource } from '../series-source';
import type { HistoryStore } from './history-store';

export class HistorySource implements SeriesSource {
  private readonly cache = new Map<string, { ts: number[]; vs: number[] }>();

  constructor(
    private readonly history: HistoryStore,
    private readonly from: number,
    private readonly to: number,
    private readonly now = Date.now(),
  ) {}

  select(matchers: Matcher[]): SeriesData[] {
    const name = matchers.find((m) => m.name === '__name__' && m.op === '=')?.value ?? null;
    const out: SeriesData[] = [];
    for (const s of this.history.seriesNamed(name)) {
      const labels: Labels = { ...s.labels, __name__: s.name };
      if (!matchers.every((m) => matcherMatches(m, labels[m.name] ?? ''))) continue;
      const samples = () => {
        let c = this.cache.get(s.key);
        if (!c) this.cache.set(s.key, (c = this.history.samplesFor(s.key, this.from, this.to, this.now)));
        return c;
      };
      out.push({
        labels,
        staleSince: null,
        forEachInRange(from, to, fn) {
          const { ts, vs } = samples();
          let lo = 0;
          let hi = ts.length;
          while (lo < hi) {
            const mid = (lo + hi) >>> 1;
            if (ts[mid]! < from) lo = mid + 1;
            else hi = mid;
          }
          for (let i = lo; i < ts.length && ts[i]! <= to; i++) fn(ts[i]!, vs[i]!);
        },
      });
    }
    return out;
  }
}
