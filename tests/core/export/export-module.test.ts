// The exporter as Prometheus meets it: a real core with a real scrape target, /metrics rendered
// and read back by promtool, guarded by Host, token and method checks.
import { execFileSync, spawnSync } from 'node:child_process';
import { request, type Server } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../../src-main/core/config/schema';
import { createCore, type Core } from '../../../src-main/core/create-core';
import { createSystemCollectors } from '../../../src-main/core/collectors/system';
import { DEFAULT_EXPORT } from '../../../src-main/core/export/config';
import { serveExposition } from '../../support/exposition-server';

const PROMTOOL = process.env.PROMTOOL_PATH ?? '/usr/bin/promtool';

function get(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, agent: false }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A target exposing a counter, a histogram and a gauge with NaN, like real exporters do. */
function startTarget(): Promise<Server> {
  return serveExposition([
    '# HELP demo_requests_total Requests handled.',
    '# TYPE demo_requests_total counter',
    'demo_requests_total{method="GET"} 7',
    '# HELP demo_latency_seconds Request latency.',
    '# TYPE demo_latency_seconds histogram',
    'demo_latency_seconds_bucket{le="0.1"} 3',
    'demo_latency_seconds_bucket{le="+Inf"} 4',
    'demo_latency_seconds_sum 0.9',
    'demo_latency_seconds_count 4',
    '# HELP demo_queue_ratio Queue fill.',
    '# TYPE demo_queue_ratio gauge',
    'demo_queue_ratio NaN',
  ]);
}

