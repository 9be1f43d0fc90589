// Evaluates parsed PromQL over in-memory samples with Prometheus 2.x semantics: closed range
// windows, 5-minute lookback for instant selectors, extrapolated rate/increase with counter
// resets, and histogram_quantile's interpolation (monotonic fix-up, +Inf bucket rules).
import type { RangeResult } from '../../shared/api';
import { formatSeriesId, type Labels } from '../../shared/series-id';
import type { Matcher, SeriesSource } from '../series-source';
import { parsePromQL, type BinaryOp, type Expr } from './parser';

export const LOOKBACK_MS = 5 * 60_000;

export type { SeriesData, SeriesSource } from '../series-source';

interface Sample {
  labels: Labels;
  v: number;
}
type Value = { kind: 'scalar'; v: number } | { kind: 'vector'; samples: Sample[] } | { kind: 'matrix'; series: { labels: Labels; ts: number[]; vs: number[] }[] };

export class EvalError extends Error {
  override name = 'EvalError';
}

function dropName(labels: Labels): Labels {
  if (!('__name__' in labels)) return labels;
  const { __name__: _n, ...rest } = labels;
  return rest;
}

function signature(labels: Labels, on: string[] | null, ignoring: string[] | null): string {
  const keys = Object.keys(labels)
    .filter((k) => k !== '__name__' && (on ? on.includes(k) : !(ignoring ?? []).includes(k)))
    .sort();
  return keys.map((k) => `${k}\xff${labels[k]}`).join('\xfe');
}

/** Prometheus's extrapolatedRate (promql/functions.go) for rate, increase and delta. */
function extrapolatedDelta(ts: number[], vs: number[], rangeStart: number, rangeEnd: number, isCounter: boolean, isRate: boolean): number | null {
  const n = ts.length;
  if (n < 2) return null;
  let result = vs[n - 1]! - vs[0]!;
  if (isCounter) {
    let prev = vs[0]!;
    for (let i = 1; i < n; i++) {
      if (vs[i]! < prev) result += prev;
      prev = vs[i]!;
    }
  }
  let durationToStart = (ts[0]! - rangeStart) / 1000;
  const durationToEnd = (rangeEnd - ts[n - 1]!) / 1000;
  const sampledInterval = (ts[n - 1]! - ts[0]!) / 1000;
  const averageDurationBetweenSamples = sampledInterval / (n - 1);
  if (isCounter && result > 0 && vs[0]! >= 0) {
    const durationToZero = sampledInterval * (vs[0]! / result);
    if (durationToZero < durationToStart) durationToStart = durationToZero;
  }
  const threshold = averageDurationBetweenSamples * 1.1;
  let extrapolateToInterval = sampledInterval;
  extrapolateToInterval += durationToStart < threshold ? durationToStart : averageDurationBetweenSamples / 2;
  extrapolateToInterval += durationToEnd < threshold ? durationToEnd : averageDurationBetweenSamples / 2;
  result *= extrapolateToInterval / sampledInterval;
  if (isRate) result /= (rangeEnd - rangeStart) / 1000;
  return result;
}

/** Prometheus's bucketQuantile (promql/quantile.go, 2.x). */
export function bucketQuantile(q: number, buckets: { upper: number; count: number }[]): number {
  if (Number.isNaN(q)) return NaN;
  if (q < 0) return -Infinity;
  if (q > 1) return Infinity;
  const sorted = [...buckets].sort((a, b) => a.upper - b.upper);
  if (sorted.length === 0 || sorted[sorted.length - 1]!.upper !== Infinity) return NaN;
  // Coalesce buckets with the same bound, then force the counts to be monotonic.
  const bs: { upper: number; count: number }[] = [];
  for (const b of sorted) {
    const last = bs[bs.length - 1];
    if (last && last.upper === b.upper) last.count += b.count;
    else bs.push({ ...b });
  }
  let max = -Infinity;
  for (const b of bs) {
    if (b.count > max) max = b.count;
    else b.count = max;
  }
  if (bs.length < 2) return NaN;
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

function compare(op: BinaryOp, a: number, b: number): boolean {
  switch (op) {
    case '==':
      return a === b;
    case '!=':
      return a !== b;
    case '>':
      return a > b;
    case '<':
      return a < b;
    case '>=':
      return a >= b;
    case '<=':
      return a <= b;
    default:
      throw new EvalError(`${op} is not a comparison`);
  }
}

function arith(op: BinaryOp, a: number, b: number): number {
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return a / b;
    case '%':
      return a % b;
    default:
      throw new EvalError(`${op} is not arithmetic`);
  }
}

