// Takes the README screenshots of the real UI: `node scripts/screenshot.js` after `npm run build`.
// Runs the demo assistant and the monitor scraping it, lets history build up, then captures the
// System, Assistant, Explorer and Logs views into docs/.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const waitMs = Number(process.env.SCREENSHOT_WAIT_MS ?? 90_000);
const bin = join(import.meta.dirname, '..', 'bin', 'assistant-monitor.js');
const children = [];

function start(args, pattern) {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return new Promise((resolve) => {
    let buf = '';
    child.stdout.on('data', (d) => {
      buf += d;
      const m = pattern.exec(buf);
      if (m) resolve(m[1]);
    });
  });
}

const dir = mkdtempSync(join(tmpdir(), 'am-shot-'));
const logDir = join(dir, 'assistant-logs');
const demoUrl = await start(['demo-assistant', '--port', '0', '--log-dir', logDir], /listening on (http:\/\/\S+)/);
writeFileSync(
  join(dir, 'monitor.json'),
  JSON.stringify({
    scrape: [{ name: 'assistant', url: `${demoUrl}/metrics`, interval: '2s' }],
    processes: [{ name: 'assistant', port: Number(new URL(demoUrl).port) }],
    logs: { sources: [{ name: 'assistant', path: join(logDir, 'assistant.log*') }] },
  }),
);
const url = await start(['serve', '--port', '0', '--config', join(dir, 'monitor.json'), '--data-dir', dir], /listening on (\S+)/);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(url);
  // Halfway through, slow the voice pipeline down so the charts have a story to tell.
  await new Promise((r) => setTimeout(r, waitMs / 2));
  await fetch(`${demoUrl}/faults`, { method: 'POST', body: JSON.stringify({ fault: 'slow-voice', enabled: true }) });
  await new Promise((r) => setTimeout(r, waitMs / 2));
  await page.screenshot({ path: 'docs/system.png', fullPage: true });
  await page.click('nav >> text=Assistant');
  await page.waitForTimeout(3000);
  await page.screenshot({ path: 'docs/assistant.png', fullPage: true });
  await page.click('nav >> text=Explorer');
  await page.fill('[data-testid="metric-search"]', 'voice');
  await page.click('button.metric:has-text("voice_processing_duration_seconds_bucket")');
  await page.selectOption('[data-testid="explorer-mode"]', 'quantile');
  await page.waitForTimeout(3000);
  await page.screenshot({ path: 'docs/explorer.png' });
  await page.click('nav >> text=Logs');
  await page.fill('input[type="search"]', 'voice');
  await page.click('button:text("Search")');
  await page.waitForTimeout(3000);
  await page.screenshot({ path: 'docs/logs.png' });
  console.log('wrote docs/system.png, docs/assistant.png, docs/explorer.png, docs/logs.png');
} finally {
  await browser.close();
  for (const c of children) c.kill();
}
