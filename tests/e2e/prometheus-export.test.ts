// `assistant-monitor serve --export` in a real Prometheus stack: a real Prometheus server (Debian
// package) scrapes the monitor's /metrics with a bearer token, loads our alert rules, and every
// panel of the shipped Grafana dashboard (resources/grafana) runs against what it stored.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoAssistant, type DemoAssistant } from '../../src-main/core/demo/assistant-server';
import { launchChromium } from './support/browser';
import { startServe, type Served } from './support/serve';

const PROMETHEUS = process.env.PROMETHEUS_PATH ?? '/usr/bin/prometheus';
const RESOURCES = resolve(import.meta.dirname, '../../resources/prometheus');
const TOKEN = 'e2e-export-token-0123456789';
const DASHBOARD = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../resources/grafana/assistant-monitor.json'), 'utf8')) as {
  panels: { title: string; targets: { expr: string; legendFormat: string }[] }[];
};

function freePort(): Promise<number> {
  return new Promise((r) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => r(port));
    });
  });
}

type PromResult = { metric: Record<string, string>; value: [number, string] }[];

describe('Prometheus scraping the export', () => {
  let demo: DemoAssistant;
  let served: Served;
  let prom: ChildProcess;
  let promUrl: string;
  let exportPort: number;

  async function query(expr: string): Promise<PromResult> {
    const res = await fetch(`${promUrl}/api/v1/query?${new URLSearchParams({ query: expr })}`);
    const body = (await res.json()) as { status: string; error?: string; data: { result: PromResult } };
    if (body.status !== 'success') throw new Error(`${expr}: ${body.error}`);
    return body.data.result;
  }

  beforeAll(async () => {
    if (spawnSync(PROMETHEUS, ['--version']).status !== 0) throw new Error(`Prometheus not found at ${PROMETHEUS}: apt-get install -y prometheus, or set PROMETHEUS_PATH`);
    demo = await startDemoAssistant({ port: 0, trafficPerSecond: 30, faults: [] });
    const dir = mkdtempSync(join(tmpdir(), 'am-export-'));
    exportPort = await freePort();
    const promPort = await freePort();
    promUrl = `http://127.0.0.1:${promPort}`;
    // Two targets: the demo, and Prometheus's own /metrics (hundreds of families, NaN summaries),
    // so the relay is tried with what a real exporter sends.
    writeFileSync(
      join(dir, 'monitor.json'),
      JSON.stringify({
        scrape: [
          { name: 'demo', url: `${demo.url}/metrics`, interval: '1s' },
          { name: 'prometheus', url: `${promUrl}/metrics`, interval: '1s' },
        ],
        export: { port: exportPort, relay: true, bearerToken: TOKEN },
      }),
    );
    served = await startServe(['--port', '0', '--config', join(dir, 'monitor.json'), '--data-dir', join(dir, 'data'), '--export']);
    copyFileSync(join(RESOURCES, 'alert-rules.yml'), join(dir, 'alert-rules.yml'));
    writeFileSync(join(dir, 'token'), TOKEN);
    writeFileSync(
      join(dir, 'prometheus.yml'),
      [
        'global: { scrape_interval: 1s, scrape_timeout: 800ms, evaluation_interval: 1s }',
        'rule_files: [alert-rules.yml]',
        'scrape_configs:',
        '  - job_name: assistant-monitor',
        `    authorization: { type: Bearer, credentials_file: ${join(dir, 'token')} }`,
        `    static_configs: [{ targets: ['127.0.0.1:${exportPort}'] }]`,
        '',
      ].join('\n'),
    );
    prom = spawn(PROMETHEUS, [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'tsdb')}`, `--web.listen-address=127.0.0.1:${promPort}`], { stdio: 'ignore' });
    const by = Date.now() + 30_000;
    for (;;) {
      const up = await query('up{job="assistant-monitor"}').catch(() => []);
      const relayed = await query('http_requests_total').catch(() => []);
      if (up[0]?.value[1] === '1' && relayed.length > 0) break;
      if (Date.now() > by) throw new Error('Prometheus did not scrape the export within 30 s');
      await new Promise((r) => setTimeout(r, 250));
    }
  }, 60_000);

  afterAll(async () => {
    prom?.kill();
    await served?.stop();
    await demo?.close();
  });

  it('stores the machine, the target health and the relayed assistant series with their values', async () => {
    const memory = await query('system_memory_total_bytes');
    expect(memory).toHaveLength(1);
    expect(Number(memory[0]!.value[1])).toBe(totalmem());
    expect((await query('assistant_monitor_target_up'))[0]).toMatchObject({ metric: { target: 'demo', job: 'assistant-monitor' }, value: [expect.any(Number), '1'] });
    const requests = await query('sum by (source) (http_requests_total)');
    expect(requests[0]!.metric).toEqual({ source: 'demo' });
    expect(Number(requests[0]!.value[1])).toBeGreaterThan(0);
    expect((await query('count(voice_processing_duration_seconds_bucket{source="demo"})'))[0]!.value[1]).not.toBe('0');
  });

  it('shows the endpoint in the toolbar, and turns it off and on from there', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(served.url);
      await expect.poll(() => page.textContent('[data-testid="export-url"]'), { timeout: 10_000 }).toContain(`127.0.0.1:${exportPort}/metrics (token)`);
      const box = page.getByLabel('Prometheus export');
      expect(await box.isChecked()).toBe(true);
      await box.click();
      await expect.poll(() => page.locator('[data-testid="export-url"]').count()).toBe(0);
      await expect(fetch(`http://127.0.0.1:${exportPort}/metrics`)).rejects.toThrow();
      await box.click();
      await expect.poll(() => page.textContent('[data-testid="export-url"]'), { timeout: 10_000 }).toContain(`:${exportPort}/metrics`);
      expect((await fetch(`http://127.0.0.1:${exportPort}/metrics`, { headers: { Authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
    } finally {
      await browser.close();
    }
  });

  it("relays a real exporter's own metrics (Prometheus's, NaN summaries included) clean under promtool", async () => {
    const scrape = async () => (await fetch(`http://127.0.0.1:${exportPort}/metrics`, { headers: { Authorization: `Bearer ${TOKEN}` } })).text();
    // The monitor scrapes Prometheus from its first second up; wait for that scrape to arrive.
    await expect.poll(scrape, { timeout: 10_000 }).toMatch(/source="prometheus"/);
    const body = await scrape();
    expect(body).toMatch(/^prometheus_engine_query_duration_seconds\{.*source="prometheus"\} NaN$/im);
    expect(body.match(/source="prometheus"/g)!.length).toBeGreaterThan(300);
    const lint = spawnSync('/usr/bin/promtool', ['check', 'metrics'], { input: body, encoding: 'utf8' });
    expect(lint.stdout + lint.stderr).toBe('');
    expect(lint.status).toBe(0);
    const stored = await query('count({source="prometheus"})');
    expect(Number(stored[0]!.value[1])).toBeGreaterThan(300);
  });

  it('refuses a scrape without the token', async () => {
    expect((await fetch(`http://127.0.0.1:${exportPort}/metrics`)).status).toBe(401);
  });

  it('loads every alert rule of resources/prometheus/alert-rules.yml', async () => {
    const res = (await (await fetch(`${promUrl}/api/v1/rules`)).json()) as { data: { groups: { rules: { name: string; health: string; lastError?: string }[] }[] } };
    const rules = res.data.groups.flatMap((g) => g.rules);
    expect(rules.map((r) => r.name).sort()).toEqual(
      ['AssistantHighErrorRate', 'AssistantHighLatency', 'AssistantHighMemory', 'AssistantTargetDown', 'AssistantVoiceSlow', 'DiskAlmostFull', 'GpuMemoryAlmostFull', 'MemoryLow', 'MonitorDown'].sort(),
    );
    await expect.poll(async () => {
      const r = (await (await fetch(`${promUrl}/api/v1/rules`)).json()) as typeof res;
      return r.data.groups.flatMap((g) => g.rules).filter((x) => x.health !== 'ok').map((x) => `${x.name}: ${x.health} ${x.lastError ?? ''}`);
    }, { timeout: 10_000 }).toEqual([]);
  });

  it('answers every panel of the Grafana dashboard, with data for the assistant and the machine', async () => {
    // Prometheus needs two scrapes in a window for rate(); the dashboard's windows are 1-10 m.
    await new Promise((r) => setTimeout(r, 3000));
    const answered: Record<string, number> = {};
    for (const p of DASHBOARD.panels) {
      for (const t of p.targets) {
        const expr = t.expr.replaceAll('$instance', '.*');
        answered[`${p.title}: ${t.legendFormat}`] = (await query(expr)).length;
      }
    }
    for (const title of ['Request rate', 'Error rate', 'Targets up', 'Monitor CPU', 'Response time', 'Voice processing', 'CPU', 'Memory used', 'Network']) {
      const hits = Object.entries(answered).filter(([k, n]) => k.startsWith(`${title}:`) && n > 0);
      expect(hits.length, `${title} has data`).toBeGreaterThan(0);
    }
  });
});