const isComparison = (op: BinaryOp) => ['==', '!=', '>', '<', '>=', '<='].includes(op);

export class Evaluator {
  constructor(private readonly source: SeriesSource) {}

  /** Evaluates at one instant (ms). */
  instant(expr: Expr, t: number): Value {
    switch (expr.kind) {
      case 'number':
        return { kind: 'scalar', v: expr.value };
      case 'negate': {
        const v = this.instant(expr.expr, t);
        if (v.kind === 'scalar') return { kind: 'scalar', v: -v.v };
        return { kind: 'vector', samples: this.vector(v).map((s) => ({ labels: dropName(s.labels), v: -s.v })) };
      }
      case 'selector':
        return expr.rangeMs === null ? { kind: 'vector', samples: this.selectInstant(expr.matchers, t) } : this.selectRange(expr.matchers, t - expr.rangeMs, t);
      case 'call':
        return this.call(expr.fn, expr.args, t);
      case 'aggregate':
        return this.aggregate(expr, t);
      case 'binary':
        return this.binary(expr, t);
    }
  }

  private vector(v: Value): Sample[] {
    if (v.kind !== 'vector') throw new EvalError(`expected an instant vector, got a ${v.kind}`);
    return v.samples;
  }

  private scalar(v: Value): number {
    if (v.kind !== 'scalar') throw new EvalError(`expected a number, got a ${v.kind}`);
    return v.v;
  }

  private selectInstant(matchers: Matcher[], t: number): Sample[] {
    const out: Sample[] = [];
    for (const s of this.source.select(matchers)) {
      let lastT = -Infinity;
      let lastV = NaN;
      s.forEachInRange(t - LOOKBACK_MS, t, (ts, v) => {
        lastT = ts;
        lastV = v;
      });
      if (lastT === -Infinity) continue;
      if (s.staleSince !== null && s.staleSince > lastT && s.staleSince <= t) continue;
      out.push({ labels: s.labels, v: lastV });
    }
    return out;
  }

  private selectRange(matchers: Matcher[], from: number, to: number): Value {
    const series = this.source.select(matchers).map((s) => {
      const ts: number[] = [];
      const vs: number[] = [];
      s.forEachInRange(from, to, (t, v) => {
        ts.push(t);
        vs.push(v);
      });
      return { labels: s.labels, ts, vs };
    });
    return { kind: 'matrix', series: series.filter((s) => s.ts.length > 0) };
  }

