// Binary operators: arithmetic, comparisons (filtering or with bool), and the set operators
// and/or/unless, between scalars and instant vectors. Vector-vector operations match series by
// their labels (all but the name, or on/ignoring), one-to-one or many-to-one with group_left /
// group_right, and refuse ambiguous matches the way Prometheus does, per step.
import type { Labels } from '../../shared/series-id';
import type { BinaryOp, Expr, VectorMatching } from './ast';
import { dedupe } from './dedupe';
import { EvalError } from './errors';
import { dropName, labelsKey, matchLabels, showLabels } from './labels';
import { emptyPoints, materialized, type EvalContext, type Points, type Series, type Value } from './values';

type BinaryExpr = Extract<Expr, { kind: 'binary' }>;

const COMPARISONS = new Set<BinaryOp>(['==', '!=', '>', '<', '>=', '<=']);

/** Go's math.Pow differs from ** where the base is 1 or -1 and the exponent NaN or ±Inf. */
function pow(a: number, b: number): number {
  if (a === 1 || b === 0) return 1;
  if (a === -1 && !Number.isFinite(b) && !Number.isNaN(b)) return 1;
  return a ** b;
}

function apply(op: BinaryOp, a: number, b: number): number {
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
    case '^':
      return pow(a, b);
    case 'atan2':
      return Math.atan2(a, b);
    case '==':
      return Number(a === b);
    case '!=':
      return Number(a !== b);
    case '>':
      return Number(a > b);
    case '<':
      return Number(a < b);
    case '>=':
      return Number(a >= b);
    case '<=':
      return Number(a <= b);
    default:
      throw new EvalError(`${op} is a set operator`);
  }
}

/** One output value: undefined when a filtering comparison drops the element. */
function element(e: BinaryExpr, l: number, r: number, vectorValue: number): number | undefined {
  const v = apply(e.op, l, r);
  if (!COMPARISONS.has(e.op) || e.bool) return v;
  return v === 1 ? vectorValue : undefined;
}

const dropsName = (e: BinaryExpr) => !COMPARISONS.has(e.op) || e.bool;

async function columns(ctx: EvalContext, series: Series[]): Promise<Points[]> {
  const out: Points[] = [];
  for (const s of series) {
    if (ctx.budget.due()) await ctx.budget.pause();
    out.push(await s.points());
  }
  return out;
}

function bySignature(series: Series[], m: VectorMatching | null): Map<string, number[]> {
  const out = new Map<string, number[]>();
  series.forEach((s, i) => {
    const sig = labelsKey(matchLabels(s.labels, m?.on ?? false, m?.labels ?? []));
    const list = out.get(sig);
    if (list) list.push(i);
    else out.set(sig, [i]);
  });
  return out;
}

/** For each signature, the steps at which any of its series is present. */
function presence(groups: Map<string, number[]>, cols: Points[], steps: number): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  for (const [sig, members] of groups) {
    const any = new Uint8Array(steps);
    for (const m of members) for (let i = 0; i < steps; i++) any[i]! |= cols[m]!.present[i]!;
    out.set(sig, any);
  }
  return out;
}

async function setOperation(ctx: EvalContext, e: BinaryExpr, lhs: Series[], rhs: Series[], steps: number): Promise<Series[]> {
  const [lcols, rcols] = [await columns(ctx, lhs), await columns(ctx, rhs)];
  const lsig = bySignature(lhs, e.matching);
  const rsig = bySignature(rhs, e.matching);
  const rAny = presence(rsig, rcols, steps);
  const out: Series[] = [];
  const keep = (s: Series, col: Points, where: (i: number) => boolean) => {
    const p = emptyPoints(steps);
    for (let i = 0; i < steps; i++) {
      if (!col.present[i] || !where(i)) continue;
      p.present[i] = 1;
      p.values[i] = col.values[i]!;
    }
    if (p.present.includes(1)) out.push(materialized(s.labels, p));
  };
  for (const [sig, members] of lsig) {
    const other = rAny.get(sig);
    for (const m of members) {
      if (e.op === 'and') keep(lhs[m]!, lcols[m]!, (i) => !!other?.[i]);
      else if (e.op === 'unless') keep(lhs[m]!, lcols[m]!, (i) => !other?.[i]);
      else keep(lhs[m]!, lcols[m]!, () => true);
    }
  }
  if (e.op === 'or') {
    const lAny = presence(lsig, lcols, steps);
    for (const [sig, members] of rsig) {
      const other = lAny.get(sig);
      for (const m of members) keep(rhs[m]!, rcols[m]!, (i) => !other?.[i]);
    }
  }
  return out;
}

function resultLabels(e: BinaryExpr, many: Labels, one: Labels): Labels {
  let labels = dropsName(e) ? dropName(many) : { ...many };
  const m = e.matching;
  if (!m || m.card === 'one-to-one') {
    if (m?.on) labels = Object.fromEntries(Object.entries(labels).filter(([k]) => m.labels.includes(k)));
    else if (m) labels = Object.fromEntries(Object.entries(labels).filter(([k]) => !m.labels.includes(k)));
    return labels;
  }
  for (const k of m.include) {
    if (one[k]) labels[k] = one[k];
    else delete labels[k];
  }
  return labels;
}

