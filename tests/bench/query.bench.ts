// npm run bench -- query
// sum(rate(x[1m])) over 20k series holding 10 minutes of 1 s samples, charted at a 1 s step, while
// a 10 ms interval timer in the same process measures how late it fires (the stall the query
// inflicts on sampling, scraping and the API). Baseline in the same run: the same answer computed
// by a bare synchronous loop over the same rings, which is what any evaluation must at least cost.
import { LiveStore } from '../../src-main/core/live-store';
import { evaluateRange } from '../../src-main/core/promql/evaluate';

const SERIES = 20_000;
const SECONDS = 600;
const T0 = Date.UTC(2026, 10, 1);
const QUERY = 'sum(rate(x[1m]))';

function fill(): { store: LiveStore; ids: string[] } {
  const store = new LiveStore(() => SECONDS + 60);
  const ids = Array.from({ length: SERIES }, (_, i) => `x{instance="host-${i % 50}",series="${i}"}`);
  const totals = new Float64Array(SERIES);
  for (let k = 0; k <= SECONDS; k++) {
    const values: Record<string, number> = {};
    for (let i = 0; i < SERIES; i++) values[ids[i]!] = totals[i]! += 1 + ((i * 7 + k) % 5);
    store.add({ t: T0 + k * 1000, collector: 'scrape', values });
  }
  return { store, ids };
}

/** Runs fn while a 10 ms timer measures its own lateness and the process's RSS. */
async function watched(fn: () => Promise<unknown> | unknown): Promise<{ ms: number; stall: number; rssMb: number }> {
  let stall = 0;
  let rss = process.memoryUsage.rss();
  let expected = performance.now() + 10;
  const timer = setInterval(() => {
    const now = performance.now();
    stall = Math.max(stall, now - expected);
    expected = now + 10;
    rss = Math.max(rss, process.memoryUsage.rss());
  }, 10);
  // Let the timer start before the work does.
  await new Promise((r) => setTimeout(r, 30));
  expected = performance.now() + 10;
  const t0 = performance.now();
  await fn();
  const ms = performance.now() - t0;
  // One more tick so that a stall at the very end is seen too.
  await new Promise((r) => setTimeout(r, 15));
  clearInterval(timer);
  return { ms, stall, rssMb: rss / 1024 ** 2 };
}

/** The baseline: per series, per step, first and last sample of the window and the resets. */
function bareLoop(store: LiveStore, from: number, to: number): number[] {
  const sums: number[] = [];
  const series = store.select([{ name: '__name__', op: '=', value: 'x', re: null }]);
  const out = new Float64Array((to - from) / 1000 + 1);
  for (const s of series) {
    const ts: number[] = [];
    const vs: number[] = [];
    s.forEachInRange(from - 60_000, to, (t, v) => {
      ts.push(t);
      vs.push(v);
    });
    let lo = 0;
    let hi = 0;
    for (let k = 0; k < out.length; k++) {
      const t = from + k * 1000;
      while (hi < ts.length && ts[hi]! <= t) hi++;
      while (lo < hi && ts[lo]! <= t - 60_000) lo++;
      if (hi - lo >= 2) out[k]! += (vs[hi - 1]! - vs[lo]!) / ((ts[hi - 1]! - ts[lo]!) / 1000);
    }
  }
  sums.push(...out);
  return sums;
}

const { store } = fill();
global.gc?.();
// The store alone (20k rings of 661 samples) is most of the process; the query adds the rest.
const rssBefore = process.memoryUsage.rss() / 1024 ** 2;
const from = T0;
const to = T0 + SECONDS * 1000;
let points = 0;
const ours = await watched(async () => {
  const r = await evaluateRange(store, QUERY, from, to, 1000);
  points = r.t.length;
});
global.gc?.();
const base = await watched(() => bareLoop(store, from, to));

console.log(
  JSON.stringify({
    bench: 'query',
    series: SERIES,
    samples_per_series: SECONDS + 1,
    steps: points,
    query: QUERY,
    query_ms: Math.round(ours.ms),
    max_sampling_stall_ms: Number(ours.stall.toFixed(1)),
    peak_rss_mb: Math.round(ours.rssMb),
    rss_before_query_mb: Math.round(rssBefore),
    baseline_bare_loop_ms: Math.round(base.ms),
    baseline_max_sampling_stall_ms: Number(base.stall.toFixed(1)),
    query_to_baseline_ratio: Number((ours.ms / base.ms).toFixed(2)),
    node: process.version,
  }),
);