  private call(fn: string, args: Expr[], t: number): Value {
    if (fn === 'histogram_quantile') {
      const q = this.scalar(this.instant(args[0]!, t));
      const groups = new Map<string, { labels: Labels; buckets: { upper: number; count: number }[] }>();
      for (const s of this.vector(this.instant(args[1]!, t))) {
        const le = s.labels.le;
        if (le === undefined) continue;
        const upper = le === '+Inf' ? Infinity : Number(le);
        if (Number.isNaN(upper)) continue;
        const { le: _le, ...rest } = dropName(s.labels);
        const key = signature(rest, null, null);
        let g = groups.get(key);
        if (!g) groups.set(key, (g = { labels: rest, buckets: [] }));
        g.buckets.push({ upper, count: s.v });
      }
      return { kind: 'vector', samples: [...groups.values()].map((g) => ({ labels: g.labels, v: bucketQuantile(q, g.buckets) })) };
    }
    if (fn === 'abs' || fn === 'clamp_min' || fn === 'clamp_max') {
      const samples = this.vector(this.instant(args[0]!, t));
      const bound = fn === 'abs' ? 0 : this.scalar(this.instant(args[1]!, t));
      const f = fn === 'abs' ? Math.abs : fn === 'clamp_min' ? (v: number) => Math.max(v, bound) : (v: number) => Math.min(v, bound);
      return { kind: 'vector', samples: samples.map((s) => ({ labels: dropName(s.labels), v: f(s.v) })) };
    }
    const sel = args[0] as Extract<Expr, { kind: 'selector' }>;
    const from = t - sel.rangeMs!;
    const m = this.selectRange(sel.matchers, from, t);
    if (m.kind !== 'matrix') throw new EvalError(`${fn}() needs a range`);
    const samples: Sample[] = [];
    for (const s of m.series) {
      const { ts, vs } = s;
      const n = vs.length;
      let v: number | null;
      switch (fn) {
        case 'rate':
          v = extrapolatedDelta(ts, vs, from, t, true, true);
          break;
        case 'increase':
          v = extrapolatedDelta(ts, vs, from, t, true, false);
          break;
        case 'delta':
          v = extrapolatedDelta(ts, vs, from, t, false, false);
          break;
        case 'irate': {
          if (n < 2) v = null;
          else {
            const dv = vs[n - 1]! < vs[n - 2]! ? vs[n - 1]! : vs[n - 1]! - vs[n - 2]!;
            v = dv / ((ts[n - 1]! - ts[n - 2]!) / 1000);
          }
          break;
        }
        case 'avg_over_time':
          v = vs.reduce((a, b) => a + b, 0) / n;
          break;
        case 'min_over_time':
          v = Math.min(...vs);
          break;
        case 'max_over_time':
          v = Math.max(...vs);
          break;
        case 'sum_over_time':
          v = vs.reduce((a, b) => a + b, 0);
          break;
        case 'count_over_time':
          v = n;
          break;
        case 'last_over_time':
          v = vs[n - 1]!;
          break;
        default:
          throw new EvalError(`unsupported function ${fn}()`);
      }
      if (v !== null) samples.push({ labels: fn === 'last_over_time' ? s.labels : dropName(s.labels), v });
    }
    return { kind: 'vector', samples };
  }

  private aggregate(expr: Extract<Expr, { kind: 'aggregate' }>, t: number): Value {
    const groups = new Map<string, { labels: Labels; vs: number[] }>();
    for (const s of this.vector(this.instant(expr.expr, t))) {
      let labels: Labels;
      if (expr.by) labels = Object.fromEntries(expr.by.filter((k) => k in s.labels).map((k) => [k, s.labels[k]!]));
      else if (expr.without) labels = Object.fromEntries(Object.entries(dropName(s.labels)).filter(([k]) => !expr.without!.includes(k)));
      else labels = {};
      const key = signature(labels, null, null);
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { labels, vs: [] }));
      g.vs.push(s.v);
    }
    const samples: Sample[] = [];
    for (const g of groups.values()) {
      let v: number;
      switch (expr.op) {
        case 'sum':
          v = g.vs.reduce((a, b) => a + b, 0);
          break;
        case 'avg':
          v = g.vs.reduce((a, b) => a + b, 0) / g.vs.length;
          break;
        case 'min':
          v = g.vs.reduce((a, b) => (Number.isNaN(a) || b < a ? b : a));
          break;
        case 'max':
          v = g.vs.reduce((a, b) => (Number.isNaN(a) || b > a ? b : a));
          break;
        case 'count':
          v = g.vs.length;
          break;
      }
      samples.push({ labels: g.labels, v });
    }
    return { kind: 'vector', samples };
  }

  private binary(expr: Extract<Expr, { kind: 'binary' }>, t: number): Value {
    const lhs = this.instant(expr.lhs, t);
    const rhs = this.instant(expr.rhs, t);
    const cmp = isComparison(expr.op);
    if (lhs.kind === 'matrix' || rhs.kind === 'matrix') throw new EvalError(`${expr.op} cannot take a range vector; wrap it in a function such as rate()`);
    if (lhs.kind === 'scalar' && rhs.kind === 'scalar') {
      if (cmp && !expr.bool) throw new EvalError('comparisons between numbers need the bool modifier');
      return { kind: 'scalar', v: cmp ? Number(compare(expr.op, lhs.v, rhs.v)) : arith(expr.op, lhs.v, rhs.v) };
    }
    if (lhs.kind === 'scalar' || rhs.kind === 'scalar') {
      const vec = lhs.kind === 'vector' ? lhs.samples : (rhs as { samples: Sample[] }).samples;
      const k = lhs.kind === 'scalar' ? lhs.v : (rhs as { v: number }).v;
      const out: Sample[] = [];
      for (const s of vec) {
        const [a, b] = lhs.kind === 'scalar' ? [k, s.v] : [s.v, k];
        if (cmp) {
          const ok = compare(expr.op, a, b);
          if (expr.bool) out.push({ labels: dropName(s.labels), v: Number(ok) });
          else if (ok) out.push(s);
        } else out.push({ labels: dropName(s.labels), v: arith(expr.op, a, b) });
      }
      return { kind: 'vector', samples: out };
    }
    const right = new Map<string, Sample>();
    for (const s of rhs.samples) {
      const sig = signature(s.labels, expr.on, expr.ignoring);
      if (right.has(sig)) throw new EvalError(`many-to-many matching: several series on the right of ${expr.op} share the labels ${sig.replace(/\xff/g, '=').replace(/\xfe/g, ',') || '{}'}; aggregate them first (e.g. sum by (...))`);
      right.set(sig, s);
    }
    const seen = new Set<string>();
    const out: Sample[] = [];
    for (const l of lhs.samples) {
      const sig = signature(l.labels, expr.on, expr.ignoring);
      const r = right.get(sig);
      if (!r) continue;
      if (seen.has(sig)) throw new EvalError(`many-to-many matching: several series on the left of ${expr.op} share the same labels; aggregate them first`);
      seen.add(sig);
      let labels = dropName(l.labels);
      if (expr.on) labels = Object.fromEntries(Object.entries(labels).filter(([k]) => expr.on!.includes(k)));
      else if (expr.ignoring) labels = Object.fromEntries(Object.entries(labels).filter(([k]) => !expr.ignoring!.includes(k)));
      if (cmp) {
        const ok = compare(expr.op, l.v, r.v);
        if (expr.bool) out.push({ labels, v: Number(ok) });
        else if (ok) out.push(l);
      } else out.push({ labels, v: arith(expr.op, l.v, r.v) });
    }
    return { kind: 'vector', samples: out };
  }
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