async function vectorMatch(ctx: EvalContext, e: BinaryExpr, lhs: Series[], rhs: Series[], steps: number): Promise<Series[]> {
  const card = e.matching?.card ?? 'one-to-one';
  // The "many" side keeps its labels; the "one" side must be unique per signature at each step.
  const swap = card === 'one-to-many';
  const [many, one] = swap ? [rhs, lhs] : [lhs, rhs];
  const [manyCols, oneCols] = [await columns(ctx, many), await columns(ctx, one)];
  const oneSig = bySignature(one, e.matching);
  const manySig = bySignature(many, e.matching);
  const oneSide = swap ? 'left' : 'right';
  for (const [, members] of oneSig) {
    if (members.length < 2) continue;
    if (ctx.budget.due()) await ctx.budget.pause();
    for (let i = 0; i < steps; i++) {
      const present = members.filter((m) => oneCols[m]!.present[i]);
      if (present.length > 1) {
        throw new EvalError(
          `${e.op} at position ${e.pos + 1}: several series on the ${oneSide} side match the same labels (${present.map((m) => showLabels(one[m]!.labels)).join(', ')}); many-to-many matching is not allowed: make the labels unique on one side, or aggregate first (e.g. sum by (...))`,
        );
      }
    }
  }
  const out: Series[] = [];
  for (const [sig, members] of manySig) {
    const partners = oneSig.get(sig);
    if (!partners) continue;
    if (card === 'one-to-one' && members.length > 1) {
      for (let i = 0; i < steps; i++) {
        if (!partners.some((o) => oneCols[o]!.present[i])) continue;
        if (members.filter((m) => manyCols[m]!.present[i]).length > 1) {
          throw new EvalError(`${e.op} at position ${e.pos + 1}: several series on the ${swap ? 'right' : 'left'} side match one series on the ${oneSide} (${showLabels(many[members[0]!]!.labels)}, ...); many-to-one matching must be explicit: use group_left or group_right, or aggregate first`);
        }
      }
    }
    for (const m of members) {
      if (ctx.budget.due()) await ctx.budget.pause();
      for (const o of partners) {
        const mc = manyCols[m]!;
        const oc = oneCols[o]!;
        const p = emptyPoints(steps);
        for (let i = 0; i < steps; i++) {
          if (!mc.present[i] || !oc.present[i]) continue;
          const [l, r] = swap ? [oc.values[i]!, mc.values[i]!] : [mc.values[i]!, oc.values[i]!];
          const v = element(e, l, r, l);
          if (v === undefined) continue;
          p.present[i] = 1;
          p.values[i] = v;
        }
        if (p.present.includes(1)) out.push(materialized(resultLabels(e, many[m]!.labels, one[o]!.labels), p));
      }
    }
  }
  return out;
}

export async function binary(ctx: EvalContext, e: BinaryExpr, times: Float64Array): Promise<Value> {
  const steps = times.length;
  const lhs = await ctx.eval(e.lhs, times);
  const rhs = await ctx.eval(e.rhs, times);
  if (lhs.kind === 'scalar' && rhs.kind === 'scalar') {
    return { kind: 'scalar', values: lhs.values.map((l, i) => apply(e.op, l, rhs.values[i]!)) };
  }
  const where = `${e.op} at position ${e.pos + 1}`;
  if (lhs.kind === 'scalar' || rhs.kind === 'scalar') {
    const scalarLeft = lhs.kind === 'scalar';
    const k = (scalarLeft ? lhs : rhs) as { values: Float64Array };
    const vec = (scalarLeft ? rhs : lhs) as { kind: 'vector'; series: Series[] };
    const series = vec.series.map((s) => ({
      labels: dropsName(e) ? dropName(s.labels) : s.labels,
      points: async () => {
        const p = await s.points();
        const out = emptyPoints(steps);
        for (let i = 0; i < steps; i++) {
          if (!p.present[i]) continue;
          const v = p.values[i]!;
          // A filtering comparison keeps the vector's value, whichever side it is on.
          const r = scalarLeft ? element(e, k.values[i]!, v, v) : element(e, v, k.values[i]!, v);
          if (r === undefined) continue;
          out.present[i] = 1;
          out.values[i] = r;
        }
        return out;
      },
    }));
    return { kind: 'vector', series: dropsName(e) ? await dedupe(series, steps, ctx.budget, where) : series };
  }
  if (lhs.kind !== 'vector' || rhs.kind !== 'vector') throw new EvalError(`${where} needs scalars or instant vectors`);
  const series = e.op === 'and' || e.op === 'or' || e.op === 'unless' ? await setOperation(ctx, e, lhs.series, rhs.series, steps) : await vectorMatch(ctx, e, lhs.series, rhs.series, steps);
  return { kind: 'vector', series: await dedupe(series, steps, ctx.budget, where) };
}
