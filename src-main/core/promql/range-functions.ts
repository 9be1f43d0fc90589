// Functions of a range vector: each computes one value from the samples of one series inside
// one window (t - range, t]. The engine slides the window over the step grid; rate and increase
// read counter resets from a prefix sum so that a step costs O(1), not O(samples in window).
import { KahanSum, Mean, Variance, quantile } from './numeric';

/** One window of one series; the engine reuses a single object while it slides. */
export interface Window {
  ts: ArrayLike<number>;
  vs: ArrayLike<number>;
  /** Samples lo..hi-1 lie in the window. */
  lo: number;
  hi: number;
  /** Evaluation time (the window's closed end) and range, in ms. */
  t: number;
  rangeMs: number;
  /** The scalar argument at this step (quantile_over_time's q, predict_linear's seconds). */
  param: number;
  /** resets[i]: sum of the value before each counter reset up to sample i (rate, increase). */
  resets: Float64Array | null;
}

export interface RangeFunction {
  /** undefined: no output for this window. */
  fn(w: Window): number | undefined;
  needsResets?: boolean;
  /** last_over_time keeps the metric name; every other range function drops it. */
  keepName?: boolean;
}

/** Prefix sums of counter resets, written into `buffer` (or a larger one it returns). */
/** Moves `w` over steps from..to-1 and writes each window's value into `out`. */
export function slideWindows(spec: RangeFunction, w: Window, evalTimes: Float64Array, param: Float64Array | null, out: { values: Float64Array; present: Uint8Array }, from: number, to: number): void {
  const { ts } = w;
  let { lo, hi } = w;
  for (let i = from; i < to; i++) {
    const t = evalTimes[i]!;
    while (hi < ts.length && ts[hi]! <= t) hi++;
    while (lo < hi && ts[lo]! <= t - w.rangeMs) lo++;
    w.lo = lo;
    w.hi = hi;
    w.t = t;
    w.param = param ? param[i]! : 0;
    const v = spec.fn(w);
    if (v === undefined) continue;
    out.present[i] = 1;
    out.values[i] = v;
  }
}

export function counterResets(vs: ArrayLike<number>, buffer: Float64Array): Float64Array {
  const out = buffer.length >= vs.length ? buffer : new Float64Array(Math.max(1024, vs.length * 2));
  let acc = 0;
  out[0] = 0;
  for (let i = 1; i < vs.length; i++) {
    if (vs[i]! < vs[i - 1]!) acc += vs[i - 1]!;
    out[i] = acc;
  }
  return out;
}

/**
 * Prometheus 3's extrapolatedRate: extrapolate from the first and last sample towards the window
 * edges, by at most half an average sample interval when the gap is large; only then, for
 * counters, stop the start extrapolation where the counter would reach zero.
 */
function extrapolated(w: Window, isCounter: boolean, isRate: boolean): number | undefined {
  const n = w.hi - w.lo;
  if (n < 2) return undefined;
  const first = w.vs[w.lo]!;
  const firstT = w.ts[w.lo]!;
  const lastT = w.ts[w.hi - 1]!;
  let result = w.vs[w.hi - 1]! - first;
  if (isCounter) result += w.resets![w.hi - 1]! - w.resets![w.lo]!;
  const sampled = (lastT - firstT) / 1000;
  const averageInterval = sampled / (n - 1);
  const threshold = averageInterval * 1.1;
  let toStart = (firstT - (w.t - w.rangeMs)) / 1000;
  let toEnd = (w.t - lastT) / 1000;
  if (toStart >= threshold) toStart = averageInterval / 2;
  if (isCounter && result > 0 && first >= 0) {
    const toZero = sampled * (first / result);
    if (toZero < toStart) toStart = toZero;
  }
  if (toEnd >= threshold) toEnd = averageInterval / 2;
  let factor = (sampled + toStart + toEnd) / sampled;
  if (isRate) factor /= w.rangeMs / 1000;
  return result * factor;
}

function instantDelta(w: Window, isRate: boolean): number | undefined {
  if (w.hi - w.lo < 2) return undefined;
  const last = w.vs[w.hi - 1]!;
  const prev = w.vs[w.hi - 2]!;
  if (!isRate) return last - prev;
  const dv = last < prev ? last : last - prev;
  return dv / ((w.ts[w.hi - 1]! - w.ts[w.hi - 2]!) / 1000);
}

