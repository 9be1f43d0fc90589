// Function calls: range functions slide a window over each series (range-functions.ts); the
// rest map instant vectors value by value or rewrite labels. Every function except
// last_over_time, label_replace, label_join and sort drops the metric name, as in Prometheus.
import type { Labels } from '../../shared/series-id';
import type { Expr } from './ast';
import { dedupe } from './dedupe';
import { EvalError } from './errors';
import { bucketFraction, bucketQuantile, type Bucket } from './histogram';
import { dropName, labelsKey } from './labels';
import { counterResets, RANGE_FUNCTIONS, slideWindows, type Window } from './range-functions';
import { compileLabelRegex } from './regex';
import { emptyPoints, materialized, type EvalContext, type Points, type RangeSeries, type Series, type Value } from './values';

type CallExpr = Extract<Expr, { kind: 'call' }>;

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

const MATH: Record<string, (v: number) => number> = {
  abs: Math.abs,
  ceil: Math.ceil,
  floor: Math.floor,
  exp: Math.exp,
  ln: Math.log,
  log2: Math.log2,
  log10: Math.log10,
  sqrt: Math.sqrt,
  sgn: Math.sign,
  acos: Math.acos,
  acosh: Math.acosh,
  asin: Math.asin,
  asinh: Math.asinh,
  atan: Math.atan,
  atanh: Math.atanh,
  cos: Math.cos,
  cosh: Math.cosh,
  sin: Math.sin,
  sinh: Math.sinh,
  tan: Math.tan,
  tanh: Math.tanh,
  deg: (v) => (v * 180) / Math.PI,
  rad: (v) => (v * Math.PI) / 180,
};

/** Calendar fields of a Unix time in seconds, in UTC as Prometheus computes them. */
const DATES: Record<string, (d: Date) => number> = {
  day_of_month: (d) => d.getUTCDate(),
  day_of_week: (d) => d.getUTCDay(),
  day_of_year: (d) => Math.floor((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000) + 1,
  days_in_month: (d) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate(),
  hour: (d) => d.getUTCHours(),
  minute: (d) => d.getUTCMinutes(),
  month: (d) => d.getUTCMonth() + 1,
  year: (d) => d.getUTCFullYear(),
};

function vectorOf(v: Value, fn: string): Series[] {
  if (v.kind !== 'vector') throw new EvalError(`${fn}() needs an instant vector, got a ${v.kind}`);
  return v.series;
}
function scalarOf(v: Value): Float64Array {
  if (v.kind !== 'scalar') throw new EvalError(`expected a number, got a ${v.kind}`);
  return v.values;
}
function stringOf(v: Value): string {
  if (v.kind !== 'string') throw new EvalError(`expected a string, got a ${v.kind}`);
  return v.value;
}

/** Applies f to every present value; f may return undefined to drop a step. */
function mapValues(series: Series[], keepName: boolean, f: (v: number, i: number, p: Points) => number | undefined): Series[] {
  return series.map((s) => ({
    labels: keepName ? s.labels : dropName(s.labels),
    points: async () => {
      const p = await s.points();
      const out = emptyPoints(p.values.length);
      for (let i = 0; i < p.values.length; i++) {
        if (!p.present[i]) continue;
        const v = f(p.values[i]!, i, p);
        if (v === undefined) continue;
        out.present[i] = 1;
        out.values[i] = v;
      }
      return out;
    },
  }));
}

async function rangeFunction(ctx: EvalContext, fn: string, matrix: Value, param: Float64Array | null): Promise<Series[]> {
  if (matrix.kind !== 'matrix') throw new EvalError(`${fn}() needs a range vector`);
  const spec = RANGE_FUNCTIONS[fn]!;
  const { evalTimes, rangeMs } = matrix;
  const steps = evalTimes.length;
  // Counter resets of one series at a time, in a buffer this call's series share.
  let resetBuffer: Float64Array = new Float64Array(0);
  const one = (s: RangeSeries): Series => ({
    labels: spec.keepName ? s.labels : dropName(s.labels),
    points: async () => {
      const { ts, vs } = await s.samples();
      ctx.budget.count(steps);
      const out = emptyPoints(steps);
      if (spec.needsResets) resetBuffer = counterResets(vs, resetBuffer);
      const w: Window = { ts, vs, lo: 0, hi: 0, t: 0, rangeMs, param: 0, resets: spec.needsResets ? resetBuffer : null };
      // In chunks of steps: long windows (quantile_over_time over hours) make one series a lot
      // of work. The loop itself stays synchronous, where V8 keeps its variables in registers.
      for (let from = 0; from < steps; from += 64) {
        if (from > 0 && ctx.budget.due()) await ctx.budget.pause();
        slideWindows(spec, w, evalTimes, param, out, from, Math.min(steps, from + 64));
      }
      return out;
    },
  });
  return matrix.series.map(one);
}

/** The labels absent() and absent_over_time() give: the selector's equality matchers. */
function absentLabels(arg: Expr): Labels {
  const sel = arg.kind === 'selector' ? arg : arg.kind === 'subquery' && arg.expr.kind === 'selector' ? arg.expr : null;
  if (!sel) return {};
  const out: Labels = {};
  const seen = new Set<string>();
  for (const m of sel.matchers) {
    if (m.name === '__name__') continue;
    // A label matched twice says nothing certain about its value: Prometheus leaves it out.
    if (seen.has(m.name)) delete out[m.name];
    else if (m.op === '=') out[m.name] = m.value;
    seen.add(m.name);
  }
  return out;
}

/** Go's regexp Expand: $1, ${1}, $name, ${name}, $$. */
function expand(template: string, match: RegExpExecArray): string {
  return template.replace(/\$(?:\$|\{(\w+)\}|(\w+))/g, (whole, braced?: string, bare?: string) => {
    if (whole === '$$') return '$';
    const name = braced ?? bare!;
    if (/^\d+$/.test(name)) return match[Number(name)] ?? '';
    return match.groups?.[name] ?? '';
  });
}

function parseLe(le: string): number {
  if (/^\+?inf$/i.test(le)) return Infinity;
  if (/^-inf$/i.test(le)) return -Infinity;
  return le.trim() === '' ? NaN : Number(le);
}

/** histogram_quantile / histogram_fraction: groups the `le` series by their other labels, per step. */
async function overBuckets(ctx: EvalContext, input: Series[], steps: number, estimate: (buckets: Bucket[], i: number) => number): Promise<Series[]> {
  const groups = new Map<string, { labels: Labels; members: { upper: number; points: Points }[] }>();
  for (const s of input) {
    const le = s.labels.le;
    if (le === undefined) continue;
    const upper = parseLe(le);
    if (Number.isNaN(upper)) continue;
    if (ctx.budget.due()) await ctx.budget.pause();
    const { le: _le, ...rest } = dropName(s.labels);
    const key = labelsKey(rest);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { labels: rest, members: [] }));
    g.members.push({ upper, points: await s.points() });
  }
  const out: Series[] = [];
  for (const g of groups.values()) {
    if (ctx.budget.due()) await ctx.budget.pause();
    const p = emptyPoints(steps);
    for (let i = 0; i < steps; i++) {
      if ((i & 63) === 63 && ctx.budget.due()) await ctx.budget.pause();
      const buckets: Bucket[] = [];
      for (const m of g.members) if (m.points.present[i]) buckets.push({ upper: m.upper, count: m.points.values[i]! });
      if (buckets.length === 0) continue;
      p.present[i] = 1;
      p.values[i] = estimate(buckets, i);
    }
    out.push(materialized(g.labels, p));
  }
  return out;
}

