// The diagnostics bundle as a user makes one from the web dashboard: preview, untick a file,
// write, download the zip through the browser session, and find inside what the preview said.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readZip } from '../support/unzip';
import { launchChromium } from './support/browser';
import { startServe, type Served } from './support/serve';

describe('diagnostics bundle in the dashboard', () => {
  let served: Served;
  let browser: Browser;
  let page: Page;
  const secret = 'tok-e2e-bundle-4c3b2a1f0e9d';

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'am-bundle-e2e-'));
    // A target that does not exist, with a token the bundle must not carry.
    writeFileSync(join(dir, 'monitor.json'), JSON.stringify({ scrape: [{ name: 'assistant', url: 'http://127.0.0.1:9/metrics', bearerToken: secret }] }));
    served = await startServe(['--port', '0', '--config', join(dir, 'monitor.json'), '--data-dir', join(dir, 'data')]);
    browser = await launchChromium();
    page = await browser.newPage({ acceptDownloads: true });
    await page.goto(served.url);
  });
  afterAll(async () => {
    await browser?.close();
    await served?.stop();
  });

  it('previews the files with sizes and redactions, writes what stays ticked, and downloads it', async () => {
    await page.getByRole('button', { name: 'Diagnostics bundle…' }).click();
    const files = page.getByTestId('bundle-files');
    await expect.poll(() => files.textContent(), { timeout: 10_000 }).toContain('app/config.json');
    expect(await files.textContent()).toMatch(/app\/config\.json · [\d.]+ (B|KiB).*redacted: 1 secret-key/);
    await page.getByLabel(/metrics\/last-15m\.csv/).uncheck();
    await page.getByRole('button', { name: /^Write bundle/ }).click();
    await expect.poll(() => page.getByTestId('bundle-result').textContent(), { timeout: 15_000 }).toMatch(/Written: .*assistant-monitor-.*\.zip/);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /^Download / }).click()]);
    const file = join(mkdtempSync(join(tmpdir(), 'am-dl-')), download.suggestedFilename());
    await download.saveAs(file);
    const zip = await readZip(file);
    expect(zip.has('summary.txt')).toBe(true);
    expect(zip.has('metrics/last-15m.csv')).toBe(false);
    expect(zip.get('summary.txt')).toMatch(/assistant: (DOWN|not scraped yet)/);
    for (const [name, text] of zip) expect(text.includes(secret), name).toBe(false);
  }, 40_000);

  it('refuses a bundle download without the session token, and names outside the bundle folder', async () => {
    const name = (await page.getByRole('link', { name: /^Download / }).getAttribute('download'))!;
    expect((await fetch(`${served.origin}/bundles/${name}`)).status).toBe(401);
    const auth = { Authorization: `Bearer ${served.token}` };
    expect((await fetch(`${served.origin}/bundles/${name}`, { headers: auth })).status).toBe(200);
    expect((await fetch(`${served.origin}/bundles/..%2fhistory.db`, { headers: auth })).status).toBe(404);
    expect((await fetch(`${served.origin}/bundles/assistant-monitor-nope.zip`, { headers: auth })).status).toBe(404);
  });
});
