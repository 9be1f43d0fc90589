import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Collector } from '../../src-main/core/collector';
import { DEFAULT_CONFIG } from '../../src-main/core/config/schema';
import { createCore } from '../../src-main/core/create-core';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function counter(start: number): Collector {
  let n = start;
  return { name: 'count', intervalMs: 100, timeoutMs: 90, series: () => [], sample: () => ({ 'work_total{kind="a"}': (n += 10) }) };
}

describe('core with history', () => {
  it('answers ranges older than the live window from the database, across a restart, with the downtime as a gap', async () => {
    const historyFile = join(mkdtempSync(join(tmpdir(), 'am-core-')), 'history.db');
    const first = createCore({ collectors: [counter(0)], config: DEFAULT_CONFIG, historyFile, liveWindowMs: 500 });
    const started = Date.now();
    first.start();
    await sleep(1500);
    first.stop();
    await sleep(800);
    const second = createCore({ collectors: [counter(1000)], config: DEFAULT_CONFIG, historyFile, liveWindowMs: 500 });
    second.start();
    await sleep(1200);
    const r = await second.api.queryRange({ series: ['work_total{kind="a"}'], from: started - 1000, to: Date.now(), maxPoints: 1000 });
    expect(r.tier).toBe('raw');
    const values = r.values[0]!;
    const firstRun = values.filter((v) => v !== null && v < 1000);
    const secondRun = values.filter((v) => v !== null && v > 1000);
    expect(firstRun.length).toBeGreaterThanOrEqual(12);
    expect(secondRun.length).toBeGreaterThanOrEqual(8);
    // Exactly one gap, between the runs.
    const gaps = values.map((v, i) => (v === null ? i : -1)).filter((i) => i >= 0);
    expect(gaps).toHaveLength(1);
    expect(values[gaps[0]! - 1]).toBeLessThan(1000);
    expect(values[gaps[0]! + 1]).toBeGreaterThan(1000);
    // PromQL reads the database too: the counter rises 100/s in both runs.
    const rate = await second.api.queryExpr({ expr: 'sum(rate(work_total[1s]))', from: started + 1000, to: started + 1000, stepMs: 1000 });
    expect(rate.values[0]![0]).toBeCloseTo(100, -1);
    expect(await second.api.findSeries({ text: 'work kind' })).toEqual([{ id: 'work_total{kind="a"}', name: 'work_total', labels: { kind: 'a' } }]);
    const info = await second.api.getInfo();
    expect(info.history).toMatchObject({ file: historyFile, writesPaused: false, lastError: null });
    // The counter and the history store's own series (assistant_monitor_history_*).
    expect(info.history!.series).toBeGreaterThanOrEqual(1);
    second.stop();
  });

  it('runs in memory only, and says so, without a history file', async () => {
    const core = createCore({ collectors: [counter(0)], config: DEFAULT_CONFIG });
    const info = await core.api.getInfo();
    expect(info.history).toBeNull();
    expect(info.notices).toContain('history is off: data is kept in memory for the last 15 minutes only');
    core.stop();
  });

  it('samples at the idle interval while nobody subscribes, and at full rate while someone does', async () => {
    const core = createCore({ collectors: [counter(0)], config: DEFAULT_CONFIG, idleIntervalMs: 400 });
    core.start();
    await sleep(900);
    const idle = (await core.api.getCollectorStatus()).find((c) => c.name === 'count')!;
    expect(idle.intervalMs).toBe(400);
    expect(idle.ticks).toBeLessThanOrEqual(4);
    const stop = core.api.subscribe(() => {});
    await sleep(500);
    const busy = (await core.api.getCollectorStatus()).find((c) => c.name === 'count')!;
    expect(busy.intervalMs).toBe(100);
    expect(busy.ticks - idle.ticks).toBeGreaterThanOrEqual(4);
    stop();
    expect((await core.api.getCollectorStatus()).find((c) => c.name === 'count')!.intervalMs).toBe(400);
    core.stop();
  });
});
