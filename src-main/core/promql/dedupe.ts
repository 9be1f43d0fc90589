// Prometheus refuses a result in which two series have the same label set at the same step
// ("vector cannot contain metrics with the same labelset"), which happens when an operation
// drops the metric name or rewrites labels. Series that collide only on different steps are
// one series of the result, so they are merged.
import type { Budget } from './budget';
import { EvalError } from './errors';
import { labelsKey, showLabels } from './labels';
import { emptyPoints, materialized, type Series } from './values';

export async function dedupe(series: Series[], steps: number, budget: Budget, what: string): Promise<Series[]> {
  const byKey = new Map<string, number[]>();
  for (let i = 0; i < series.length; i++) {
    if ((i & 1023) === 0 && budget.due()) await budget.pause();
    const key = labelsKey(series[i]!.labels);
    const same = byKey.get(key);
    if (same) same.push(i);
    else byKey.set(key, [i]);
  }
  if (byKey.size === series.length) return series;
  const out: Series[] = [];
  for (const members of byKey.values()) {
    if (members.length === 1) {
      out.push(series[members[0]!]!);
      continue;
    }
    const merged = emptyPoints(steps);
    for (const m of members) {
      if (budget.due()) await budget.pause();
      const p = await series[m]!.points();
      for (let i = 0; i < steps; i++) {
        if (!p.present[i]) continue;
        if (merged.present[i]) throw new EvalError(`${what} gives two series with the same labels ${showLabels(series[m]!.labels)} (Prometheus: vector cannot contain metrics with the same labelset); keep a label that tells them apart`);
        merged.present[i] = 1;
        merged.values[i] = p.values[i]!;
      }
    }
    out.push(materialized(series[members[0]!]!.labels, merged));
  }
  return out;
}
