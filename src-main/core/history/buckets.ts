// Rollup buckets: the summary of a stretch of one series kept by the 1-minute and 1-hour tiers
// and used to draw long ranges. min, max and sum cover the finite samples only: one NaN (a
// Prometheus summary with no observations) or ±Inf would otherwise turn a whole bucket's
// extremes and average into NaN. `last` is the latest sample as it was, special values included.

export interface Bucket {
  /** Smallest finite sample; Infinity while there is none. */
  min: number;
  /** Largest finite sample; -Infinity while there is none. */
  max: number;
  /** Sum of the finite samples. */
  sum: number;
  /** How many finite samples min, max and sum cover. */
  count: number;
  last: number;
  lastT: number;
}

export function emptyBucket(): Bucket {
  return { min: Infinity, max: -Infinity, sum: 0, count: 0, last: NaN, lastT: -Infinity };
}

export function addSample(b: Bucket, t: number, v: number): void {
  if (Number.isFinite(v)) {
    if (v < b.min) b.min = v;
    if (v > b.max) b.max = v;
    b.sum += v;
    b.count++;
  }
  if (t >= b.lastT) {
    b.last = v;
    b.lastT = t;
  }
}

/** Folds `b` into `into`: the one merge used for stored rows, unsealed tails and chart groups. */
export function mergeBucket(into: Bucket, b: Bucket): void {
  if (b.min < into.min) into.min = b.min;
  if (b.max > into.max) into.max = b.max;
  into.sum += b.sum;
  into.count += b.count;
  if (b.lastT >= into.lastT) {
    into.last = b.last;
    into.lastT = b.lastT;
  }
}

/** Adds one sample to the bucket of width `width` that holds `t`, creating it if needed. */
export function addToBuckets(map: Map<number, Bucket>, t: number, v: number, width: number): void {
  const key = Math.floor(t / width) * width;
  let b = map.get(key);
  if (!b) map.set(key, (b = emptyBucket()));
  addSample(b, t, v);
}

/** A stored rollup row as a bucket. SQLite keeps NaN as NULL and a bucket without finite samples has NULL min and max. */
export function bucketFromRow(t: number, min: number | null, max: number | null, sum: number, count: number, last: number | null): Bucket {
  return { min: min ?? Infinity, max: max ?? -Infinity, sum, count, last: last ?? NaN, lastT: t };
}

/** The columns a bucket is stored as (min, max, sum, count, last). */
export function bucketRow(b: Bucket): [number | null, number | null, number, number, number] {
  return [b.count > 0 ? b.min : null, b.count > 0 ? b.max : null, b.sum, b.count, b.last];
}
