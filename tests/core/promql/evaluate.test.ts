import { describe, expect, it } from 'vitest';
import { LiveStore } from '../../../src-main/core/live-store';
import { bucketQuantile, evaluateInstant, evaluateRange } from '../../../src-main/core/promql/evaluate';

/** A store filled with `id -> [[seconds, value], ...]`. */
function storeWith(series: Record<string, [number, number][]>): LiveStore {
  const store = new LiveStore(() => 1000);
  const rows = Object.entries(series).flatMap(([id, pts]) => pts.map(([s, v]) => ({ t: s * 1000, id, v })));
  rows.sort((a, b) => a.t - b.t);
  for (const r of rows) store.add({ t: r.t, collector: 'scrape', values: { [r.id]: r.v } });
  return store;
}

const at = (s: number) => s * 1000;
const one = async (store: LiveStore, q: string, s: number) => {
  const r = await evaluateInstant(store, q, at(s));
  expect(r.values).toHaveLength(1);
  return r.values[0]!;
};

describe('PromQL evaluation', () => {
  it('rate: a counter rising 1/s sampled off the window edges extrapolates to exactly 1', async () => {
    const store = storeWith({ c_total: [5, 15, 25, 35, 45, 55].map((s) => [s, s]) });
    expect(await one(store, 'rate(c_total[60s])', 60)).toBeCloseTo(1, 12);
  });

  it('increase: counts a counter reset as a restart from zero', async () => {
    const store = storeWith({ c_total: [[0, 10], [10, 20], [20, 5], [30, 15]] });
    // The window (0 s, 30 s] leaves out the sample at 0 s: 20 -> 5 (reset) -> 15 is an increase
    // of 15 over 20 s, extrapolated 10 s back to the window start: 15 * 30 / 20.
    expect(await one(store, 'increase(c_total[30s])', 30)).toBeCloseTo(22.5, 12);
    expect(await one(store, 'rate(c_total[30s])', 30)).toBeCloseTo(22.5 / 30, 12);
  });

  it('rate: does not extrapolate a counter below zero at the window start', async () => {
    // Counter starts at 2 at t=20; extrapolating 20 s back at 1/s would go below zero.
    const store = storeWith({ c_total: [[20, 2], [30, 12], [40, 22], [50, 32], [60, 42]] });
    // result 40 over 40 s sampled; durationToZero = 40 * 2/40 = 2 s < 20 s to the start.
    // extrapolated interval = 40 + 2 + 0 = 42 s -> increase 42, rate 42/60.
    expect(await one(store, 'increase(c_total[60s])', 60)).toBeCloseTo(42, 12);
  });

  it('rate: needs two samples in the window', async () => {
    const store = storeWith({ c_total: [[50, 1]] });
    expect((await evaluateInstant(store, 'rate(c_total[60s])', at(60))).values).toEqual([]);
  });

  it('irate and *_over_time use the raw samples', async () => {
    const store = storeWith({ g: [[10, 4], [20, 8], [30, 6]] });
    expect(await one(store, 'max_over_time(g[1m])', 30)).toBe(8);
    expect(await one(store, 'avg_over_time(g[1m])', 30)).toBe(6);
    expect(await one(store, 'count_over_time(g[1m])', 30)).toBe(3);
    expect(await one(store, 'irate(g[1m])', 30)).toBe(0.6); // a drop counts as a reset: 6 / 10 s
  });

  it('sum by and error ratios match series one to one after the name is dropped', async () => {
    const pts = (rate: number): [number, number][] => [0, 15, 30, 45, 60].map((s) => [s, s * rate]);
    const store = storeWith({
      'http_requests_total{method="GET",status="200"}': pts(8),
      'http_requests_total{method="POST",status="200"}': pts(1),
      'http_requests_total{method="GET",status="500"}': pts(1),
    });
    expect(await one(store, 'sum(rate(http_requests_total[1m]))', 60)).toBeCloseTo(10, 10);
    expect(await one(store, 'sum(rate(http_requests_total{status=~"5.."}[1m])) / sum(rate(http_requests_total[1m]))', 60)).toBeCloseTo(0.1, 12);
    const byMethod = await evaluateInstant(store, 'sum by (method) (rate(http_requests_total[1m]))', at(60));
    expect(Object.fromEntries(byMethod.series.map((s, i) => [s, byMethod.values[i]!.toFixed(6)]))).toEqual({ '{method="GET"}': '9.000000', '{method="POST"}': '1.000000' });
    expect((await evaluateInstant(store, 'http_requests_total{status!="200"} > 30', at(60))).series).toEqual(['http_requests_total{method="GET",status="500"}']);
    expect(await one(store, 'count(http_requests_total) == bool 3', 60)).toBe(1);
  });

  it('refuses many-to-many matches with a hint', async () => {
    const store = storeWith({ 'a{x="1",y="1"}': [[0, 1]], 'a{x="1",y="2"}': [[0, 1]], 'b{x="1"}': [[0, 1]] });
    await expect(evaluateInstant(store, 'b / on(x) a', 0)).rejects.toThrow(/many-to-many.*aggregate/);
    expect((await evaluateInstant(store, 'sum by (x) (a) / on(x) b', 0)).values).toEqual([2]);
  });

  it('instant selectors look back 5 minutes and respect staleness', async () => {
    const store = storeWith({ g: [[0, 1]] });
    expect(await one(store, 'g', 299)).toBe(1);
    expect((await evaluateInstant(store, 'g', at(301))).values).toEqual([]);
    store.add({ t: at(10), collector: 'scrape', values: {}, stale: ['g'] });
    expect((await evaluateInstant(store, 'g', at(11))).values).toEqual([]);
    expect(await one(store, 'g', 5)).toBe(1);
  });

  it('histogram_quantile over a rate, grouped by everything but le', async () => {
    const bucket = (le: string, perSec: number): [string, [number, number][]] => [`d_bucket{le="${le}",path="/a"}`, [0, 30, 60].map((s) => [s, s * perSec])];
    const store = storeWith(Object.fromEntries([bucket('0.1', 1), bucket('0.5', 2), bucket('1', 3), bucket('+Inf', 4)]));
    const r = await evaluateInstant(store, 'histogram_quantile(0.5, rate(d_bucket[1m]))', at(60));
    expect(r.series).toEqual(['{path="/a"}']);
    expect(r.values[0]).toBeCloseTo(0.5, 12);
    expect(await one(store, 'histogram_quantile(0.25, sum by (le) (rate(d_bucket[1m])))', 60)).toBeCloseTo(0.1, 12);
  });

  it('range evaluation ends with the end time itself when the steps fall short of it', async () => {
    const store = storeWith({ g: [[0, 1], [10, 2], [25, 3]] });
    const r = await evaluateRange(store, 'g', at(0), at(25), 10_000);
    expect(r.t).toEqual([0, 10_000, 20_000, 25_000]);
    expect(r.values[0]).toEqual([1, 2, 2, 3]);
  });

  it('range evaluation gives one column per series with gaps as null', async () => {
    const store = storeWith({ c_total: [0, 10, 20, 30, 40].map((s) => [s, s * 2]) });
    const r = await evaluateRange(store, 'rate(c_total[20s])', at(0), at(40), 10_000);
    expect(r.t).toEqual([0, 10_000, 20_000, 30_000, 40_000]);
    expect(r.series).toEqual(['{}']);
    expect(r.values[0]![0]).toBeNull();
    // At 10 s the counter's first sample is 0, so the window is not extrapolated below zero.
    expect(r.values[0]!.slice(1).map((v) => v!.toFixed(6))).toEqual(['1.000000', '2.000000', '2.000000', '2.000000']);
  });
});

