// Takes the README screenshot of the real dashboard: `node scripts/screenshot.js [out.png]`
// after `npm run build`. Runs serve, waits for a minute of history, captures the page.
import { spawn } from 'node:child_process';
import { chromium } from 'playwright-core';

const out = process.argv[2] ?? 'docs/dashboard.png';
const waitMs = Number(process.env.SCREENSHOT_WAIT_MS ?? 60_000);
const child = spawn(process.execPath, ['bin/assistant-monitor.js', 'serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
const url = await new Promise((resolve) => {
  let buf = '';
  child.stdout.on('data', (d) => {
    buf += d;
    const m = /listening on (\S+)/.exec(buf);
    if (m) resolve(m[1]);
  });
});
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
});
const page = await browser.newPage({ viewport: { width: 1200, height: 560 } });
await page.goto(url);
await new Promise((r) => setTimeout(r, waitMs));
await page.screenshot({ path: out });
await browser.close();
child.kill();
console.log(`wrote ${out}`);
