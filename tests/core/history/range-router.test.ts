// After a restart the in-memory window is empty, but the minutes before it are in the history
// database: a range reaching back before this process started is read from history.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../../src-main/core/config/schema';
import { DEFAULT_RETENTION, HistoryStore } from '../../../src-main/core/history/history-store';
import { answeredFromMemory, memoryCompleteFrom } from '../../../src-main/core/history/range-router';
import { createCore } from '../../../src-main/core/create-core';

const MIN = 60_000;

describe('range routing', () => {
  const routing = { history: true, startedAt: 100 * MIN, liveWindowMs: 15 * MIN, now: 105 * MIN };

  it('answers from memory only from when the process started, or the live window, whichever is later', () => {
    expect(memoryCompleteFrom(routing)).toBe(100 * MIN);
    expect(answeredFromMemory(101 * MIN, routing)).toBe(true);
    expect(answeredFromMemory(100 * MIN - 1, routing)).toBe(false);
    expect(memoryCompleteFrom({ ...routing, now: 130 * MIN })).toBe(115 * MIN);
    expect(answeredFromMemory(114 * MIN, { ...routing, now: 130 * MIN })).toBe(false);
    // Without a database memory is all there is.
    expect(answeredFromMemory(0, { ...routing, history: false })).toBe(true);
  });

  it('gives the whole last 5 minutes right after a restart, charts and PromQL alike', async () => {
    const historyFile = join(mkdtempSync(join(tmpdir(), 'am-router-')), 'history.db');
    // The previous run sampled a counter at 1 Hz for the last 5 minutes, then was killed.
    const now = Date.now();
    const before = HistoryStore.open(historyFile, DEFAULT_RETENTION, () => {});
    for (let i = 0; i < 300; i++) {
      before.write({ t: now - 300_000 + i * 1000, collector: 'count', values: { work_total: i * 10 } });
      before.flush(now - 300_000 + i * 1000);
    }
    const core = createCore({ collectors: [], config: DEFAULT_CONFIG, historyFile });
    const r = await core.api.queryRange({ series: ['work_total'], from: now - 300_000, to: Date.now(), maxPoints: 1000 });
    expect(r.values[0]!.filter((v) => v !== null)).toHaveLength(300);
    expect(r.values[0]!.at(-1)).toBe(2990);
    const rate = await core.api.queryExpr({ expr: 'rate(work_total[1m])', from: now - 60_000, to: now - 60_000, stepMs: 1000 });
    expect(rate.values[0]![0]).toBeCloseTo(10, 5);
    core.stop();
  });
});
