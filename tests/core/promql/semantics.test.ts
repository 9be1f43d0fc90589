// The five places where Prometheus 3 answers differently from a naive (or a 2.x) engine, each
// written from the Prometheus 3 documentation and migration guide.
import { describe, expect, it } from 'vitest';
import { evaluateInstant, evaluateRange } from '../../../src-main/core/promql/evaluate';
import { all, at, every, one, storeWith } from './store';

describe('(a) range and lookback windows are left-open: (t - range, t]', () => {
  const store = storeWith({ g: every(0, 60, 10, () => 1) });

  it('a sample exactly at t - range is outside the window', async () => {
    expect(await one(store, 'count_over_time(g[60s])', 60)).toBe(6);
    expect(await one(store, 'sum_over_time(g[1m])', 60)).toBe(6);
    expect(await one(store, 'count_over_time(g[60s])', 60.001)).toBe(6);
    expect(await one(store, 'count_over_time(g[60s])', 59.999)).toBe(6);
  });

  it('an instant selector stops seeing a sample exactly 5 minutes after it', async () => {
    const old = storeWith({ g: [[0, 7]] });
    expect(await one(old, 'g', 299.999)).toBe(7);
    expect((await evaluateInstant(old, 'g', at(300))).values).toEqual([]);
  });

  it('increase over a window whose first sample sits on the edge uses only the later samples', async () => {
    const c = storeWith({ c_total: [[0, 0], [30, 100], [60, 130]] });
    // (0, 60] holds 100 and 130 only: 30 in 30 s; the 30 s to the window start are under 1.1
    // intervals and zero is 100 s back, so it extrapolates over all 60 s: 60. A closed window
    // would have counted the 0 at 0 s and answered 130.
    expect(await one(c, 'increase(c_total[1m])', 60)).toBeCloseTo(60, 12);
  });
});

describe('(b) rate/increase: limit the start extrapolation to half an interval, then stop at zero', () => {
  it('uses half the average interval when it is shorter than the way to zero', async () => {
    // Samples 30..60 s rising 1/s from 6: 30 s sampled, 10 s apart, 30 s of window before the first
    // sample. Prometheus 3: 30 s >= 1.1 * 10 s, so extrapolate 5 s; zero would be 6 s back, farther.
    // (2.x took the zero point first, 6 s, and got 36.)
    const store = storeWith({ c_total: [[30, 6], [40, 16], [50, 26], [60, 36]] });
    expect(await one(store, 'increase(c_total[1m])', 60)).toBeCloseTo(35, 12);
    expect(await one(store, 'rate(c_total[1m])', 60)).toBeCloseTo(35 / 60, 12);
  });

  it('stops at zero when zero is nearer than half an interval', async () => {
    const store = storeWith({ c_total: [[30, 2], [40, 12], [50, 22], [60, 32]] });
    // Zero lies 30 * 2/30 = 2 s before the first sample: 30 + 2 = 32.
    expect(await one(store, 'increase(c_total[1m])', 60)).toBeCloseTo(32, 12);
  });

  it('delta does not stop at zero: it is for gauges', async () => {
    const store = storeWith({ g: [[30, 2], [40, 12], [50, 22], [60, 32]] });
    expect(await one(store, 'delta(g[1m])', 60)).toBeCloseTo(35, 12);
  });
});

describe('(c) sums and means neither cancel nor overflow', () => {
  const values = { 'v{i="1"}': 1, 'v{i="2"}': 1e100, 'v{i="3"}': 1, 'v{i="4"}': -1e100 };
  const store = storeWith(Object.fromEntries(Object.entries(values).map(([id, v]) => [id, [[10, v]] as [number, number][]])));

  it('sum() of 1, 1e100, 1, -1e100 is 2 (compensated summation)', async () => {
    expect(await one(store, 'sum(v)', 10)).toBe(2);
    expect(await one(store, 'avg(v)', 10)).toBe(0.5);
  });

  it('sum_over_time and avg_over_time compensate too', async () => {
    const s = storeWith({ x: [[1, 1], [2, 1e100], [3, 1], [4, -1e100]] });
    expect(await one(s, 'sum_over_time(x[10s])', 4)).toBe(2);
    expect(await one(s, 'avg_over_time(x[10s])', 4)).toBe(0.5);
  });

  it('the mean of values near the largest double is finite', async () => {
    const big = storeWith({ 'b{i="1"}': [[1, 1.7e308]], 'b{i="2"}': [[1, 1.7e308]], 'b{i="3"}': [[1, 1.1e308]] });
    expect(await one(big, 'avg(b)', 1)).toBeCloseTo(1.5e308, -294);
    const overTime = storeWith({ b: [[1, 1.7e308], [2, 1.7e308], [3, 1.1e308]] });
    expect(await one(overTime, 'avg_over_time(b[10s])', 3)).toBeCloseTo(1.5e308, -294);
  });
});

describe('(d) min and max ignore NaN unless every value is NaN', () => {
  it('aggregations', async () => {
    const store = storeWith({ 'n{i="1"}': [[1, NaN]], 'n{i="2"}': [[1, 3]], 'n{i="3"}': [[1, 1]], 'm{i="1"}': [[1, NaN]], 'm{i="2"}': [[1, NaN]] });
    expect(await one(store, 'min(n)', 1)).toBe(1);
    expect(await one(store, 'max(n)', 1)).toBe(3);
    expect(await one(store, 'max(m)', 1)).toBeNaN();
  });

  it('min_over_time and max_over_time', async () => {
    const store = storeWith({ n: [[1, NaN], [2, 3], [3, 1]], m: [[1, NaN], [2, NaN]] });
    expect(await one(store, 'min_over_time(n[10s])', 3)).toBe(1);
    expect(await one(store, 'max_over_time(n[10s])', 3)).toBe(3);
    expect(await one(store, 'min_over_time(m[10s])', 3)).toBeNaN();
  });
});

describe('(e) two series with the same label set in one result are an error', () => {
  const store = storeWith({ 'a_total{job="x"}': every(0, 60, 10, (t) => t), 'b_total{job="x"}': every(0, 60, 10, (t) => 2 * t) });

  it('when a function drops the metric name', async () => {
    await expect(evaluateInstant(store, 'rate({__name__=~"a_total|b_total"}[1m])', at(60))).rejects.toThrow(/rate\(\) at position 1 gives two series with the same labels \{job="x"\}/);
  });

  it('when label_replace makes two series alike', async () => {
    const s = storeWith({ 'u{a="1",b="x"}': [[1, 1]], 'u{a="2",b="x"}': [[1, 2]] });
    await expect(evaluateInstant(s, 'label_replace(u, "a", "same", "", "")', at(1))).rejects.toThrow(/same labels u\{a="same",b="x"\}/);
  });

  it('but not when they never overlap in time: a range query shows them as one series', async () => {
    const s = storeWith({ 'p{v="1"}': [[0, 1]], 'q{v="1"}': [[400, 2]] });
    const r = await evaluateRange(s, '-{__name__=~"p|q"}', 0, at(400), 100_000);
    expect(r.series).toEqual(['{v="1"}']);
    expect(r.values[0]).toEqual([-1, -1, -1, null, -2]);
  });

  it('as in Prometheus, keeping the name keeps them apart', async () => {
    expect(Object.keys(await all(store, 'last_over_time({__name__=~"a_total|b_total"}[1m])', 60))).toEqual(['a_total{job="x"}', 'b_total{job="x"}']);
  });
});