export function evaluateInstant(source: SeriesSource, query: string, t: number): InstantResult {
  const v = new Evaluator(source).instant(parsePromQL(query), t);
  if (v.kind === 'scalar') return { series: ['scalar'], values: [v.v] };
  if (v.kind === 'matrix') throw new EvalError('a range vector cannot be shown; wrap it in a function such as rate()');
  return { series: v.samples.map((s) => seriesName(s.labels)), values: v.samples.map((s) => s.v) };
}

/** Evaluates at every step from `from` to `to`; non-finite results become null (gaps). */
export function evaluateRange(source: SeriesSource, query: string | Expr, from: number, to: number, stepMs: number, maxSeries = 200): RangeResult {
  const expr = typeof query === 'string' ? parsePromQL(query) : query;
  const ev = new Evaluator(source);
  const t: number[] = [];
  const columns = new Map<string, (number | null)[]>();
  let step = 0;
  // Every step from `from`, and `to` itself when the steps fall short of it (a live chart's "now").
  const times: number[] = [];
  for (let at = from; at <= to; at += stepMs) times.push(at);
  if (times[times.length - 1] !== to) times.push(to);
  for (const at of times) {
    t.push(at);
    const v = ev.instant(expr, at);
    if (v.kind === 'matrix') throw new EvalError('a range vector cannot be charted; wrap it in a function such as rate()');
    const samples = v.kind === 'scalar' ? [{ labels: {}, v: v.v }] : v.samples;
    for (const s of samples) {
      const name = v.kind === 'scalar' ? 'scalar' : seriesName(s.labels);
      let col = columns.get(name);
      if (!col) {
        if (columns.size >= maxSeries) throw new EvalError(`the query returns more than ${maxSeries} series; narrow it with label matchers or aggregate with sum by (...)`);
        col = new Array(step).fill(null);
        columns.set(name, col);
      }
      col.push(Number.isFinite(s.v) ? s.v : null);
    }
    for (const col of columns.values()) if (col.length < step + 1) col.push(null);
    step++;
  }
  const series = [...columns.keys()].sort();
  return { series, t, values: series.map((s) => columns.get(s)!) };
}
