// A query never holds the core's event loop: it works in slices and yields between them, and it
// stops with a clear error at the sample limit or the time limit. Clocks here are fake: each
// reading advances 1 ms, so "time" is the amount of work done.
import { describe, expect, it } from 'vitest';
import { evaluateRange, type QueryOptions } from '../../../src-main/core/promql/evaluate';
import { at, every, storeWith } from './store';

const store = storeWith(Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`c_total{i="${i}"}`, every(0, 300, 10, (t) => t * (i + 1))])));
const QUERY = 'sum(rate(c_total[1m]))';

function fakeTime(limits: Partial<QueryOptions>) {
  let now = 0;
  let yields = 0;
  const options: QueryOptions = {
    now: () => now++,
    yieldToLoop: async () => {
      yields++;
    },
    ...limits,
  };
  return { options, yields: () => yields };
}

describe('query limits', () => {
  it('yields to the event loop whenever a slice of work is used up, with the same answer', async () => {
    const sliced = fakeTime({ sliceMs: 10 });
    const r = await evaluateRange(store, QUERY, at(60), at(300), 10_000, sliced.options);
    expect(sliced.yields()).toBeGreaterThan(10);
    const whole = fakeTime({ sliceMs: 1e9 });
    expect(await evaluateRange(store, QUERY, at(60), at(300), 10_000, whole.options)).toEqual(r);
    expect(whole.yields()).toBe(0);
    // 200 counters rising by i+1 per second: the sum of rates is 1 + 2 + ... + 200.
    expect(r.values[0]![r.values[0]!.length - 1]).toBeCloseTo(20_100, 6);
  });

  it('yields inside one long series too (a quantile over long windows at many steps)', async () => {
    const one = storeWith({ g: every(0, 3600, 1, (t) => t % 97) });
    // A 1 ms slice: the query yields at every point where it checks its budget.
    const sliced = fakeTime({ sliceMs: 1 });
    const r = await evaluateRange(one, 'quantile_over_time(0.9, g[30m])', at(1800), at(3600), 1000, sliced.options);
    expect(r.t).toHaveLength(1801);
    // One series, 1801 steps: checks every 64 steps of its column, not just once per series.
    expect(sliced.yields()).toBeGreaterThanOrEqual(Math.floor(1801 / 64));
  });

  it('stops at the sample limit and says so', async () => {
    const { options } = fakeTime({ maxSamples: 5_000 });
    await expect(evaluateRange(store, QUERY, at(60), at(300), 10_000, options)).rejects.toThrow(
      'the query processes more than 5000 samples (the query sample limit); narrow the time range or the selectors, or use a larger step',
    );
  });

  it('stops at the time limit and says so', async () => {
    const { options } = fakeTime({ timeoutMs: 200, sliceMs: 10 });
    await expect(evaluateRange(store, QUERY, at(60), at(300), 10_000, options)).rejects.toThrow('the query timed out after 0.2 s (the query time limit)');
  });

  it('refuses to chart more series than asked for', async () => {
    await expect(evaluateRange(store, 'c_total', at(60), at(300), 10_000, { maxSeries: 50 })).rejects.toThrow('the query returns more than 50 series');
  });
});