describe('bucketQuantile (histogram_quantile rules)', () => {
  const bs = (pairs: [number, number][]) => pairs.map(([upper, count]) => ({ upper, count }));
  it('interpolates linearly inside the bucket that holds the rank', () => {
    const b = bs([[0.1, 10], [0.5, 20], [1, 30], [Infinity, 40]]);
    expect(bucketQuantile(0.5, b)).toBeCloseTo(0.5, 12);
    expect(bucketQuantile(0.25, b)).toBeCloseTo(0.1, 12);
    expect(bucketQuantile(0.6, b)).toBeCloseTo(0.5 + 0.5 * 0.4, 12);
  });
  it('returns the highest finite bound when the rank falls in the +Inf bucket', async () => {
    expect(bucketQuantile(0.9, bs([[0.1, 10], [0.5, 20], [1, 30], [Infinity, 40]]))).toBe(1);
  });
  it('is NaN without a +Inf bucket, with fewer than two buckets, or with no observations', async () => {
    expect(bucketQuantile(0.5, bs([[0.1, 1], [1, 2]]))).toBeNaN();
    expect(bucketQuantile(0.5, bs([[Infinity, 5]]))).toBeNaN();
    expect(bucketQuantile(0.5, bs([[1, 0], [Infinity, 0]]))).toBeNaN();
  });
  it('forces non-monotonic bucket counts up to the running maximum', async () => {
    expect(bucketQuantile(0.5, bs([[0.1, 10], [0.5, 8], [Infinity, 12]]))).toBeCloseTo(0.06, 12);
  });
  it('maps q outside [0, 1] to ±Inf', () => {
    const b = bs([[1, 1], [Infinity, 2]]);
    expect(bucketQuantile(-0.1, b)).toBe(-Infinity);
    expect(bucketQuantile(1.1, b)).toBe(Infinity);
  });
});