export async function callFunction(ctx: EvalContext, e: CallExpr, times: Float64Array): Promise<Value> {
  const steps = times.length;
  const fn = e.fn;
  const args: Value[] = [];
  for (const a of e.args) args.push(await ctx.eval(a, times));
  const vector = async (series: Series[]): Promise<Value> => ({ kind: 'vector', series: await dedupe(series, steps, ctx.budget, `${fn}() at position ${e.pos + 1}`) });

  if (fn in RANGE_FUNCTIONS) {
    const matrixAt = fn === 'quantile_over_time' ? 1 : 0;
    const param = fn === 'quantile_over_time' ? scalarOf(args[0]!) : fn === 'predict_linear' ? scalarOf(args[1]!) : null;
    return vector(await rangeFunction(ctx, fn, args[matrixAt]!, param));
  }
  if (fn in MATH) return vector(mapValues(vectorOf(args[0]!, fn), false, MATH[fn]!));
  if (fn in DATES) {
    const field = DATES[fn]!;
    const ofSeconds = (v: number) => (Number.isFinite(v) ? field(new Date(v * 1000)) : NaN);
    if (args.length === 0) return { kind: 'vector', series: [materialized({}, { values: times.map((t) => ofSeconds(t / 1000)), present: new Uint8Array(steps).fill(1) })] };
    return vector(mapValues(vectorOf(args[0]!, fn), false, ofSeconds));
  }
  switch (fn) {
    case 'time':
      return { kind: 'scalar', values: times.map((t) => t / 1000) };
    case 'pi':
      return { kind: 'scalar', values: new Float64Array(steps).fill(Math.PI) };
    case 'vector':
      return { kind: 'vector', series: [materialized({}, { values: scalarOf(args[0]!), present: new Uint8Array(steps).fill(1) })] };
    case 'scalar': {
      const values = new Float64Array(steps).fill(NaN);
      const seen = new Uint8Array(steps);
      for (const s of vectorOf(args[0]!, fn)) {
        if (ctx.budget.due()) await ctx.budget.pause();
        const p = await s.points();
        for (let i = 0; i < steps; i++) {
          if (!p.present[i]) continue;
          seen[i]!++;
          // More than one element: Prometheus's scalar() gives NaN.
          values[i] = seen[i] === 1 ? p.values[i]! : NaN;
        }
      }
      return { kind: 'scalar', values };
    }
    case 'clamp':
    case 'clamp_min':
    case 'clamp_max': {
      const lo = fn === 'clamp_max' ? null : scalarOf(args[1]!);
      const hi = fn === 'clamp_min' ? null : scalarOf(args[fn === 'clamp' ? 2 : 1]!);
      return vector(
        mapValues(vectorOf(args[0]!, fn), false, (v, i) => {
          // clamp with min > max has no answer: Prometheus returns nothing for that step.
          if (lo && hi && lo[i]! > hi[i]!) return undefined;
          let out = v;
          if (lo) out = Number.isNaN(lo[i]!) ? NaN : Math.max(out, lo[i]!);
          if (hi) out = Number.isNaN(hi[i]!) ? NaN : Math.min(out, hi[i]!);
          return out;
        }),
      );
    }
    case 'round': {
      const to = args[1] ? scalarOf(args[1]) : null;
      return vector(
        mapValues(vectorOf(args[0]!, fn), false, (v, i) => {
          const inverse = 1 / (to ? to[i]! : 1);
          return Math.floor(v * inverse + 0.5) / inverse;
        }),
      );
    }
    case 'timestamp':
      return vector(mapValues(vectorOf(args[0]!, fn), false, (_v, i, p) => (p.sampleTimes ? p.sampleTimes[i]! : times[i]!) / 1000));
    case 'sort':
    case 'sort_desc': {
      // Order only means something for an instant query; a range query's series are unordered.
      const series = [...vectorOf(args[0]!, fn)];
      if (steps !== 1) return { kind: 'vector', series };
      const keyed: { s: Series; v: number }[] = [];
      for (const s of series) {
        if (ctx.budget.due()) await ctx.budget.pause();
        const p = await s.points();
        keyed.push({ s: materialized(s.labels, p), v: p.present[0] ? p.values[0]! : NaN });
      }
      const dir = fn === 'sort' ? 1 : -1;
      keyed.sort((a, b) => (Number.isNaN(a.v) ? 1 : Number.isNaN(b.v) ? -1 : dir * (a.v - b.v)));
      return { kind: 'vector', series: keyed.map((k) => k.s) };
    }
    case 'label_replace': {
      const [dst, replacement, src, pattern] = args.slice(1).map(stringOf) as [string, string, string, string];
      if (!LABEL_NAME.test(dst)) throw new EvalError(`label_replace() at position ${e.pos + 1}: invalid destination label name ${JSON.stringify(dst)}`);
      let re: RegExp;
      try {
        re = compileLabelRegex(pattern);
      } catch (err) {
        throw new EvalError(`label_replace() at position ${e.pos + 1}: invalid regular expression ${JSON.stringify(pattern)}: ${(err as Error).message}`);
      }
      const series = vectorOf(args[0]!, fn).map((s) => {
        const m = re.exec(s.labels[src] ?? '');
        if (!m) return s;
        const value = expand(replacement, m);
        const labels = { ...s.labels };
        if (value === '') delete labels[dst];
        else labels[dst] = value;
        return { labels, points: s.points };
      });
      return vector(series);
    }
    case 'label_join': {
      const [dst, sep, ...srcs] = args.slice(1).map(stringOf) as [string, string, ...string[]];
      if (!LABEL_NAME.test(dst)) throw new EvalError(`label_join() at position ${e.pos + 1}: invalid destination label name ${JSON.stringify(dst)}`);
      const series = vectorOf(args[0]!, fn).map((s) => {
        const value = srcs.map((l) => s.labels[l] ?? '').join(sep);
        const labels = { ...s.labels };
        if (value === '') delete labels[dst];
        else labels[dst] = value;
        return { labels, points: s.points };
      });
      return vector(series);
    }
    case 'absent':
    case 'absent_over_time': {
      const any = new Uint8Array(steps);
      if (fn === 'absent') {
        for (const s of vectorOf(args[0]!, fn)) {
          if (ctx.budget.due()) await ctx.budget.pause();
          const p = await s.points();
          for (let i = 0; i < steps; i++) any[i]! |= p.present[i]!;
        }
      } else {
        for (const s of await rangeFunction(ctx, 'present_over_time', args[0]!, null)) {
          if (ctx.budget.due()) await ctx.budget.pause();
          const p = await s.points();
          for (let i = 0; i < steps; i++) any[i]! |= p.present[i]!;
        }
      }
      const present = any.map((x) => 1 - x);
      if (!present.includes(1)) return { kind: 'vector', series: [] };
      return { kind: 'vector', series: [materialized(absentLabels(e.args[0]!), { values: new Float64Array(steps).fill(1), present })] };
    }
    case 'histogram_quantile': {
      const q = scalarOf(args[0]!);
      return vector(await overBuckets(ctx, vectorOf(args[1]!, fn), steps, (b, i) => bucketQuantile(q[i]!, b)));
    }
    case 'histogram_fraction': {
      const lower = scalarOf(args[0]!);
      const upper = scalarOf(args[1]!);
      return vector(await overBuckets(ctx, vectorOf(args[2]!, fn), steps, (b, i) => bucketFraction(lower[i]!, upper[i]!, b)));
    }
  }
  throw new EvalError(`${fn}() at position ${e.pos + 1} is not implemented`);
}
