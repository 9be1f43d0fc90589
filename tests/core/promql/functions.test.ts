// Functions, each checked against the behaviour the Prometheus documentation describes.
import { describe, expect, it } from 'vitest';
import { evaluateInstant, evaluateRange } from '../../../src-main/core/promql/evaluate';
import { all, at, every, one, storeWith } from './store';

describe('range functions', () => {
  it('changes and resets count value changes and decreases in the window', async () => {
    const store = storeWith({ g: [[10, 1], [20, 1], [30, 5], [40, 2], [50, 2], [60, 3]] });
    expect(await one(store, 'changes(g[1m])', 60)).toBe(3);
    expect(await one(store, 'resets(g[1m])', 60)).toBe(1);
  });

  it('deriv is the least-squares slope per second; predict_linear extends the same line', async () => {
    const store = storeWith({ g: every(10, 60, 10, (t) => 100 + 2 * t) });
    expect(await one(store, 'deriv(g[1m])', 60)).toBeCloseTo(2, 12);
    // At t=60 the line is at 220; an hour later 220 + 7200.
    expect(await one(store, 'predict_linear(g[1m], 3600)', 60)).toBeCloseTo(7420, 8);
  });

  it('quantile_over_time, stddev_over_time, stdvar_over_time, last_over_time', async () => {
    const store = storeWith({ g: [2, 4, 4, 4, 5, 5, 7, 9].map((v, i) => [i + 1, v] as [number, number]) });
    expect(await one(store, 'quantile_over_time(0.5, g[10s])', 8)).toBe(4.5);
    expect(await one(store, 'quantile_over_time(0, g[10s])', 8)).toBe(2);
    expect(await one(store, 'quantile_over_time(1.5, g[10s])', 8)).toBe(Infinity);
    expect(await one(store, 'stddev_over_time(g[10s])', 8)).toBe(2);
    expect(await one(store, 'stdvar_over_time(g[10s])', 8)).toBe(4);
    expect(await all(store, 'last_over_time(g[10s])', 8)).toEqual({ g: 9 });
  });

  it('present_over_time gives 1 for series with samples; absent_over_time 1 when none has any', async () => {
    const store = storeWith({ 'g{job="a"}': [[10, 5]] });
    expect(await all(store, 'present_over_time(g[1m])', 30)).toEqual({ '{job="a"}': 1 });
    expect((await evaluateInstant(store, 'absent_over_time(g[1m])', at(30))).values).toEqual([]);
    expect(await all(store, 'absent_over_time(g{job="a"}[1m])', 100)).toEqual({ '{job="a"}': 1 });
    expect(await all(store, 'absent_over_time(nosuch{job="b",x=~"y"}[1m])', 100)).toEqual({ '{job="b"}': 1 });
  });

  it('idelta and irate use the last two samples', async () => {
    const store = storeWith({ g: [[10, 1], [20, 4], [30, 10]] });
    expect(await one(store, 'idelta(g[1m])', 30)).toBe(6);
    expect(await one(store, 'irate(g[1m])', 30)).toBe(0.6);
  });
});

