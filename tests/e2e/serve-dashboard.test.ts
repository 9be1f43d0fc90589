// The headless dashboard as a user meets it: run `assistant-monitor serve`, open the printed
// URL in a real Chromium, watch the live chart.
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './support/browser';
import { linePixels } from './support/canvas';
import { startServe, type Served } from './support/serve';

function rawGet(port: number, path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}


describe('assistant-monitor serve in Chromium', () => {
  let served: Served;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    served = await startServe();
    browser = await launchChromium();
    page = await browser.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(e.message));
  });
  afterAll(async () => {
    await browser?.close();
    await served?.stop();
  });

  it('prints a loopback URL carrying a token of at least 128 bits', () => {
    expect(served.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(Buffer.from(served.token, 'base64url').length).toBeGreaterThanOrEqual(16);
  });

  it('opens the printed URL, drops the token from the address bar and shows the dashboard', async () => {
    await page.goto(served.url);
    expect(page.url()).toBe(`${served.origin}/`);
    await expect.poll(() => page.textContent('h1')).toBe('Assistant Monitor');
    await expect.poll(() => page.textContent('[data-testid="machine"]'), { timeout: 5000 }).toMatch(/cores\) · [\d.]+ GiB · v/);
  });

  it('draws the CPU line on the chart canvas', async () => {
    await page.waitForSelector('[data-testid="chart-cpu-memory"] canvas');
    await expect.poll(() => linePixels(page, '[data-testid="chart-cpu-memory"] canvas'), { timeout: 10_000 }).toBeGreaterThan(20);
  });

  it('updates the shown CPU value within 3 s', async () => {
    await expect.poll(() => page.textContent('[data-testid="cpu-value"]'), { timeout: 5000 }).toMatch(/^\d+\.\d %$/);
    const before = await page.textContent('[data-testid="cpu-value"]');
    // Vary the machine's load so consecutive readings differ even on an idle box.
    const burner = spawn(process.execPath, ['-e', 'const end = Date.now() + 3500; while (Date.now() < end) { const s = Date.now(); while (Date.now() - s < Math.random() * 300); Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 150); }']);
    try {
      await expect.poll(() => page.textContent('[data-testid="cpu-value"]'), { timeout: 3000, interval: 100 }).not.toBe(before);
    } finally {
      burner.kill();
    }
  });

  it('shows memory in use out of the total', async () => {
    const text = await page.innerText('.stat:has([data-testid="memory-value"])');
    expect(text).toMatch(/\d+(\.\d)? (MiB|GiB)\s+\d+ % of \d+(\.\d)? (GiB|MiB)/);
  });

  it('shows the rest of the machine as panels: per-core CPU, load, disks, network', async () => {
    await expect.poll(() => page.textContent('[data-testid="system-Load average"] .panel-values'), { timeout: 10_000 }).toMatch(/1 min [\d.]+/);
    await expect.poll(() => page.textContent('[data-testid="system-CPU per core"] .panel-values'), { timeout: 10_000 }).toMatch(/cpu="0" [\d.]+ %/);
    await expect.poll(() => page.textContent('[data-testid="system-Memory and swap"] .panel-values'), { timeout: 10_000 }).toMatch(/used [\d.]+ (MiB|GiB)/);
  });

  it('loaded without console errors (CSP included)', () => {
    expect(consoleErrors.join("\n")).toBe("");
  });

  it('refuses an API request without the token with 401', async () => {
    const res = await fetch(`${served.origin}/api/info`);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { message: string }).message).toMatch(/token/);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses a request whose Host header is not this machine with 403, token or not', async () => {
    const res = await rawGet(served.port, '/api/info', { Host: 'evil.example', Authorization: `Bearer ${served.token}` });
    expect(res.status).toBe(403);
    expect(JSON.parse(res.body).message).toMatch(/evil\.example/);
  });

  it('answers an unknown API route with a 404 JSON error', async () => {
    const res = await fetch(`${served.origin}/api/nope`, { headers: { Authorization: `Bearer ${served.token}` } });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ code: 'not_found', message: 'unknown API route: GET /api/nope' });
  });
});
