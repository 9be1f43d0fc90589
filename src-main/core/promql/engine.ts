// Walks the expression tree once for all steps of a query. Selectors read each series' samples
// once for the whole span, then answer every step from them; range functions slide a window;
// subqueries evaluate their inner expression on their own aligned grid. Work is done in slices
// (see budget.ts) so the core's event loop keeps running while a query is evaluated.
import type { AtModifier, Expr } from './ast';
import { aggregate } from './aggregations';
import { binary } from './binary';
import type { Budget } from './budget';
import { dedupe } from './dedupe';
import { EvalError } from './errors';
import { callFunction } from './functions';
import { dropName } from './labels';
import type { SeriesData, SeriesSource } from '../series-source';
import { emptyPoints, type EvalContext, type Samples, type Value } from './values';

/** How far back an instant selector looks for the latest sample (Prometheus's default). */
export const LOOKBACK_MS = 5 * 60_000;
/** A subquery without a step uses Prometheus's default evaluation interval. */
export const DEFAULT_SUBQUERY_STEP_MS = 60_000;

type SelectorExpr = Extract<Expr, { kind: 'selector' }>;
type SubqueryExpr = Extract<Expr, { kind: 'subquery' }>;

export class Engine implements EvalContext {
  constructor(
    private readonly source: SeriesSource,
    readonly budget: Budget,
    readonly start: number,
    readonly end: number,
  ) {}

  async eval(e: Expr, times: Float64Array): Promise<Value> {
    switch (e.kind) {
      case 'number':
        return { kind: 'scalar', values: new Float64Array(times.length).fill(e.value) };
      case 'string':
        return { kind: 'string', value: e.value };
      case 'selector':
        return e.rangeMs === null ? this.instantSelector(e, times) : this.rangeSelector(e, times);
      case 'subquery':
        return this.subquery(e, times);
      case 'call':
        return callFunction(this, e, times);
      case 'aggregate':
        return aggregate(this, e, times);
      case 'binary':
        return binary(this, e, times);
      case 'negate': {
        const v = await this.eval(e.expr, times);
        if (v.kind === 'scalar') return { kind: 'scalar', values: v.values.map((x) => -x) };
        if (v.kind !== 'vector') throw new EvalError(`unary - needs a number or an instant vector, got a ${v.kind}`);
        const series = v.series.map((s) => ({
          labels: dropName(s.labels),
          points: async () => {
            const p = await s.points();
            return { values: p.values.map((x) => -x), present: p.present };
          },
        }));
        return { kind: 'vector', series: await dedupe(series, times.length, this.budget, `unary - at position ${e.pos + 1}`) };
      }
    }
  }

  /** The times a selector or subquery reads at: @ pins them, offset moves them back. */
  private evalTimes(times: Float64Array, at: AtModifier | null, offsetMs: number): Float64Array {
    const pinned = at === null ? null : at === 'start' ? this.start : at === 'end' ? this.end : at.ms;
    return times.map((t) => (pinned ?? t) - offsetMs);
  }

  // One pair of buffers reused by every fetch: a series' samples are consumed by the column
  // computation that asked for them before the next fetch, so no per-series arrays are needed.
  private scratchT = new Float64Array(1024);
  private scratchV = new Float64Array(1024);

  /** The samples of one series with from < t <= to, valid until the next fetch. */
  private fetch(data: SeriesData, from: number, to: number): Samples {
    let n = 0;
    data.forEachInRange(from, to, (t, v) => {
      if (t <= from) return;
      if (n === this.scratchT.length) {
        const grownT = new Float64Array(n * 2);
        const grownV = new Float64Array(n * 2);
        grownT.set(this.scratchT);
        grownV.set(this.scratchV);
        this.scratchT = grownT;
        this.scratchV = grownV;
      }
      this.scratchT[n] = t;
      this.scratchV[n++] = v;
    });
    this.budget.count(n);
    return { ts: this.scratchT.subarray(0, n), vs: this.scratchV.subarray(0, n) };
  }

  /** Each step: the latest sample in (t - 5m, t], unless the series went stale after it. */
  private instantSelector(e: SelectorExpr, times: Float64Array): Value {
    const evalT = this.evalTimes(times, e.at, e.offsetMs);
    const steps = times.length;
    const from = evalT[0]! - LOOKBACK_MS;
    const to = evalT[steps - 1]!;
    const series = this.source.select(e.matchers).map((data) => ({
      labels: data.labels,
      points: async () => {
        const { ts, vs } = this.fetch(data, from, to);
        this.budget.count(steps);
        const p = { ...emptyPoints(steps), sampleTimes: new Float64Array(steps) };
        let j = 0;
        for (let i = 0; i < steps; i++) {
          const t = evalT[i]!;
          while (j < ts.length && ts[j]! <= t) j++;
          if (j === 0) continue;
          const last = ts[j - 1]!;
          if (last <= t - LOOKBACK_MS) continue;
          if (data.staleSince !== null && data.staleSince > last && data.staleSince <= t) continue;
          p.present[i] = 1;
          p.values[i] = vs[j - 1]!;
          p.sampleTimes[i] = last;
        }
        return p;
      },
    }));
    return { kind: 'vector', series };
  }

  private rangeSelector(e: SelectorExpr, times: Float64Array): Value {
    const evalT = this.evalTimes(times, e.at, e.offsetMs);
    const rangeMs = e.rangeMs!;
    const from = evalT[0]! - rangeMs;
    const to = evalT[evalT.length - 1]!;
    const series = this.source.select(e.matchers).map((data) => ({ labels: data.labels, samples: async () => this.fetch(data, from, to) }));
    return { kind: 'matrix', series, rangeMs, evalTimes: evalT };
  }

  /** expr[range:step]: the inner expression at multiples of step (since the epoch) in each window. */
  private async subquery(e: SubqueryExpr, times: Float64Array): Promise<Value> {
    const evalT = this.evalTimes(times, e.at, e.offsetMs);
    const step = e.stepMs ?? DEFAULT_SUBQUERY_STEP_MS;
    const first = Math.floor((evalT[0]! - e.rangeMs) / step) * step + step;
    const last = evalT[evalT.length - 1]!;
    const inner: number[] = [];
    for (let t = first; t <= last; t += step) inner.push(t);
    if (inner.length === 0) return { kind: 'matrix', series: [], rangeMs: e.rangeMs, evalTimes: evalT };
    const innerTimes = Float64Array.from(inner);
    const v = await this.eval(e.expr, innerTimes);
    if (v.kind !== 'vector') throw new EvalError(`a subquery needs an instant vector, got a ${v.kind}`);
    const series = v.series.map((s) => ({
      labels: s.labels,
      samples: async (): Promise<Samples> => {
        const p = await s.points();
        const ts: number[] = [];
        const vs: number[] = [];
        for (let i = 0; i < innerTimes.length; i++) {
          if (!p.present[i]) continue;
          ts.push(innerTimes[i]!);
          vs.push(p.values[i]!);
        }
        return { ts, vs };
      },
    }));
    return { kind: 'matrix', series, rangeMs: e.rangeMs, evalTimes: evalT };
  }
}
