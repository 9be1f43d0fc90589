// The core picks the live rings or the history database by the samples a query reads: ranges,
// the 5-minute lookback, offset, @ and subqueries all move that span.
import { describe, expect, it } from 'vitest';
import { querySpan } from '../../../src-main/core/promql/evaluate';
import { parsePromQL } from '../../../src-main/core/promql/parser';

const span = (q: string, from: number, to: number) => querySpan(parsePromQL(q), from, to);
const MIN = 60_000;

describe('querySpan', () => {
  it('reaches back by the lookback for instant selectors and by the range for range selectors', () => {
    expect(span('x', 10 * MIN, 20 * MIN)).toEqual({ from: 5 * MIN, to: 20 * MIN });
    expect(span('rate(x[1h])', 100 * MIN, 120 * MIN)).toEqual({ from: 40 * MIN, to: 120 * MIN });
  });

  it('moves with offset, pins with @, and adds a subquery range plus one step', () => {
    expect(span('x offset 1h', 100 * MIN, 120 * MIN)).toEqual({ from: 35 * MIN, to: 60 * MIN });
    expect(span('x @ 600', 100 * MIN, 120 * MIN)).toEqual({ from: 5 * MIN, to: 10 * MIN });
    expect(span('max_over_time(rate(x[1m])[30m:1m])', 100 * MIN, 120 * MIN)).toEqual({ from: 68 * MIN, to: 120 * MIN });
  });
});
