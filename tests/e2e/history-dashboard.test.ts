// History as a user meets it: run the monitor, stop it, start it again on the same data dir,
// and find the earlier run in the chart with the downtime as a gap; then zoom by dragging.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { RangeResult } from '../../src-main/shared/api';
import { launchChromium } from './support/browser';
import { linePixels } from './support/canvas';
import { startServe, type Served } from './support/serve';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('history in the dashboard', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'am-e2e-history-'));
  let served: Served;
  let browser: Browser;
  let page: Page;
  let firstRunEnded: number;

  beforeAll(async () => {
    const first = await startServe(['--port', '0', '--data-dir', dataDir]);
    // Nobody watches this run, so it samples every 5 s (the idle interval): give it three ticks.
    await sleep(12_000);
    await first.stop();
    firstRunEnded = Date.now();
    // Down for several of its sampling intervals, so the gap is one a person would see.
    await sleep(20_000);
    served = await startServe(['--port', '0', '--data-dir', dataDir]);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
    await page.goto(served.url);
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await served?.stop();
  });

  it('shows the run before the restart at once, with the downtime as a gap', async () => {
    const hourQuery = (r: { url(): string }) => {
      if (!r.url().includes('/api/query?')) return false;
      const p = new URL(r.url()).searchParams;
      return Number(p.get('to')) - Number(p.get('from')) === 3_600_000;
    };
    const answer = page.waitForResponse(hourQuery);
    await page.click('[data-testid="range-picker"] >> text=1h');
    const result = (await (await answer).json()) as RangeResult;
    expect(result.tier).toBe('raw');
    const cpu = result.values[0]!;
    const before = result.t.filter((t, i) => t < firstRunEnded && cpu[i] !== null);
    expect(before.length).toBeGreaterThanOrEqual(2);
    const gap = result.t.findIndex((t, i) => cpu[i] === null && t < firstRunEnded + 20_000 && t > firstRunEnded - 6000);
    expect(gap).toBeGreaterThan(0);
    await expect.poll(() => linePixels(page, '[data-testid="chart-cpu-memory"] canvas'), { timeout: 10_000 }).toBeGreaterThan(10);
    await expect.poll(() => page.textContent('[data-testid="history-info"]')).toMatch(/history \d+(\.\d)? (KiB|MiB) · \d+ series · 0 expired · 0 evicted/);
  });

  it('zooms every chart to a span dragged across one, and returns to live', async () => {
    const box = (await page.locator('[data-testid="chart-cpu-memory"] .u-over').boundingBox())!;
    const zoomed = page.waitForResponse((r) => r.url().includes('/api/query?') && new URL(r.url()).searchParams.get('maxPoints') === '1200');
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.9, box.y + box.height / 2, { steps: 8 });
    await page.mouse.up();
    const url = new URL((await zoomed).url());
    const span = Number(url.searchParams.get('to')) - Number(url.searchParams.get('from'));
    expect(span).toBeGreaterThan(15 * 60_000);
    expect(span).toBeLessThan(30 * 60_000);
    await expect.poll(() => page.textContent('main h2')).toMatch(/CPU and memory · \d/);
    await page.click('text=● Live');
    await expect.poll(() => page.textContent('main h2')).toContain('last');
  });
});
