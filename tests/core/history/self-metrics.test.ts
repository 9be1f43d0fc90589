import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { historySelfMetrics } from '../../../src-main/core/history/self-metrics';
import { DEFAULT_RETENTION, HistoryStore } from '../../../src-main/core/history/history-store';

describe('history self-metrics', () => {
  it('report size, backlog and what was dropped, and nothing while history is off', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'am-hc-')), 'history.db');
    HistoryStore.open(file, DEFAULT_RETENTION, () => {}).close();
    const db = new DatabaseSync(file);
    db.prepare('INSERT INTO journal (window_start, data) VALUES (0, ?)').run(new Uint8Array([9]));
    db.close();
    const store = HistoryStore.open(file, DEFAULT_RETENTION, () => {});
    store.write({ t: Date.UTC(2026, 10, 20), collector: 'x', values: { x: 1 } });
    const values = historySelfMetrics(() => store).collect();
    expect(values).toMatchObject({
      assistant_monitor_history_series: 1,
      assistant_monitor_history_writes_paused: 0,
      assistant_monitor_history_dropped_journal_rows_total: 1,
      assistant_monitor_history_dropped_samples_total: 0,
    });
    expect(values.assistant_monitor_history_backlog_bytes).toBe(0);
    store.flush();
    store.close();
    expect(historySelfMetrics(() => null).collect()).toEqual({});
  });
});