describe('instant-vector functions', () => {
  const store = storeWith({ 'v{i="a"}': [[1, -2.5]], 'v{i="b"}': [[1, 0]], 'v{i="c"}': [[1, 3.7]] });

  it('sgn, abs, ceil, floor, round (also to a multiple), clamp', async () => {
    expect(await all(store, 'sgn(v)', 1)).toEqual({ '{i="a"}': -1, '{i="b"}': 0, '{i="c"}': 1 });
    expect(await all(store, 'abs(v)', 1)).toEqual({ '{i="a"}': 2.5, '{i="b"}': 0, '{i="c"}': 3.7 });
    expect(await all(store, 'ceil(v)', 1)).toEqual({ '{i="a"}': -2, '{i="b"}': 0, '{i="c"}': 4 });
    expect(await all(store, 'floor(v)', 1)).toEqual({ '{i="a"}': -3, '{i="b"}': 0, '{i="c"}': 3 });
    // round breaks ties upwards, as Prometheus does: -2.5 -> -2.
    expect(await all(store, 'round(v)', 1)).toEqual({ '{i="a"}': -2, '{i="b"}': 0, '{i="c"}': 4 });
    expect(await all(store, 'round(v, 0.5)', 1)).toEqual({ '{i="a"}': -2.5, '{i="b"}': 0, '{i="c"}': 3.5 });
    expect(await all(store, 'clamp(v, -1, 1)', 1)).toEqual({ '{i="a"}': -1, '{i="b"}': 0, '{i="c"}': 1 });
    expect(await all(store, 'clamp_min(v, 0)', 1)).toEqual({ '{i="a"}': 0, '{i="b"}': 0, '{i="c"}': 3.7 });
    expect(await all(store, 'clamp_max(v, 0)', 1)).toEqual({ '{i="a"}': -2.5, '{i="b"}': 0, '{i="c"}': 0 });
    expect(await all(store, 'clamp(v, 1, -1)', 1)).toEqual({});
  });

  it('trigonometric functions, deg/rad and pi()', async () => {
    const t = storeWith({ r: [[1, Math.PI / 2]] });
    expect(await one(t, 'sin(r)', 1)).toBeCloseTo(1, 15);
    expect(await one(t, 'cos(r)', 1)).toBeCloseTo(0, 15);
    expect(await one(t, 'deg(r)', 1)).toBeCloseTo(90, 12);
    expect(await one(t, 'rad(deg(r))', 1)).toBeCloseTo(Math.PI / 2, 15);
    expect(await one(t, 'r atan2 r', 1)).toBeCloseTo(Math.PI / 4, 15);
    expect(await one(t, 'pi()', 1)).toBe(Math.PI);
    expect(await one(t, 'asinh(sinh(r))', 1)).toBeCloseTo(Math.PI / 2, 14);
  });

  it('exp, ln, log2, log10, sqrt', async () => {
    const t = storeWith({ x: [[1, 100]] });
    expect(await one(t, 'log10(x)', 1)).toBe(2);
    expect(await one(t, 'sqrt(x)', 1)).toBe(10);
    expect(await one(t, 'ln(exp(x / 100))', 1)).toBe(1);
    expect(await one(t, 'log2(x / 25)', 1)).toBe(2);
  });

  it('timestamp gives the time of the sample, not of the evaluation', async () => {
    const t = storeWith({ x: [[10, 1]] });
    expect(await one(t, 'timestamp(x)', 100)).toBe(10);
  });

  it('time(), vector(), scalar()', async () => {
    expect(await one(store, 'time()', 42)).toBe(42);
    expect(await all(store, 'vector(time() * 2)', 42)).toEqual({ '{}': 84 });
    expect(await one(store, 'scalar(v{i="c"})', 1)).toBe(3.7);
    expect(await one(store, 'scalar(v)', 1)).toBeNaN();
  });

  it('date functions read the value as Unix seconds, or the evaluation time without an argument', async () => {
    // 2024-02-29 13:45:00 UTC, a Thursday, day 60 of a leap year.
    const t = storeWith({ ts: [[1, Date.UTC(2024, 1, 29, 13, 45) / 1000]] });
    expect(await one(t, 'year(ts)', 1)).toBe(2024);
    expect(await one(t, 'month(ts)', 1)).toBe(2);
    expect(await one(t, 'day_of_month(ts)', 1)).toBe(29);
    expect(await one(t, 'day_of_week(ts)', 1)).toBe(4);
    expect(await one(t, 'day_of_year(ts)', 1)).toBe(60);
    expect(await one(t, 'days_in_month(ts)', 1)).toBe(29);
    expect(await one(t, 'hour(ts)', 1)).toBe(13);
    expect(await one(t, 'minute(ts)', 1)).toBe(45);
    expect(await one(t, 'year()', 86_400 * 366)).toBe(1971);
  });

  it('sort and sort_desc order an instant result', async () => {
    expect((await evaluateInstant(store, 'sort(v)', at(1))).values).toEqual([-2.5, 0, 3.7]);
    expect((await evaluateInstant(store, 'sort_desc(v)', at(1))).values).toEqual([3.7, 0, -2.5]);
  });
});

