// Recent samples of every series, in memory, one ring each. Range queries are answered here as
// columnar arrays aligned on a shared time axis.
import type { RangeQuery, RangeResult, SampleBatch } from '../shared/api';
import { Ring } from './ring';

export class LiveStore {
  private readonly rings = new Map<string, Ring>();
  /** Samples refused because they were not newer than the series' latest. */
  outOfOrder = 0;

  constructor(readonly capacity: number) {}

  add(batch: SampleBatch): void {
    for (const [id, v] of Object.entries(batch.values)) {
      let ring = this.rings.get(id);
      if (!ring) {
        ring = new Ring(this.capacity);
        this.rings.set(id, ring);
      }
      if (!ring.push(batch.t, v)) this.outOfOrder++;
    }
  }

  query(q: RangeQuery): RangeResult {
    // Gather each series' points, then merge on the union of timestamps. Series of one collector
    // share timestamps, so the common case is a straight copy.
    const perSeries = q.series.map((id) => {
      const ts: number[] = [];
      const vs: number[] = [];
      this.rings.get(id)?.forEachInRange(q.from, q.to, (t, v) => {
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
