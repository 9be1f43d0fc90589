// Turns one series' samples or rollup buckets into chart points, and many series into the
// columnar RangeResult uPlot draws. Downsampling keeps each time bucket's lowest and highest
// value, so spikes survive; a stretch without samples becomes a null, drawn as a gap.
import type { RangeResult } from '../../shared/api';
import { emptyBucket, mergeBucket, type Bucket } from './buckets';

export interface SeriesPoints {
  pts: [number, number][];
  /** A distance between two points larger than this is a hole in the data. */
  gap: number;
}

/** Width of one chart bucket when `maxPoints` (a min and a max each) must span [from, to]. */
export function chartBucketWidth(from: number, to: number, maxPoints: number): number {
  const buckets = Math.max(1, Math.floor(maxPoints / 2));
  return Math.max(1, Math.ceil((to - from) / buckets));
}

/** The median distance between samples: what "regular" means for this series. */
function typicalInterval(ts: number[]): number {
  if (ts.length <= 2) return Infinity;
  const deltas = ts.slice(1).map((t, i) => t - ts[i]!).sort((a, b) => a - b);
  return deltas[Math.floor(deltas.length / 2)]!;
}

/**
 * Indexes of the lowest and highest finite sample in [i, end), in time order; a stretch of only
 * NaN or ±Inf keeps its last sample, so special values still show.
 */
function extremes(vs: number[], i: number, end: number): number[] {
  let minI = -1;
  let maxI = -1;
  for (let j = i; j < end; j++) {
    const v = vs[j]!;
    if (!Number.isFinite(v)) continue;
    if (minI < 0 || v < vs[minI]!) minI = j;
    if (maxI < 0 || v > vs[maxI]!) maxI = j;
  }
  if (minI < 0) return [end - 1];
  return minI === maxI ? [minI] : [Math.min(minI, maxI), Math.max(minI, maxI)];
}

/** Raw samples as chart points: all of them when they fit, else min and max per bucket. */
export function rawPoints({ ts, vs }: { ts: number[]; vs: number[] }, from: number, to: number, maxPoints: number): SeriesPoints {
  const expected = typicalInterval(ts);
  if (ts.length <= maxPoints) return { pts: ts.map((t, i) => [t, vs[i]!]), gap: 3 * expected };
  const width = chartBucketWidth(from, to, maxPoints);
  const pts: [number, number][] = [];
  let i = 0;
  for (let b = from; b <= to && i < ts.length; b += width) {
    let end = i;
    while (end < ts.length && ts[end]! < b + width) end++;
    if (end === i) continue;
    for (const j of extremes(vs, i, end)) pts.push([ts[j]!, vs[j]!]);
    i = end;
  }
  return { pts, gap: Math.max(3 * expected, 2.5 * width) };
}

/** Rollup buckets (of `tierWidth`) grouped to chart buckets of at least `width`: min then max of each. */
export function rollupPoints(rows: [number, Bucket][], tierWidth: number, width: number): SeriesPoints {
  const group = Math.max(tierWidth, Math.ceil(width / tierWidth) * tierWidth);
  const grouped = new Map<number, Bucket>();
  for (const [t, b] of rows) {
    const g = Math.floor(t / group) * group;
    let x = grouped.get(g);
    if (!x) grouped.set(g, (x = emptyBucket()));
    mergeBucket(x, b);
  }
  const pts: [number, number][] = [];
  for (const [g, b] of grouped) {
    if (b.count === 0) pts.push([g, b.last]);
    else if (b.min === b.max) pts.push([g, b.min]);
    else pts.push([g, b.min], [g + group / 2, b.max]);
  }
  return { pts, gap: 2.5 * group };
}

/** Merges series on the union of their times, breaking lines (a null) where any series has a hole. */
export function toColumns(keys: string[], perSeries: SeriesPoints[]): RangeResult {
  const times = [...new Set(perSeries.flatMap((s) => s.pts.map((p) => p[0])))].sort((a, b) => a - b);
  const index = new Map(times.map((t, i) => [t, i]));
  const values = perSeries.map((s) => {
    const col: (number | null)[] = new Array(times.length).fill(null);
    for (const [t, v] of s.pts) col[index.get(t)!] = v;
    return col;
  });
  const gap = Math.min(...perSeries.map((s) => s.gap));
  const outT: number[] = [];
  const outV: (number | null)[][] = values.map(() => []);
  for (let i = 0; i < times.length; i++) {
    if (i > 0 && times[i]! - times[i - 1]! > gap) {
      outT.push(times[i - 1]! + 1);
      for (const col of outV) col.push(null);
    }
    outT.push(times[i]!);
    values.forEach((col, k) => outV[k]!.push(col[i]!));
  }
  return { series: [...keys], t: outT, values: outV };
}
