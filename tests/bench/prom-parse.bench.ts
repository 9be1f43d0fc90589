// npm run bench -- prom-parse
// A large, realistic exposition written by prom-client (≥ 10k series, histograms included),
// parsed by our parser and, in the same run, by parse-prometheus-text-format.
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { parseExposition, parseLabels } from '../../src-main/core/scrape/exposition';

async function buildExposition(): Promise<string> {
  const registry = new Registry();
  const registers = [registry];
  const routes = Array.from({ length: 100 }, (_, i) => `/api/v1/resource_${i}/{id}`);
  const requests = new Counter({ name: 'http_requests_total', help: 'Requests', labelNames: ['method', 'route', 'status'], registers });
  const latency = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Latency',
    labelNames: ['method', 'route'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  const tokens = new Counter({ name: 'llm_tokens_total', help: 'Tokens', labelNames: ['model', 'kind', 'user'], registers });
  const queue = new Gauge({ name: 'worker_queue_depth', help: 'Queue depth', labelNames: ['worker', 'queue'], registers });
  for (const route of routes) {
    for (const method of ['GET', 'POST', 'PUT', 'DELETE']) {
      for (const status of ['200', '201', '400', '404', '500', '503']) requests.inc({ method, route, status }, Math.floor(Math.random() * 1e6));
      for (let i = 0; i < 20; i++) latency.observe({ method, route }, Math.random() * 3);
    }
  }
  for (const model of ['llama-3-8b', 'mistral-7b', 'qwen-14b', 'phi-3']) {
    for (const kind of ['prompt', 'completion']) for (let u = 0; u < 300; u++) tokens.inc({ model, kind, user: `user_${u}` }, Math.random() * 1e7);
  }
  for (let w = 0; w < 200; w++) for (const q of ['default', 'priority', 'batch', 'retry', 'dead']) queue.set({ worker: `w${w}`, queue: q }, Math.random() * 100);
  return registry.metrics();
}

function countSamples(text: string): number {
  let n = 0;
  parseExposition(text, 'text', { sample: () => n++ });
  return n;
}

/** Ours, to the same level as the baseline: every sample with its labels as an object. */
function parseFull(text: string): number {
  let n = 0;
  parseExposition(text, 'text', {
    sample(_name, raw, value) {
      const labels = raw === '' ? {} : parseLabels(raw);
      if (labels && value === value) n++;
      else n++;
    },
  });
  return n;
}

/** Ours on the scrape path: series are looked up by their raw text, labels parsed once. */
function makeCachedParser() {
  const cache = new Map<string, Record<string, string>>();
  return (text: string) => {
    let n = 0;
    parseExposition(text, 'text', {
      sample(_name, raw, _value, _ts, key) {
        if (!cache.has(key)) cache.set(key, raw === '' ? {} : parseLabels(raw));
        n++;
      },
    });
    return n;
  };
}

function timeIt(fn: () => unknown, minMs = 1500): number {
  // Median of repeated runs after warm-up; returns seconds per run.
  for (let i = 0; i < 3; i++) fn();
  const times: number[] = [];
  const until = performance.now() + minMs;
  while (performance.now() < until || times.length < 5) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]! / 1000;
}

const text = await buildExposition();
const samples = countSamples(text);
const mb = Buffer.byteLength(text) / 1e6;
const series = new Set<string>();
parseExposition(text, 'text', { sample: (name, raw) => series.add(`${name}{${raw}}`) });
const families = (parsePrometheusTextFormat(text) as unknown[]).length;

// Interleave so both see the same machine conditions.
const cached = makeCachedParser();
const rounds = { ours: [] as number[], cached: [] as number[], baseline: [] as number[] };
for (let r = 0; r < 3; r++) {
  rounds.ours.push(timeIt(() => parseFull(text)));
  rounds.cached.push(timeIt(() => cached(text)));
  rounds.baseline.push(timeIt(() => parsePrometheusTextFormat(text)));
}
const best = (xs: number[]) => Math.min(...xs);
const ours = best(rounds.ours);
const base = best(rounds.baseline);
const result = {
  bench: 'prom-parse',
  series: series.size,
  families,
  bytes: Buffer.byteLength(text),
  samples_per_s: Math.round(samples / ours),
  mb_per_s: Number((mb / ours).toFixed(1)),
  scrape_path_samples_per_s: Math.round(samples / best(rounds.cached)),
  baseline: 'parse-prometheus-text-format@1',
  baseline_samples_per_s: Math.round(samples / base),
  ratio: Number((base / ours).toFixed(2)),
  node: process.version,
};
console.log(JSON.stringify(result));
