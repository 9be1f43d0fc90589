// The assistant dashboard as a user meets it: the demo assistant, the monitor configured to
// scrape it, and a real Chromium on the Assistant and Explorer views.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './support/browser';
import { linePixels } from './support/canvas';
import { startDemo, type DemoProcess } from './support/demo';
import { startServe, type Served } from './support/serve';


describe('Assistant and Explorer views against the demo assistant', () => {
  let demo: DemoProcess;
  let served: Served;
  let browser: Browser;
  let page: Page;
  const dataDir = mkdtempSync(join(tmpdir(), 'am-e2e-data-'));

  beforeAll(async () => {
    demo = await startDemo();
    const closedPort = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const config = join(mkdtempSync(join(tmpdir(), 'am-e2e-')), 'monitor.json');
    writeFileSync(
      config,
      JSON.stringify({
        scrape: [
          { name: 'assistant', url: `${demo.url}/metrics`, interval: '1s' },
          { name: 'offline', url: `http://127.0.0.1:${closedPort}/metrics`, interval: '1s' },
          { name: 'typo', url: 'ftp://127.0.0.1/metrics' },
        ],
        processes: [{ name: 'demo', port: Number(new URL(demo.url).port) }],
      }),
    );
    served = await startServe(['--port', '0', '--config', config, '--data-dir', dataDir]);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(served.url);
  });
  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    await demo?.stop();
  });

  it('shows a bad config entry as a notice and still runs the good targets', async () => {
    await expect.poll(() => page.textContent('[data-testid="notices"]')).toContain('scrape[2].url: only http and https are supported, got ftp:; target skipped');
  });

  it('lists the targets: the demo up, the offline one down with the reason', async () => {
    await page.click('nav >> text=Assistant');
    await expect.poll(() => page.getAttribute('[data-testid="target-assistant"]', 'class'), { timeout: 10_000 }).toContain('target-up');
    await expect.poll(() => page.textContent('[data-testid="target-offline"]'), { timeout: 10_000 }).toContain('cannot connect: ECONNREFUSED');
  });

  it('shows the demo assistant\'s process, found by its port, with the monitor\'s own cost beside', async () => {
    await expect.poll(() => page.textContent('[data-testid="process-demo"]'), { timeout: 10_000 }).toMatch(/demo running · PID \d+ · 1 process · CPU [\d.]+ % of a core · [\d.]+ MiB resident · restarts 0/);
    expect(await page.textContent('[data-testid="process-demo"] table')).toContain('node');
    await expect.poll(() => page.textContent('[data-testid="overhead"]'), { timeout: 15_000 }).toMatch(/^monitor: .* · [\d.]+ MiB$/);
  });

  it('draws the reference panels from the scraped metrics', async () => {
    const panel = '[data-testid="panel-assistant/request-rate"]';
    await expect.poll(() => page.textContent(`${panel} .panel-value`), { timeout: 15_000 }).toMatch(/requests\/s \d+(\.\d+)?\/s/);
    await expect.poll(() => linePixels(page, `${panel} canvas`), { timeout: 30_000 }).toBeGreaterThan(20);
    await expect.poll(() => page.textContent('[data-testid="panel-assistant/latency"] .panel-values'), { timeout: 15_000 }).toMatch(/p50 \d+ ms.*p95 .*p99/);
  });

  it('names the missing metric on the panels of a target that has none', async () => {
    await expect.poll(() => page.textContent('[data-testid="panel-offline/request-rate"] [data-testid="no-data"]')).toBe(
      'No data. This panel needs http_requests_total from target offline.',
    );
  });

  it('shows the error rate rising when the assistant starts failing', async () => {
    const res = await fetch(`${demo.url}/faults`, { method: 'POST', body: JSON.stringify({ fault: 'error-burst', enabled: true }) });
    expect(res.status).toBe(200);
    const errorRate = async () => Number(/5xx share ([\d.]+) %/.exec((await page.textContent('[data-testid="panel-assistant/error-rate"] .panel-values')) ?? '')?.[1] ?? 0);
    await expect.poll(errorRate, { timeout: 20_000, interval: 500 }).toBeGreaterThan(3);
  });

  it('finds a metric in the explorer, charts its p95 and pins it to the dashboard, which survives a reload', async () => {
    await page.click('nav >> text=Explorer');
    await page.fill('[data-testid="metric-search"]', 'voice_processing');
    await page.click('button.metric:has-text("voice_processing_duration_seconds_bucket")');
    expect(await page.inputValue('[data-testid="promql"]')).toBe('histogram_quantile(0.95, sum by (le) (rate(voice_processing_duration_seconds_bucket[5m])))');
    await expect.poll(() => linePixels(page, '[data-testid="explorer-chart"] canvas'), { timeout: 15_000 }).toBeGreaterThan(20);
    await page.fill('input[aria-label="Title of the pinned chart"]', 'Voice p95 (pinned)');
    await page.click('[data-testid="pin-button"]');
    await expect.poll(() => page.textContent('.pin-row')).toContain('Pinned');
    await page.reload();
    await page.click('nav >> text=Assistant');
    await expect.poll(() => page.textContent('main'), { timeout: 10_000 }).toContain('Voice p95 (pinned)');
  });

  it('explains a PromQL mistake typed into the explorer', async () => {
    await page.click('nav >> text=Explorer');
    await page.fill('[data-testid="promql"]', 'rate(http_requests_total)');
    await page.click('.promql button');
    await expect.poll(() => page.textContent('[data-testid="explorer-error"]')).toContain('rate() needs a range selector such as metric[5m]');
  });

  it('follows the demo through a crash: target down, then up again after the supervisor restarts it', async () => {
    await page.click('nav >> text=Assistant');
    await fetch(`${demo.url}/faults`, { method: 'POST', body: JSON.stringify({ fault: 'crash' }) });
    await expect.poll(() => page.getAttribute('[data-testid="target-assistant"]', 'class'), { timeout: 10_000, interval: 100 }).toContain('target-down');
    await expect.poll(() => page.getAttribute('[data-testid="target-assistant"]', 'class'), { timeout: 15_000 }).toContain('target-up');
    expect(demo.output()).toContain('demo assistant exited (code 1); starting it again in 1 s');
    // The process view saw the worker replaced.
    await expect.poll(() => page.textContent('[data-testid="restarts"]'), { timeout: 15_000 }).toMatch(/demo restarted: PID \d+ → \d+/);
  });
});
