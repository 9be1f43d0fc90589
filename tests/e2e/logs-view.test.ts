// The Logs view as a user meets it: the demo assistant writes its daily JSON log, `serve`
// tails it (configured in monitor.json), and Chromium shows the lines live and finds them.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser';
import { startDemo, type DemoProcess } from './support/demo';
import { startServe, type Served } from './support/serve';

describe('the Logs view in Chromium', () => {
  let demo: DemoProcess;
  let served: Served;
  let browser: Browser;
  let page: Page;
  const dir = mkdtempSync(join(tmpdir(), 'am-e2e-logs-'));
  const logDir = join(dir, 'assistant-logs');

  beforeAll(async () => {
    demo = await startDemo(['--log-dir', logDir]);
    const config = join(dir, 'monitor.json');
    writeFileSync(config, JSON.stringify({ logs: { sources: [{ name: 'assistant', path: join(logDir, 'assistant.log*') }] } }));
    served = await startServe(['--port', '0', '--config', config, '--data-dir', join(dir, 'data')]);
    browser = await launchChromium();
    page = await browser.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    await demo?.stop();
  });

  it('shows the assistant’s lines as they are written, with levels, fields and a histogram', async () => {
    await page.goto(served.url);
    await page.click('nav >> text=Logs');
    await page.waitForSelector('[data-testid="log-line"]', { timeout: 20_000 });
    const first = page.locator('[data-testid="log-line"]').first();
    await expect(first.locator('.log-level').textContent()).resolves.toMatch(/^(info|warn|error)$/);
    await expect(first.locator('.log-field', { hasText: 'target=assistant::' }).count()).resolves.toBe(1);
    expect(await first.locator('[data-trace-id]').getAttribute('data-trace-id')).toMatch(/^[0-9a-f]{32}$/);
    const before = await page.locator('[data-testid="log-line"]').count();
    // Live tail: more lines arrive without a reload.
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="log-line"]').length > n, before, { timeout: 20_000 });
    expect(Number(await page.getAttribute('[data-testid="log-histogram"]', 'data-total'))).toBeGreaterThan(0);
    const sources = await page.locator('.log-source-status').allTextContents();
    expect(sources[0]).toMatch(/assistant · \d+ lines/);
    // The monitor's own log (electron-log, in the data dir) is a source too.
    expect(sources.some((s) => /assistant-monitor · [1-9]\d* lines/.test(s))).toBe(true);
  });

  it('finds lines by a word and marks it', async () => {
    await page.fill('input[type="search"]', 'knowledge');
    await page.click('button:text("Search")');
    await page.waitForFunction(() => {
      const rows = [...document.querySelectorAll('[data-testid="log-line"]')];
      return rows.length > 0 && rows.every((r) => r.querySelector('mark'));
    }, undefined, { timeout: 20_000 });
    const marks = await page.locator('[data-testid="log-line"] mark').allTextContents();
    expect(marks.every((m) => m.toLowerCase() === 'knowledge')).toBe(true);
  });

  it('narrows to a field value by clicking it', async () => {
    const field = page.locator('[data-testid="log-line"] .log-field', { hasText: 'user_id=' }).first();
    const text = (await field.textContent())!;
    await field.click();
    await page.waitForSelector('[data-testid="field-filters"]');
    await page.waitForFunction(
      (f) => [...document.querySelectorAll('[data-testid="log-line"]')].every((r) => [...r.querySelectorAll('.log-field')].some((b) => b.textContent === f)),
      text,
      { timeout: 10_000 },
    );
  });
});
