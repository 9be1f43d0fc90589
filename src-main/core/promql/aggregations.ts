// Aggregation operators. Streaming ones (sum, avg, count, group, min, max, stddev, stdvar) read
// one input series at a time into per-group, per-step accumulators, so sum(rate(x[1m])) over
// 20k series never holds 20k columns. topk, bottomk, quantile and count_values need every
// member's value at a step, so they hold their group's columns.
import type { Labels } from '../../shared/series-id';
import type { AggregateOp, Expr } from './ast';
import { EvalError } from './errors';
import { labelsKey } from './labels';
import { Mean, Variance, quantile } from './numeric';
import { emptyPoints, materialized, type EvalContext, type Points, type Series, type Value } from './values';

type AggregateExpr = Extract<Expr, { kind: 'aggregate' }>;

function groupLabels(labels: Labels, by: string[] | null, without: string[] | null): Labels {
  const out: Labels = {};
  if (by) {
    for (const k of by) if (k in labels) out[k] = labels[k]!;
  } else if (without) {
    for (const k in labels) if (k !== '__name__' && !without.includes(k)) out[k] = labels[k]!;
  }
  return out;
}

/** Go's strconv.FormatFloat(v, 'f', -1, 64), which count_values uses for its label values. */
function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '-Inf';
  const s = String(v);
  return s.includes('e') ? v.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 100 }) : s;
}

interface Group {
  labels: Labels;
  members: Series[];
}

/** Folds one member's column into the group's per-step state; one tight loop per operator. */
type Fold = (p: Points, values: Float64Array, count: Float64Array, comp: Float64Array, acc: (Mean | Variance | undefined)[]) => void;

const FOLDS: Partial<Record<AggregateOp, Fold>> = {
  sum(p, values, count, comp) {
    // Compensated (Kahan–Neumaier) sum, inlined: this is the hot loop of sum(rate(...)).
    for (let i = 0; i < values.length; i++) {
      if (!p.present[i]) continue;
      const x = p.values[i]!;
      const sum = values[i]!;
      const t = sum + x;
      if (!Number.isFinite(t)) comp[i] = 0;
      else if (Math.abs(sum) >= Math.abs(x)) comp[i]! += sum - t + x;
      else comp[i]! += x - t + sum;
      values[i] = t;
      count[i]!++;
    }
  },
  min(p, values, count) {
    for (let i = 0; i < values.length; i++) {
      if (!p.present[i]) continue;
      const x = p.values[i]!;
      if (count[i]!++ === 0 || Number.isNaN(values[i]!) || x < values[i]!) values[i] = x;
    }
  },
  max(p, values, count) {
    for (let i = 0; i < values.length; i++) {
      if (!p.present[i]) continue;
      const x = p.values[i]!;
      if (count[i]!++ === 0 || Number.isNaN(values[i]!) || x > values[i]!) values[i] = x;
    }
  },
  avg(p, values, count, _comp, acc) {
    for (let i = 0; i < values.length; i++) {
      if (!p.present[i]) continue;
      count[i]!++;
      (acc[i] ??= new Mean()).add(p.values[i]!);
    }
  },
  stdvar(p, values, count, _comp, acc) {
    for (let i = 0; i < values.length; i++) {
      if (!p.present[i]) continue;
      count[i]!++;
      (acc[i] ??= new Variance()).add(p.values[i]!);
    }
  },
};
FOLDS.stddev = FOLDS.stdvar;
FOLDS.count = FOLDS.group = (p, values, count) => {
  for (let i = 0; i < values.length; i++) if (p.present[i]) count[i]!++;
};

async function streaming(ctx: EvalContext, op: AggregateOp, g: Group, steps: number): Promise<Points> {
  const out = emptyPoints(steps);
  const count = new Float64Array(steps);
  const comp = new Float64Array(steps);
  const acc: (Mean | Variance | undefined)[] = new Array(steps);
  const fold = FOLDS[op]!;
  for (const s of g.members) {
    if (ctx.budget.due()) await ctx.budget.pause();
    fold(await s.points(), out.values, count, comp, acc);
  }
  const { values } = out;
  for (let i = 0; i < steps; i++) {
    if (count[i] === 0) continue;
    out.present[i] = 1;
    if (op === 'sum') values[i] = Number.isFinite(values[i]!) ? values[i]! + comp[i]! : values[i]!;
    else if (op === 'count') values[i] = count[i]!;
    else if (op === 'group') values[i] = 1;
    else if (op === 'avg' || op === 'stdvar') values[i] = acc[i]!.value();
    else if (op === 'stddev') values[i] = Math.sqrt(acc[i]!.value());
  }
  return out;
}

