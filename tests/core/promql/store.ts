// A live store filled with given samples, and shorthands for instant queries in seconds.
import { expect } from 'vitest';
import { LiveStore } from '../../../src-main/core/live-store';
import { evaluateInstant } from '../../../src-main/core/promql/evaluate';

/** A store filled with `id -> [[seconds, value], ...]`. */
export function storeWith(series: Record<string, [number, number][]>): LiveStore {
  const store = new LiveStore(() => 10_000);
  const rows = Object.entries(series).flatMap(([id, pts]) => pts.map(([s, v]) => ({ t: s * 1000, id, v })));
  rows.sort((a, b) => a.t - b.t);
  for (const r of rows) store.add({ t: r.t, collector: 'scrape', values: { [r.id]: r.v } });
  return store;
}

/** `[[t, f(t)], ...]` for t = from, from + step, ..., to (seconds). */
export function every(from: number, to: number, step: number, f: (t: number) => number): [number, number][] {
  const out: [number, number][] = [];
  for (let t = from; t <= to; t += step) out.push([t, f(t)]);
  return out;
}

export const at = (s: number) => s * 1000;

/** The single value of an instant query at `s` seconds. */
export async function one(store: LiveStore, q: string, s: number): Promise<number> {
  const r = await evaluateInstant(store, q, at(s));
  expect(r.values, `${q} should give one value, gave ${JSON.stringify(r.series)}`).toHaveLength(1);
  return r.values[0]!;
}

/** Series name -> value of an instant query at `s` seconds. */
export async function all(store: LiveStore, q: string, s: number): Promise<Record<string, number>> {
  const r = await evaluateInstant(store, q, at(s));
  return Object.fromEntries(r.series.map((name, i) => [name, r.values[i]!]));
}
