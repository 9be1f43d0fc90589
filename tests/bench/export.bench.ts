// npm run bench -- export
// The /metrics export of a real core (the default collectors, one watched process group, and a
// scrape target of 1,000 series relayed), rendered when scraped, against the same metrics kept
// in a prom-client registry updated by timers (the usual way), rendered in the same run.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DEFAULT_CONFIG } from '../../src-main/core/config/schema';
import { DEFAULT_EXPORT } from '../../src-main/core/export/config';
import { createCore } from '../../src-main/core/create-core';
import { parseExposition, parseLabels } from '../../src-main/core/scrape/exposition';

const RENDERS = 200;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A target shaped like a real assistant: request counters, a latency histogram, per-model gauges: 1,000 series. */
async function targetBody(): Promise<string> {
  const registry = new Registry();
  const registers = [registry];
  const requests = new Counter({ name: 'http_requests_total', help: 'Requests', labelNames: ['method', 'route', 'status'], registers });
  const latency = new Histogram({ name: 'http_request_duration_seconds', help: 'Latency', labelNames: ['route'], buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers });
  const cache = new Gauge({ name: 'model_kv_cache_usage_ratio', help: 'KV cache use', labelNames: ['model', 'slot'], registers });
  for (let r = 0; r < 30; r++) {
    for (const method of ['GET', 'POST']) for (const status of ['200', '400', '500']) requests.inc({ method, route: `/api/r${r}`, status }, 100 + r);
    latency.observe({ route: `/api/r${r}` }, 0.3);
  }
  for (let m = 0; m < 4; m++) for (let s = 0; s < 123; s++) cache.set({ model: `model-${m}`, slot: String(s) }, Math.random());
  return registry.metrics();
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const body = await targetBody();
let targetSeries = 0;
parseExposition(body, 'text', { sample: () => targetSeries++ });
const target = createServer((_q, res) => res.end(body));
await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
const core = createCore({
  config: {
    ...DEFAULT_CONFIG,
    history: null,
    processes: [{ name: 'bench', port: (target.address() as AddressInfo).port }],
    scrape: [{ name: 'assistant', url: `http://127.0.0.1:${(target.address() as AddressInfo).port}/metrics`, intervalMs: 1000, timeoutMs: 800, preset: 'reference' }],
    export: { ...DEFAULT_EXPORT, enabled: true, port: 0, relay: true },
  },
});
core.start();
// Every collector group (the file systems every 30 s) has sampled at least once.
await sleep(3000);
const { url } = await core.api.getExport();
const times: number[] = [];
let text = '';
for (let i = 0; i < RENDERS; i++) {
  text = await (await fetch(url!)).text();
  times.push((await core.api.getExport()).lastRenderMs!);
}

// Baseline: the same families, values and labels in prom-client metrics set by a timer.
const baseline = new Registry();
const metrics = new Map<string, Gauge | Counter>();
const samples: { name: string; labels: Record<string, string>; value: number }[] = [];
parseExposition(text, 'text', { sample: (name, labels, value) => samples.push({ name, labels: parseLabels(labels), value }) });
const byName = new Map<string, typeof samples>();
for (const s of samples) byName.set(s.name, [...(byName.get(s.name) ?? []), s]);
for (const [name, list] of byName) {
  const labelNames = [...new Set(list.flatMap((s) => Object.keys(s.labels)))];
  metrics.set(name, name.endsWith('_total') ? new Counter({ name, help: name, labelNames, registers: [baseline] }) : new Gauge({ name, help: name, labelNames, registers: [baseline] }));
}
const update = () => {
  for (const s of samples) {
    const m = metrics.get(s.name)!;
    if (m instanceof Gauge) m.set(s.labels, s.value);
    else m.inc(s.labels, 0);
  }
};
update();
const timer = setInterval(update, 1000);
const baseTimes: number[] = [];
for (let i = 0; i < RENDERS; i++) {
  const t0 = performance.now();
  await baseline.metrics();
  baseTimes.push(performance.now() - t0);
}
clearInterval(timer);
core.stop();
target.close();

const renderMs = median(times);
const baselineMs = median(baseTimes);
console.log(
  JSON.stringify({
    bench: 'export',
    series: samples.length,
    relayed_series: targetSeries,
    render_ms: Math.round(renderMs * 1000) / 1000,
    render_p95_ms: Math.round([...times].sort((a, b) => a - b)[Math.floor(RENDERS * 0.95)]! * 1000) / 1000,
    bytes: Buffer.byteLength(text),
    baseline_render_ms: Math.round(baselineMs * 1000) / 1000,
    ratio: Math.round((baselineMs / renderMs) * 100) / 100,
  }),
);
process.exit(0);