/** topk / bottomk: the member series themselves, present at the steps where they rank. */
async function ranked(ctx: EvalContext, op: 'topk' | 'bottomk', g: Group, columns: Points[], k: Float64Array, steps: number): Promise<Series[]> {
  const chosen = columns.map(() => emptyPoints(steps));
  const order = op === 'topk' ? -1 : 1;
  for (let i = 0; i < steps; i++) {
    if (ctx.budget.due()) await ctx.budget.pause();
    const n = Math.trunc(k[i]!);
    if (!(n >= 1)) continue;
    const at: number[] = [];
    for (let m = 0; m < columns.length; m++) if (columns[m]!.present[i]) at.push(m);
    // NaN never outranks a number, for topk or bottomk.
    at.sort((a, b) => {
      const va = columns[a]!.values[i]!;
      const vb = columns[b]!.values[i]!;
      if (Number.isNaN(va)) return Number.isNaN(vb) ? 0 : 1;
      if (Number.isNaN(vb)) return -1;
      return order * (va - vb);
    });
    for (const m of at.slice(0, n)) {
      chosen[m]!.present[i] = 1;
      chosen[m]!.values[i] = columns[m]!.values[i]!;
    }
  }
  const out: Series[] = [];
  g.members.forEach((s, m) => {
    if (chosen[m]!.present.includes(1)) out.push(materialized(s.labels, chosen[m]!));
  });
  return out;
}

export async function aggregate(ctx: EvalContext, e: AggregateExpr, times: Float64Array): Promise<Value> {
  const steps = times.length;
  const param = e.param ? await ctx.eval(e.param, times) : null;
  const input = await ctx.eval(e.expr, times);
  if (input.kind !== 'vector') throw new EvalError(`${e.op}() needs an instant vector, got a ${input.kind}`);
  const groups = new Map<string, Group>();
  for (let i = 0; i < input.series.length; i++) {
    if ((i & 1023) === 0 && ctx.budget.due()) await ctx.budget.pause();
    const s = input.series[i]!;
    const labels = groupLabels(s.labels, e.by, e.without);
    const key = labelsKey(labels);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { labels, members: [] }));
    g.members.push(s);
  }
  const out: Series[] = [];
  for (const g of groups.values()) {
    switch (e.op) {
      case 'topk':
      case 'bottomk':
      case 'quantile':
      case 'count_values': {
        const columns: Points[] = [];
        for (const s of g.members) {
          if (ctx.budget.due()) await ctx.budget.pause();
          columns.push(await s.points());
        }
        if (e.op === 'topk' || e.op === 'bottomk') {
          out.push(...(await ranked(ctx, e.op, g, columns, (param as { values: Float64Array }).values, steps)));
        } else if (e.op === 'quantile') {
          const q = (param as { values: Float64Array }).values;
          const p = emptyPoints(steps);
          for (let i = 0; i < steps; i++) {
            if (ctx.budget.due()) await ctx.budget.pause();
            const vs: number[] = [];
            for (const c of columns) if (c.present[i]) vs.push(c.values[i]!);
            if (vs.length === 0) continue;
            p.present[i] = 1;
            p.values[i] = quantile(q[i]!, vs);
          }
          out.push(materialized(g.labels, p));
        } else {
          const label = (param as { value: string }).value;
          if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(label)) throw new EvalError(`count_values at position ${e.pos + 1}: invalid label name ${JSON.stringify(label)}`);
          const byValue = new Map<string, Points>();
          for (let i = 0; i < steps; i++) {
            if (ctx.budget.due()) await ctx.budget.pause();
            for (const c of columns) {
              if (!c.present[i]) continue;
              const key = formatValue(c.values[i]!);
              let p = byValue.get(key);
              if (!p) byValue.set(key, (p = emptyPoints(steps)));
              p.present[i] = 1;
              p.values[i]!++;
            }
          }
          for (const [value, p] of byValue) out.push(materialized({ ...g.labels, [label]: value }, p));
        }
        break;
      }
      default:
        out.push(materialized(g.labels, await streaming(ctx, e.op, g, steps)));
    }
  }
  return { kind: 'vector', series: out };
}
