// Regression: Prometheus's own /metrics carries NaN (summaries with no observations). Scraped by
// our real scrape collector and written to a real history database across a window close, it
// must not pause history, and the NaN must come back as NaN, after a restart too.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RETENTION, HistoryStore, WINDOW_MS } from '../../../src-main/core/history/history-store';
import { createScrapeCollector } from '../../../src-main/core/scrape/scrape-target';

const PROMETHEUS = process.env.PROMETHEUS_PATH ?? '/usr/bin/prometheus';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

describe.skipIf(!existsSync(PROMETHEUS))('history fed by a real Prometheus server', () => {
  let prom: ChildProcess;
  let url: string;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'am-prom-nan-'));
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    writeFileSync(join(dir, 'prometheus.yml'), 'global:\n  scrape_interval: 1m\nscrape_configs: []\n');
    prom = spawn(PROMETHEUS, [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`], { stdio: 'ignore' });
    const readyBy = Date.now() + 15_000;
    while ((await fetch(`${url}/-/ready`).catch(() => null))?.status !== 200) {
      if (Date.now() > readyBy) throw new Error('Prometheus did not become ready within 15 s');
      await new Promise((r) => setTimeout(r, 100));
    }
  }, 20_000);

  afterAll(() => {
    prom?.kill();
  });

  it('keeps writing across a window close and returns its NaN samples as NaN', async () => {
    const scrape = createScrapeCollector({ name: 'prometheus', url: `${url}/metrics`, intervalMs: 15_000, timeoutMs: 5000 });
    const file = join(mkdtempSync(join(tmpdir(), 'am-history-')), 'history.db');
    const store = HistoryStore.open(file, DEFAULT_RETENTION, () => {});
    // Scrapes stamped as if 15 s apart, so the 10-minute window closes after the 40th.
    // Recent times: closing the store applies retention with the real clock.
    const t0 = Math.floor(Date.now() / WINDOW_MS) * WINDOW_MS - WINDOW_MS;
    const nanSeries = new Set<string>();
    for (let k = 0; k < 44; k++) {
      const values = await scrape.sample();
      for (const [id, v] of Object.entries(values)) if (Number.isNaN(v)) nanSeries.add(id);
      store.write({ t: t0 + k * 15_000, collector: 'scrape:prometheus', values });
      store.flush(t0 + k * 15_000);
    }
    expect(scrape.status().up).toBe(true);
    expect(nanSeries.size).toBeGreaterThan(0);
    expect(store.getStats()).toMatchObject({ writesPaused: false, lastError: null });
    store.close();

    const reopened = HistoryStore.open(file, DEFAULT_RETENTION, () => {});
    const id = [...nanSeries][0]!;
    const { ts, vs } = reopened.rawSamples(id, t0, t0 + WINDOW_MS + 60_000);
    expect(ts).toHaveLength(44);
    expect(vs.some((v) => Number.isNaN(v))).toBe(true);
    reopened.close();
  }, 30_000);
});
