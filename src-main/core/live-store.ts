// Recent samples of every series, in memory, one ring each, sized per collector so that every
// ring reaches back the same length of time. Answers range queries as columnar arrays and serves
// as the sample source of the PromQL evaluator.
import type { RangeQuery, RangeResult, SampleBatch } from '../shared/api';
import { parseSeriesId, type Labels } from '../shared/series-id';
import { matcherMatches, type Matcher, type SeriesData, type SeriesSource } from './series-source';
import { Ring } from './ring';

interface Entry extends SeriesData {
  id: string;
  name: string;
  collector: string;
  ring: Ring;
  lastSeen: number;
}

export class LiveStore implements SeriesSource {
  private readonly entries = new Map<string, Entry>();
  private readonly byName = new Map<string, Set<Entry>>();
  /** Samples refused because they were not newer than the series' latest. */
  outOfOrder = 0;

  /** `capacityFor(collector)`: how many samples one series of that collector keeps. */
  constructor(private readonly capacityFor: (collector: string) => number) {}

  get seriesCount(): number {
    return this.entries.size;
  }

  add(batch: SampleBatch): void {
    for (const id in batch.values) {
      let e = this.entries.get(id);
      if (!e) {
        const parsed = parseSeriesId(id);
        if (!parsed) continue;
        e = {
          id,
          name: parsed.name,
          collector: batch.collector,
          labels: { ...parsed.labels, __name__: parsed.name },
          ring: new Ring(this.capacityFor(batch.collector)),
          staleSince: null,
          lastSeen: batch.t,
          forEachInRange(from, to, fn) {
            this.ring.forEachInRange(from, to, fn);
          },
        };
        this.entries.set(id, e);
        let set = this.byName.get(parsed.name);
        if (!set) this.byName.set(parsed.name, (set = new Set()));
        set.add(e);
      }
      if (!e.ring.push(batch.t, batch.values[id]!)) this.outOfOrder++;
      e.lastSeen = batch.t;
      e.staleSince = null;
    }
    for (const id of batch.stale ?? []) {
      const e = this.entries.get(id);
      if (e && e.staleSince === null) e.staleSince = batch.t;
    }
  }

  /** Drops series not seen for `maxAgeMs`, so vanished label sets do not pile up. */
  forgetOlderThan(cutoff: number): number {
    let n = 0;
    for (const e of this.entries.values()) {
      if (e.lastSeen >= cutoff) continue;
      this.entries.delete(e.id);
      this.byName.get(e.name)?.delete(e);
      if (this.byName.get(e.name)?.size === 0) this.byName.delete(e.name);
      n++;
    }
    return n;
  }

  select(matchers: Matcher[]): SeriesData[] {
    const nameEq = matchers.find((m) => m.name === '__name__' && m.op === '=');
    const candidates = nameEq ? (this.byName.get(nameEq.value) ?? []) : this.entries.values();
    const out: SeriesData[] = [];
    for (const e of candidates) {
      if (matchers.every((m) => matcherMatches(m, e.labels[m.name] ?? ''))) out.push(e);
    }
    return out;
  }

  /** Every series, for listings: id, name, labels (without __name__), collector, staleness. */
  describe(): { id: string; name: string; labels: Labels; collector: string; staleSince: number | null }[] {
    return [...this.entries.values()].map((e) => {
      const { __name__: _n, ...labels } = e.labels;
      return { id: e.id, name: e.name, labels, collector: e.collector, staleSince: e.staleSince };
    });
  }

  /** The newest sample of every series that is not stale, for exporters. */
  *latest(): Generator<{ name: string; labels: Labels; collector: string; t: number; v: number }> {
    for (const e of this.entries.values()) {
      if (e.staleSince !== null) continue;
      const last = e.ring.latest();
      if (last) yield { name: e.name, labels: e.labels, collector: e.collector, t: last.t, v: last.v };
    }
  }

  query(q: RangeQuery): RangeResult {
    // Gather each series' points, then merge on the union of timestamps. Series of one collector
    // share timestamps, so the common case is a straight copy.
    const perSeries = q.series.map((id) => {
      const ts: number[] = [];
      const vs: number[] = [];
      this.entries.get(id)?.ring.forEachInRange(q.from, q.to, (t, v) => {
        ts.push(t);
        vs.push(v);
      });
      return { ts, vs };
    });
    const times = new Set<number>();
    for (const s of perSeries) for (const t of s.ts) times.add(t);
    const t = [...times].sort((a, b) => a - b);
    const values = perSeries.map(({ ts, vs }) => {
      const out: (number | null)[] = new Array(t.length).fill(null);
      let j = 0;
      for (let i = 0; i < ts.length; i++) {
        while (t[j]! < ts[i]!) j++;
        out[j] = vs[i]!;
      }
      return out;
    });
    return { series: [...q.series], t, values };
  }
}
