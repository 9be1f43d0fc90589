// The history database under abuse: kill -9 in the middle of continuous writes, and a full disk.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src-main/core/config/schema';
import { DEFAULT_RETENTION, HistoryStore } from '../../src-main/core/history/history-store';
import { prepareDataDir } from '../../src-main/core/data-dir';
import { createCore } from '../../src-main/core/create-core';
import { wideCollector } from '../support/wide-collector';

const RUNS = Number(process.env.CRASH_RUNS ?? 50);
const ROOT = resolve(import.meta.dirname, '../..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('history durability', () => {
  let writer: string;
  beforeAll(async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'am-writer-'));
    await build({
      root: ROOT,
      logLevel: 'silent',
      configFile: false,
      // Bundled whole: the writer runs from a temporary folder with no node_modules beside it.
      ssr: { noExternal: true },
      build: { ssr: resolve(ROOT, 'tests/e2e/support/history-writer.ts'), outDir, rollupOptions: { output: { entryFileNames: 'writer.mjs' } } },
    });
    writer = join(outDir, 'writer.mjs');
  });

  it('survives kill -9 during continuous writes 50 times: opens, passes integrity_check, loses at most 2 s', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'am-crash-')), 'history.db');
    const losses: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const t0 = Date.now();
      const child = spawn(process.execPath, [writer, file], { stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise<void>((r) => child.stdout.once('data', () => r()));
      const startedAt = Date.now();
      await sleep(400 + Math.random() * 1600);
      const killedAt = Date.now();
      expect(child.exitCode, `writer exited by itself in run ${run}`).toBeNull();
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;

      const notices: string[] = [];
      const store = HistoryStore.open(file, DEFAULT_RETENTION, (l) => notices.push(l));
      expect(notices, `run ${run}`).toEqual([]);
      const last = store.rawSamples('load_7', 0, Number.MAX_SAFE_INTEGER).ts.at(-1) ?? 0;
      store.close();
      const check = new DatabaseSync(file).prepare('PRAGMA integrity_check').get() as { integrity_check: string };
      expect(check.integrity_check, `run ${run}`).toBe('ok');
      // What this run sampled and the file does not have: from its last stored sample (or its
      // start, if nothing was stored yet) to the kill.
      losses.push(killedAt - Math.max(last, startedAt));
      if (process.env.DEBUG_CRASH) console.log(run, Date.now() - t0, killedAt - last);
    }
    console.log(JSON.stringify({ runs: losses.length, max_loss_ms: Math.max(...losses), median_loss_ms: [...losses].sort((a, b) => a - b)[Math.floor(losses.length / 2)] }));
    expect(Math.max(...losses)).toBeLessThanOrEqual(2000);
  }, 240_000);

  it('runs in memory only, and says so, when the data dir is on a read-only file system', async () => {
    const ro = mkdtempSync(join(tmpdir(), 'am-ro-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=1m', 'tmpfs', ro]);
    try {
      const notices: string[] = [];
      const dir = prepareDataDir(join(ro, 'data'), (l) => notices.push(l));
      expect(dir).toBeNull();
      expect(notices[0]).toMatch(/^data dir .*\/data: .*; running in memory only/);
      const core = createCore({ collectors: [], config: DEFAULT_CONFIG, historyFile: null, notices });
      const info = await core.api.getInfo();
      expect(info.history).toBeNull();
      expect(info.notices.join('\n')).toContain('running in memory only');
      core.stop();
    } finally {
      execFileSync('umount', [ro]);
    }
  });

  describe('on a full disk', () => {
    const mount = join(tmpdir(), `am-full-${process.pid}`);
    beforeAll(() => {
      mkdirSync(mount, { recursive: true });
      try {
        execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', mount]);
      } catch (err) {
        throw new Error(`this test mounts a 4 MiB tmpfs and needs root: ${(err as Error).message}`, { cause: err });
      }
    });
    afterAll(() => {
      try {
        execFileSync('umount', [mount]);
      } catch {
        // already gone
      }
      rmSync(mount, { recursive: true, force: true });
    });

    it('pauses writes with a notice, keeps sampling in memory, and resumes when space returns', async () => {
      const historyFile = join(mount, 'history.db');
      const core = createCore({ collectors: [wideCollector(100)], config: DEFAULT_CONFIG, historyFile });
      core.start();
      await sleep(1500);
      // Fill the disk.
      const filler = join(mount, 'filler');
      try {
        writeFileSync(filler, Buffer.alloc(8 * 1024 * 1024));
      } catch {
        // ENOSPC: the disk is full now, which is the point
      }
      await expect.poll(async () => (await core.api.getInfo()).notices.join('\n'), { timeout: 15_000 }).toContain('disk full: history writes are paused');
      const pausedAt = Date.now();
      expect((await core.api.getInfo()).history!.writesPaused).toBe(true);
      // Sampling goes on in memory.
      const live = await core.api.queryRange({ series: ['load_1'], from: pausedAt - 500, to: Date.now() });
      await sleep(1000);
      const later = await core.api.queryRange({ series: ['load_1'], from: pausedAt - 500, to: Date.now() });
      expect(later.t.length).toBeGreaterThan(live.t.length);
      // Free the space: writes resume within the retry interval.
      rmSync(filler);
      await expect.poll(async () => (await core.api.getInfo()).history!.writesPaused, { timeout: 15_000 }).toBe(false);
      expect((await core.api.getInfo()).notices.join('\n')).not.toContain('disk full');
      core.stop();
      // What was sampled during the pause reached the file.
      const store = HistoryStore.open(historyFile, DEFAULT_RETENTION, () => {});
      const stored = store.rawSamples('load_1', pausedAt, pausedAt + 1000).ts;
      store.close();
      expect(stored.length).toBeGreaterThan(5);
    }, 60_000);
  });
});
