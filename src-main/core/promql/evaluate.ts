// The engine's entry points. The core calls evaluateRange (charts, panels, alert rules) with a
// SeriesSource; evaluation is asynchronous and yields to the event loop every few milliseconds,
// and stops with an EvalError when the query reads too many samples or runs too long.
import type { RangeResult } from '../../shared/api';
import { formatSeriesId, type Labels } from '../../shared/series-id';
import type { Expr } from './ast';
import { Budget, DEFAULT_LIMITS, type QueryLimits } from './budget';
import { Engine } from './engine';
import { EvalError } from './errors';
import { parsePromQL } from './parser';
import type { SeriesSource } from '../series-source';
import type { Value } from './values';

export { bucketQuantile } from './histogram';
export { LOOKBACK_MS } from './engine';
export { EvalError } from './errors';
export { querySpan } from './span';
export type { QueryLimits } from './budget';
export type { SeriesData, SeriesSource } from '../series-source';

export interface QueryOptions extends Partial<QueryLimits> {
  /** A range query refuses to chart more series than this. */
  maxSeries?: number;
}

/** A result value as plain data, for an instant query. */
export interface InstantResult {
  series: string[];
  values: number[];
}

function seriesName(labels: Labels): string {
  const { __name__: name, ...rest } = labels;
  return name ? formatSeriesId(name, rest) : formatSeriesId('', rest) || '{}';
}

async function run(source: SeriesSource, query: string | Expr, times: Float64Array, options: QueryOptions): Promise<{ value: Value; budget: Budget }> {
  const expr = typeof query === 'string' ? parsePromQL(query) : query;
  const budget = new Budget({ ...DEFAULT_LIMITS, ...options });
  const engine = new Engine(source, budget, times[0]!, times[times.length - 1]!);
  const value = await engine.eval(expr, times);
  if (value.kind === 'matrix') throw new EvalError('a range vector cannot be shown or charted; wrap it in a function such as rate()');
  if (value.kind === 'string') throw new EvalError('a string cannot be shown or charted; strings are arguments of functions such as label_replace()');
  return { value, budget };
}

export async function evaluateInstant(source: SeriesSource, query: string | Expr, t: number, options: QueryOptions = {}): Promise<InstantResult> {
  const { value } = await run(source, query, Float64Array.of(t), options);
  if (value.kind === 'scalar') return { series: ['scalar'], values: [value.values[0]!] };
  const out: InstantResult = { series: [], values: [] };
  if (value.kind !== 'vector') return out;
  for (const s of value.series) {
    const p = await s.points();
    if (!p.present[0]) continue;
    out.series.push(seriesName(s.labels));
    out.values.push(p.values[0]!);
  }
  return out;
}

/** Evaluates at every step from `from` to `to`; non-finite results become null (gaps). */
export async function evaluateRange(source: SeriesSource, query: string | Expr, from: number, to: number, stepMs: number, options: QueryOptions = {}): Promise<RangeResult> {
  const maxSeries = options.maxSeries ?? 200;
  // Every step from `from`, and `to` itself when the steps fall short of it (a live chart's "now").
  const t: number[] = [];
  for (let at = from; at <= to; at += stepMs) t.push(at);
  if (t[t.length - 1] !== to) t.push(to);
  const { value, budget } = await run(source, query, Float64Array.from(t), options);
  if (value.kind === 'scalar') return { series: ['scalar'], t, values: [Array.from(value.values, (v) => (Number.isFinite(v) ? v : null))] };
  const columns = new Map<string, (number | null)[]>();
  if (value.kind === 'vector') {
    for (const s of value.series) {
      if (budget.due()) await budget.pause();
      const p = await s.points();
      if (!p.present.includes(1)) continue;
      if (columns.size >= maxSeries) throw new EvalError(`the query returns more than ${maxSeries} series; narrow it with label matchers or aggregate with sum by (...)`);
      columns.set(
        seriesName(s.labels),
        Array.from(p.values, (v, i) => (p.present[i] && Number.isFinite(v) ? v : null)),
      );
    }
  }
  const series = [...columns.keys()].sort();
  return { series, t, values: series.map((s) => columns.get(s)!) };
}
