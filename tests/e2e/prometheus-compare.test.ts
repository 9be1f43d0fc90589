// Our scrape + PromQL against a real Prometheus server scraping the same demo assistant.
// 1. Same samples: Prometheus's own raw samples fed to our evaluator give Prometheus's answers.
// 2. Independent scrapes: our numbers and Prometheus's agree within 2 %.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoAssistant, type DemoAssistant } from '../../src-main/core/demo/assistant-server';
import { LiveStore } from '../../src-main/core/live-store';
import { DEFAULT_CONFIG } from '../../src-main/core/config/schema';
import { createCore, type Core } from '../../src-main/core/create-core';
import { evaluateInstant } from '../../src-main/core/promql/evaluate';
import { formatSeriesId } from '../../src-main/shared/series-id';

const PROMETHEUS = process.env.PROMETHEUS_PATH ?? '/usr/bin/prometheus';
const WINDOW = '60s';
const QUERIES = {
  requestRate: `sum(rate(http_requests_total[${WINDOW}]))`,
  errorRatio: `sum(rate(http_requests_total{status=~"5.."}[${WINDOW}])) / sum(rate(http_requests_total[${WINDOW}]))`,
  p95: `histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket[${WINDOW}])))`,
  voiceP90: `histogram_quantile(0.90, sum by (le) (rate(voice_processing_duration_seconds_bucket[${WINDOW}])))`,
};

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

describe('PromQL math against a real Prometheus', () => {
  let demo: DemoAssistant;
  let core: Core;
  let prom: ChildProcess;
  let promUrl: string;

  async function promQuery(query: string, t: number): Promise<{ metric: Record<string, string>; value?: [number, string]; values?: [number, string][] }[]> {
    const res = await fetch(`${promUrl}/api/v1/query?${new URLSearchParams({ query, time: String(t / 1000) })}`);
    const body = (await res.json()) as { status: string; error?: string; data: { result: never[] } };
    if (body.status !== 'success') throw new Error(`Prometheus: ${body.error}`);
    return body.data.result;
  }
  const promScalar = async (query: string, t: number) => {
    const r = await promQuery(query, t);
    expect(r, query).toHaveLength(1);
    return Number(r[0]!.value![1]);
  };

  beforeAll(async () => {
    if (spawnSync(PROMETHEUS, ['--version']).status !== 0) {
      throw new Error(`Prometheus not found at ${PROMETHEUS}: install it (Debian: apt-get install -y prometheus) or set PROMETHEUS_PATH`);
    }
    demo = await startDemoAssistant({ port: 0, trafficPerSecond: 40, faults: ['error-burst'] });
    const dir = mkdtempSync(join(tmpdir(), 'am-prom-'));
    const port = await freePort();
    promUrl = `http://127.0.0.1:${port}`;
    writeFileSync(
      join(dir, 'prometheus.yml'),
      `global:\n  scrape_interval: 1s\n  scrape_timeout: 800ms\nscrape_configs:\n  - job_name: demo\n    static_configs:\n      - targets: ['127.0.0.1:${demo.port}']\n`,
    );
    prom = spawn(PROMETHEUS, [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`], { stdio: 'ignore' });
    core = createCore({ collectors: [], config: { ...DEFAULT_CONFIG, history: null, scrape: [{ name: 'demo', url: `${demo.url}/metrics`, intervalMs: 1000, timeoutMs: 800, preset: 'reference' }] } });
    core.start();
    const readyBy = Date.now() + 15_000;
    while ((await fetch(`${promUrl}/-/ready`).catch(() => null))?.status !== 200) {
      if (Date.now() > readyBy) throw new Error('Prometheus did not become ready within 15 s');
      await new Promise((r) => setTimeout(r, 200));
    }
    // Prometheus scrapes first a random part of an interval after it is ready; count the window
    // from its first successful scrape so both sides hold a full window (ours started earlier).
    const upBy = Date.now() + 15_000;
    for (;;) {
      const up = await promQuery('up', Date.now()).catch(() => []);
      if (up.length > 0 && up[0]!.value![1] === '1') break;
      if (Date.now() > upBy) throw new Error('Prometheus did not scrape the demo within 15 s');
      await new Promise((r) => setTimeout(r, 200));
    }
    await new Promise((r) => setTimeout(r, 65_000));
  }, 120_000);

  afterAll(async () => {
    prom?.kill();
    core?.stop();
    await demo?.close();
  });

  it('gives Prometheus’s exact answers when fed Prometheus’s own samples', async () => {
    const t = Date.now() - 2000;
    const store = new LiveStore(() => 1000);
    const raw = [
      ...(await promQuery(`http_requests_total[${WINDOW}]`, t)),
      ...(await promQuery(`http_request_duration_seconds_bucket[${WINDOW}]`, t)),
      ...(await promQuery(`voice_processing_duration_seconds_bucket[${WINDOW}]`, t)),
    ];
    const rows: { t: number; id: string; v: number }[] = [];
    for (const series of raw) {
      const { __name__: name, ...labels } = series.metric;
      for (const [ts, v] of series.values!) rows.push({ t: Math.round(ts * 1000), id: formatSeriesId(name!, labels), v: Number(v) });
    }
    rows.sort((a, b) => a.t - b.t);
    for (const r of rows) store.add({ t: r.t, collector: 'prom', values: { [r.id]: r.v } });
    for (const [what, query] of Object.entries(QUERIES)) {
      const theirs = await promScalar(query, t);
      const ours = (await evaluateInstant(store, query, t)).values[0]!;
      expect(ours, `${what}: ${query}`).toBeCloseTo(theirs, 9);
    }
  });

  it('agrees within 2 % when both scrape the demo assistant on their own', async () => {
    const t = Date.now() - 2000;
    const report: Record<string, { ours: number; prometheus: number; diff: string }> = {};
    for (const [what, query] of Object.entries(QUERIES)) {
      const theirs = await promScalar(query, t);
      const r = await core.api.queryExpr({ expr: query, from: t, to: t, stepMs: 1000 });
      const ours = r.values[0]![0]!;
      report[what] = { ours, prometheus: theirs, diff: `${((Math.abs(ours - theirs) / theirs) * 100).toFixed(2)} %` };
    }
    console.log(JSON.stringify(report));
    for (const [what, { ours, prometheus }] of Object.entries(report)) {
      expect(Math.abs(ours - prometheus) / prometheus, what).toBeLessThanOrEqual(0.02);
    }
  });
});
