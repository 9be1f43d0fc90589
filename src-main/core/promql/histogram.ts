// Classic histograms (series with an `le` label): quantiles and fractions estimated by linear
// interpolation inside buckets, as Prometheus's histogram_quantile and histogram_fraction do.

export interface Bucket {
  upper: number;
  count: number;
}

/** Sorted by bound, equal bounds merged, counts forced monotonic; null when unusable (no +Inf). */
function normalize(buckets: Bucket[]): Bucket[] | null {
  const sorted = [...buckets].sort((a, b) => a.upper - b.upper);
  if (sorted.length === 0 || sorted[sorted.length - 1]!.upper !== Infinity) return null;
  const bs: Bucket[] = [];
  for (const b of sorted) {
    const last = bs[bs.length - 1];
    if (last && last.upper === b.upper) last.count += b.count;
    else bs.push({ ...b });
  }
  // Scrapes are not atomic: a later bucket can be read before an earlier one grew. Prometheus
  // raises such counts to the running maximum rather than producing a negative bucket.
  let max = -Infinity;
  for (const b of bs) {
    if (b.count > max) max = b.count;
    else b.count = max;
  }
  return bs;
}

/** Prometheus's bucketQuantile for classic histograms. */
export function bucketQuantile(q: number, buckets: Bucket[]): number {
  if (Number.isNaN(q)) return NaN;
  if (q < 0) return -Infinity;
  if (q > 1) return Infinity;
  const bs = normalize(buckets);
  if (!bs || bs.length < 2) return NaN;
  const observations = bs[bs.length - 1]!.count;
  if (observations === 0) return NaN;
  let rank = q * observations;
  let b = 0;
  while (b < bs.length - 1 && !(bs[b]!.count >= rank)) b++;
  if (b === bs.length - 1) return bs[bs.length - 2]!.upper;
  if (b === 0 && bs[0]!.upper <= 0) return bs[0]!.upper;
  let bucketStart = 0;
  const bucketEnd = bs[b]!.upper;
  let count = bs[b]!.count;
  if (b > 0) {
    bucketStart = bs[b - 1]!.upper;
    count -= bs[b - 1]!.count;
    rank -= bs[b - 1]!.count;
  }
  return bucketStart + (bucketEnd - bucketStart) * (rank / count);
}

/**
 * The estimated share of observations between `lower` and `upper`. Inside a bucket observations
 * are taken as evenly spread; the lowest bucket starts at 0 when its bound is positive (as for
 * quantiles); nothing can be said about the spread inside the +Inf bucket, so it counts only
 * when a bound is infinite.
 */
export function bucketFraction(lower: number, upper: number, buckets: Bucket[]): number {
  if (Number.isNaN(lower) || Number.isNaN(upper)) return NaN;
  const bs = normalize(buckets);
  if (!bs) return NaN;
  const total = bs[bs.length - 1]!.count;
  if (total === 0) return NaN;
  if (upper <= lower) return 0;
  const below = (x: number): number => {
    if (x === Infinity) return total;
    let start = bs[0]!.upper > 0 ? 0 : -Infinity;
    let prev = 0;
    for (const b of bs) {
      if (b.upper === Infinity) return prev;
      if (x < b.upper) {
        if (x <= start) return prev;
        const width = b.upper - start;
        return prev + (b.count - prev) * (Number.isFinite(width) ? (x - start) / width : 0);
      }
      start = b.upper;
      prev = b.count;
    }
    return prev;
  };
  return (below(upper) - below(lower)) / total;
}