describe('Prometheus export', () => {
  let core: Core | null = null;
  let target: Server | null = null;
  afterEach(async () => {
    core?.stop();
    core = null;
    await new Promise((r) => (target ? target.close(r) : r(null)));
    target = null;
  });

  async function startCore(exportConfig: Partial<typeof DEFAULT_EXPORT>) {
    target = await startTarget();
    const port = (target.address() as AddressInfo).port;
    core = createCore({
      collectors: createSystemCollectors({ intervalMs: 200 }),
      config: {
        ...DEFAULT_CONFIG,
        history: null,
        scrape: [{ name: 'demo', url: `http://127.0.0.1:${port}/metrics`, intervalMs: 1000, timeoutMs: 800, preset: 'reference' }],
        export: { ...DEFAULT_EXPORT, enabled: true, port: 0, ...exportConfig },
      },
    });
    core.start();
    await expect.poll(async () => (await core!.api.getTargets())[0]?.up, { timeout: 5000 }).toBe(true);
    await expect.poll(async () => (await core!.api.getExport()).url, { timeout: 5000 }).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    return (await core.api.getExport()).url!;
  }

  it('serves the machine, target health and its own numbers, clean under promtool check metrics', async () => {
    const url = await startCore({});
    const res = await get(url);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(res.body).toMatch(/^# TYPE system_memory_total_bytes gauge$/m);
    expect(res.body).toMatch(/^assistant_monitor_target_up\{target="demo"\} 1$/m);
    expect(res.body).toMatch(/^# TYPE assistant_monitor_target_series_dropped_total counter$/m);
    // Without relay, none of the target's own series.
    expect(res.body).not.toMatch(/demo_requests_total/);
    const lint = spawnSync(PROMTOOL, ['check', 'metrics'], { input: res.body, encoding: 'utf8' });
    expect(lint.stdout + lint.stderr).toBe('');
    expect(lint.status).toBe(0);
    expect((await core!.api.getExport()).scrapes).toBe(1);
  });

  it("relays the target's series with a source label, types and NaN kept", async () => {
    const url = await startCore({ relay: true });
    const { body } = await get(url);
    expect(body).toMatch(/^# TYPE demo_requests_total counter$/m);
    expect(body).toMatch(/^demo_requests_total\{method="GET",source="demo"\} 7$/m);
    expect(body).toMatch(/^# TYPE demo_latency_seconds histogram$/m);
    expect(body).toMatch(/^demo_latency_seconds_bucket\{le="\+Inf",source="demo"\} 4$/m);
    // prom-client writes NaN as "Nan"; Prometheus reads NaN in any case (Go's ParseFloat).
    expect(body).toMatch(/^demo_queue_ratio\{source="demo"\} NaN$/im);
    const lint = spawnSync(PROMTOOL, ['check', 'metrics'], { input: body, encoding: 'utf8' });
    expect(lint.status).toBe(0);
  });

  it('asks for the bearer token when one is set, and refuses foreign Host headers and other paths', async () => {
    const url = await startCore({ bearerToken: 'a-long-enough-secret-token' });
    expect((await get(url)).status).toBe(401);
    expect((await get(url, { Authorization: 'Bearer wrong-token-of-some-length' })).status).toBe(401);
    expect((await get(url, { Authorization: 'bearer a-long-enough-secret-token' })).status).toBe(200);
    const auth = { Authorization: 'Bearer a-long-enough-secret-token' };
    expect((await get(url, { ...auth, Host: 'evil.example:9464' })).status).toBe(403);
    expect((await get(url.replace('/metrics', '/'), auth)).status).toBe(404);
    expect((await get(url, auth, 'POST')).status).toBe(405);
  });

  it('says the port is taken, keeps export off and the rest of the monitor running', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as AddressInfo).port;
    try {
      target = await startTarget();
      core = createCore({ collectors: createSystemCollectors({ intervalMs: 200 }), config: { ...DEFAULT_CONFIG, history: null, export: { ...DEFAULT_EXPORT, enabled: true, port } } });
      core.start();
      await expect.poll(async () => (await core!.api.getExport()).error, { timeout: 5000 }).toBe(`port ${port} on 127.0.0.1 is already in use`);
      expect((await core.api.getExport()).url).toBeNull();
      expect((await core.api.getInfo()).notices).toContain(`export: port ${port} on 127.0.0.1 is already in use; export is off, the rest of the monitor runs`);
      expect((await core.api.getCollectorStatus()).find((c) => c.name === 'system')!.ticks).toBeGreaterThan(0);
    } finally {
      blocker.close();
    }
  });

  it('turns on and off at runtime', async () => {
    target = await startTarget();
    core = createCore({ collectors: createSystemCollectors({ intervalMs: 200 }), config: { ...DEFAULT_CONFIG, history: null, export: { ...DEFAULT_EXPORT, port: 0 } } });
    core.start();
    expect(await core.api.getExport()).toMatchObject({ enabled: false, url: null });
    const on = await core.api.setExport({ enabled: true });
    expect(on.url).toMatch(/\/metrics$/);
    expect((await get(on.url!)).status).toBe(200);
    expect(await core.api.setExport({ enabled: false })).toMatchObject({ enabled: false, url: null });
    await expect(get(on.url!)).rejects.toThrow(/ECONNREFUSED/);
  });
});

// promtool must exist where these tests run (Debian's prometheus package; .ci/run installs it).
execFileSync(PROMTOOL, ['--version'], { stdio: 'ignore' });

describe('Prometheus export with a wrong config section', () => {
  it('stays off even when --export asks for it, and the toggle says why', async () => {
    const { validateConfig } = await import('../../../src-main/core/config/schema');
    const { config, problems } = validateConfig({ export: { bearerToken: 'short' } }, 'monitor.json');
    expect(problems[0]).toMatch(/^monitor\.json: export\.bearerToken: .*; export is off$/);
    const core = createCore({ collectors: [], config: { ...config, history: null }, exportEnabled: true });
    core.start();
    try {
      expect(await core.api.getExport()).toMatchObject({ enabled: false, url: null });
      await expect(core.api.setExport({ enabled: true })).rejects.toThrow('the export section of monitor.json is not valid');
    } finally {
      core.stop();
    }
  });
});