describe('labels', () => {
  const store = storeWith({ 'up{job="api",instance="host-1:9090"}': [[1, 1]] });

  it('label_replace copies regex groups into a label and keeps the metric name', async () => {
    expect(await all(store, 'label_replace(up, "host", "$1", "instance", "(.*):.*")', 1)).toEqual({ 'up{host="host-1",instance="host-1:9090",job="api"}': 1 });
    expect(await all(store, 'label_replace(up, "port", "${2}", "instance", "(?P<h>.*):(.*)")', 1)).toEqual({ 'up{instance="host-1:9090",job="api",port="9090"}': 1 });
    // No match leaves the series as it is; an empty result removes the label.
    expect(await all(store, 'label_replace(up, "job", "x", "instance", "nomatch")', 1)).toEqual({ 'up{instance="host-1:9090",job="api"}': 1 });
    expect(await all(store, 'label_replace(up, "job", "", "job", ".*")', 1)).toEqual({ 'up{instance="host-1:9090"}': 1 });
  });

  it('label_join joins source labels with a separator', async () => {
    expect(await all(store, 'label_join(up, "both", "/", "job", "instance")', 1)).toEqual({ 'up{both="api/host-1:9090",instance="host-1:9090",job="api"}': 1 });
  });

  it('label_replace refuses an invalid destination label', async () => {
    await expect(evaluateInstant(store, 'label_replace(up, "1x", "a", "job", ".*")', at(1))).rejects.toThrow('label_replace() at position 1: invalid destination label name "1x"');
  });

  it('absent gives 1 with the equality labels of its selector when nothing matches', async () => {
    expect((await evaluateInstant(store, 'absent(up)', at(1))).values).toEqual([]);
    expect(await all(store, 'absent(nosuch{job="api",instance=~"h.*"})', 1)).toEqual({ '{job="api"}': 1 });
    expect(await all(store, 'absent(sum(nosuch))', 1)).toEqual({ '{}': 1 });
  });
});

describe('histograms', () => {
  const bucket = (le: string, n: number): [string, [number, number][]] => [`h_bucket{le="${le}"}`, [[1, n]]];
  const store = storeWith(Object.fromEntries([bucket('0.1', 10), bucket('0.5', 30), bucket('1', 40), bucket('+Inf', 50)]));

  it('histogram_fraction interpolates inside buckets like histogram_quantile', async () => {
    expect(await one(store, 'histogram_fraction(0, 0.5, h_bucket)', 1)).toBeCloseTo(0.6, 12);
    expect(await one(store, 'histogram_fraction(0.1, 0.3, h_bucket)', 1)).toBeCloseTo(0.2, 12);
    expect(await one(store, 'histogram_fraction(0, +Inf, h_bucket)', 1)).toBe(1);
    expect(await one(store, 'histogram_fraction(-Inf, 0.05, h_bucket)', 1)).toBeCloseTo(0.1, 12);
    expect(await one(store, 'histogram_quantile(0.6, h_bucket)', 1)).toBeCloseTo(0.5, 12);
  });
});

describe('subqueries, offset and @', () => {
  const store = storeWith({ c_total: every(0, 600, 10, (t) => t * 2), g: every(0, 600, 10, (t) => t) });

  it('a subquery evaluates its inner expression at multiples of its step inside (t - range, t]', async () => {
    // g at 60, 120, ..., 600 s: max 600, and 10 points (0 s is outside the left-open window).
    expect(await one(store, 'max_over_time(g[10m:1m])', 600)).toBe(600);
    expect(await one(store, 'count_over_time(g[10m:1m])', 600)).toBe(10);
    expect(await one(store, 'max_over_time(rate(c_total[1m])[5m:30s])', 600)).toBeCloseTo(2, 12);
    // Without a step: Prometheus's default evaluation interval, 1 minute.
    expect(await one(store, 'count_over_time(g[10m:])', 600)).toBe(10);
  });

  it('offset moves the evaluation back; a negative offset forward', async () => {
    expect(await one(store, 'g offset 1m', 300)).toBe(240);
    expect(await one(store, 'g offset -1m', 300)).toBe(360);
    expect(await one(store, 'sum_over_time(g[30s] offset 100s)', 300)).toBe(180 + 190 + 200);
  });

  it('@ pins the evaluation time; @ start() and @ end() are the query range', async () => {
    expect(await one(store, 'g @ 100', 500)).toBe(100);
    expect(await one(store, 'g @ 100 offset 20s', 500)).toBe(80);
    const r = await evaluateRange(store, 'g @ end() - g', at(100), at(300), 100_000);
    expect(r.values[0]).toEqual([200, 100, 0]);
    const s = await evaluateRange(store, 'g @ start()', at(100), at(300), 100_000);
    expect(s.values[0]).toEqual([100, 100, 100]);
  });

  it('a unitless range is in seconds', async () => {
    expect(await one(store, 'count_over_time(g[60])', 600)).toBe(6);
    expect(await one(store, 'g offset 60', 600)).toBe(540);
  });
});
