// The packaged shape of the desktop app, for machines that have the Electron binary
// (`npm run test:electron`; skipped with a message elsewhere): the window opens on app://, a
// chart draws, the tray exists, and closing the window leaves the app (and recording) running.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron as electron, type ElectronApplication } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const MAIN = resolve(import.meta.dirname, '../../out/main/index.js');

describe('desktop app', () => {
  let app: ElectronApplication;
  beforeAll(async () => {
    app = await electron.launch({
      executablePath: process.env.ELECTRON_BINARY!,
      args: [MAIN, `--user-data-dir=${mkdtempSync(join(tmpdir(), 'am-electron-'))}`],
      env: { ...process.env, ELECTRON_RENDERER_URL: '' },
    });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('opens the dashboard on app:// and draws a chart', async () => {
    const page = await app.firstWindow();
    expect(page.url()).toBe('app://monitor/index.html');
    const canvas = page.locator('canvas').first();
    await canvas.waitFor({ timeout: 20_000 });
    await expect
      .poll(() => canvas.evaluate((c: HTMLCanvasElement) => c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data.some((v, i) => i % 4 === 3 && v > 0)), { timeout: 20_000 })
      .toBe(true);
  });

  it('has its tray icon', async () => {
    expect(await app.evaluate(() => typeof (globalThis as { __assistantMonitorTray?: unknown }).__assistantMonitorTray)).toBe('object');
  });

  it('keeps running after the window is closed', async () => {
    await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.close());
    await new Promise((r) => setTimeout(r, 1000));
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().map((w) => w.isVisible()))).toEqual([false]);
  });
});
