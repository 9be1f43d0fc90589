// The last N minutes of a few series as uPlot-ready columns: history from a range query first,
// then live batches appended. Arrays are mutated in place so a chart can be fed without rebuilding.
import type { RangeResult, SampleBatch } from '../../../src-main/shared/api';

export type Columns = [number[], ...(number | null)[][]];

export class LiveWindow {
  /** [times in seconds (uPlot's unit), ...one value column per series]. */
  readonly data: Columns;
  private readonly listeners = new Set<() => void>();

  constructor(
    readonly series: readonly string[],
    readonly windowMs: number,
  ) {
    this.data = [[], ...series.map(() => [])];
  }

  get times(): number[] {
    return this.data[0];
  }

  /** Latest value of one series, or null. */
  latest(id: string): number | null {
    const col = this.data[this.series.indexOf(id) + 1];
    if (!col) return null;
    for (let i = col.length - 1; i >= 0; i--) if (col[i] !== null) return col[i]!;
    return null;
  }

  /**
   * Merges a range-query result (history on start, or the gap after a reconnect) with what is
   * already here. Rows already present keep their live values.
   */
  merge(result: RangeResult): void {
    const have = new Set(this.times);
    const cols = this.series.map((id) => result.values[result.series.indexOf(id)]);
    const rows: { t: number; v: (number | null)[] }[] = this.times.map((t, j) => ({ t, v: this.series.map((_, i) => this.column(i)[j]!) }));
    for (let j = 0; j < result.t.length; j++) {
      const t = result.t[j]! / 1000;
      if (!have.has(t)) rows.push({ t, v: cols.map((c) => c?.[j] ?? null) });
    }
    rows.sort((a, b) => a.t - b.t);
    this.data[0].splice(0, Infinity, ...rows.map((r) => r.t));
    this.series.forEach((_, i) => this.column(i).splice(0, Infinity, ...rows.map((r) => r.v[i]!)));
    const last = this.times[this.times.length - 1];
    if (last !== undefined) this.trim(last);
    this.changed();
  }

  /** Replaces everything with a query result (long ranges, re-queried rather than streamed). */
  replace(result: RangeResult): void {
    for (const col of this.data) col.length = 0;
    this.merge(result);
  }

  /** Appends a live batch if it carries any of our series and is newer than what we have. */
  add(batch: SampleBatch): boolean {
    if (!this.series.some((id) => id in batch.values)) return false;
    const t = batch.t / 1000;
    const last = this.times[this.times.length - 1];
    if (last !== undefined && t <= last) return false;
    this.data[0].push(t);
    this.series.forEach((id, i) => this.column(i).push(batch.values[id] ?? null));
    this.trim(t);
    this.changed();
    return true;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Value column of series i (data[0] is the time column). */
  private column(i: number): (number | null)[] {
    return this.data[i + 1] as (number | null)[];
  }

  private trim(nowSec: number): void {
    const cutoff = nowSec - this.windowMs / 1000;
    let n = 0;
    while (n < this.times.length && this.times[n]! < cutoff) n++;
    if (n > 0) for (const col of this.data) col.splice(0, n);
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }
}