/** Least-squares slope and intercept of v over t (seconds since `interceptT`), compensated sums. */
function regression(w: Window, interceptT: number): { slope: number; intercept: number } | undefined {
  const n = w.hi - w.lo;
  if (n < 2) return undefined;
  const sx = new KahanSum();
  const sy = new KahanSum();
  const sxy = new KahanSum();
  const sx2 = new KahanSum();
  let constY = true;
  const y0 = w.vs[w.lo]!;
  for (let i = w.lo; i < w.hi; i++) {
    const x = (w.ts[i]! - interceptT) / 1000;
    const y = w.vs[i]!;
    if (y !== y0) constY = false;
    sx.add(x);
    sy.add(y);
    sxy.add(x * y);
    sx2.add(x * x);
  }
  if (constY && Number.isFinite(y0)) return { slope: 0, intercept: y0 };
  const covXY = sxy.value() - (sx.value() * sy.value()) / n;
  const varX = sx2.value() - (sx.value() * sx.value()) / n;
  const slope = covXY / varX;
  return { slope, intercept: sy.value() / n - (slope * sx.value()) / n };
}

function fold<T extends { add(x: number): void; value(): number }>(w: Window, acc: T): number {
  for (let i = w.lo; i < w.hi; i++) acc.add(w.vs[i]!);
  return acc.value();
}

/** min/max ignore NaN unless every value is NaN (Prometheus 3). */
function extreme(w: Window, better: (a: number, b: number) => boolean): number {
  let out = NaN;
  for (let i = w.lo; i < w.hi; i++) {
    const v = w.vs[i]!;
    if (Number.isNaN(out) || better(v, out)) out = v;
  }
  return out;
}

const nonEmpty = (w: Window) => w.hi > w.lo;

export const RANGE_FUNCTIONS: Record<string, RangeFunction> = {
  rate: { fn: (w) => extrapolated(w, true, true), needsResets: true },
  increase: { fn: (w) => extrapolated(w, true, false), needsResets: true },
  delta: { fn: (w) => extrapolated(w, false, false) },
  irate: { fn: (w) => instantDelta(w, true) },
  idelta: { fn: (w) => instantDelta(w, false) },
  deriv: { fn: (w) => regression(w, w.ts[w.lo] ?? 0)?.slope },
  predict_linear: {
    fn: (w) => {
      const r = regression(w, w.t);
      return r && r.intercept + r.slope * w.param;
    },
  },
  changes: {
    fn: (w) => {
      if (!nonEmpty(w)) return undefined;
      let n = 0;
      for (let i = w.lo + 1; i < w.hi; i++) {
        const a = w.vs[i - 1]!;
        const b = w.vs[i]!;
        if (a !== b && !(Number.isNaN(a) && Number.isNaN(b))) n++;
      }
      return n;
    },
  },
  resets: {
    fn: (w) => {
      if (!nonEmpty(w)) return undefined;
      let n = 0;
      for (let i = w.lo + 1; i < w.hi; i++) if (w.vs[i]! < w.vs[i - 1]!) n++;
      return n;
    },
  },
  avg_over_time: { fn: (w) => (nonEmpty(w) ? fold(w, new Mean()) : undefined) },
  sum_over_time: { fn: (w) => (nonEmpty(w) ? fold(w, new KahanSum()) : undefined) },
  count_over_time: { fn: (w) => (nonEmpty(w) ? w.hi - w.lo : undefined) },
  min_over_time: { fn: (w) => (nonEmpty(w) ? extreme(w, (a, b) => a < b) : undefined) },
  max_over_time: { fn: (w) => (nonEmpty(w) ? extreme(w, (a, b) => a > b) : undefined) },
  last_over_time: { fn: (w) => (nonEmpty(w) ? w.vs[w.hi - 1]! : undefined), keepName: true },
  present_over_time: { fn: (w) => (nonEmpty(w) ? 1 : undefined) },
  stdvar_over_time: { fn: (w) => (nonEmpty(w) ? fold(w, new Variance()) : undefined) },
  stddev_over_time: { fn: (w) => (nonEmpty(w) ? Math.sqrt(fold(w, new Variance())) : undefined) },
  quantile_over_time: {
    fn: (w) => {
      if (!nonEmpty(w)) return undefined;
      const vs: number[] = [];
      for (let i = w.lo; i < w.hi; i++) vs.push(w.vs[i]!);
      return quantile(w.param, vs);
    },
  },
};
