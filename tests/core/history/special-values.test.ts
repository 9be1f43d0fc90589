// NaN, +Inf and -Inf are real data (Prometheus summaries with no observations, division by zero
// in an exporter): history stores and returns them exactly, rollups leave them out of min, max and
// average, and nothing about them can stop history or a restart.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RETENTION, HistoryStore, WINDOW_MS } from '../../../src-main/core/history/history-store';
import { encodeJournal } from '../../../src-main/core/history/journal-codec';

const T0 = Date.UTC(2026, 10, 20, 0, 0, 0);
const file = () => join(mkdtempSync(join(tmpdir(), 'am-special-')), 'history.db');
const open = (f: string, notices: string[] = []) => HistoryStore.open(f, DEFAULT_RETENTION, (l) => notices.push(l));

/** 1 Hz for 11 minutes (one window closes): `special` every 10th second, else 1..9. */
function fillAcrossWindow(store: HistoryStore, special: number): void {
  for (let i = 0; i < 660; i++) {
    store.write({ t: T0 + i * 1000, collector: 'scrape:x', values: { q: i % 10 === 0 ? special : i % 10 } });
    store.flush(T0 + i * 1000);
  }
}

describe.each([
  ['NaN', NaN],
  ['+Inf', Infinity],
  ['-Inf', -Infinity],
])('history with %s samples', (_name, special) => {
  it('keeps writing across a window close and returns the value exactly, after a restart too', () => {
    const f = file();
    const s = open(f);
    fillAcrossWindow(s, special);
    expect(s.getStats()).toMatchObject({ writesPaused: false, lastError: null });
    s.close();
    const again = open(f);
    const raw = again.rawSamples('q', T0, T0 + 660_000);
    expect(raw.ts).toHaveLength(660);
    expect(Object.is(raw.vs[0], special)).toBe(true);
    expect(Object.is(raw.vs[600], special)).toBe(true);
    expect(raw.vs[1]).toBe(1);
    again.close();
  });

  it('leaves it out of the rollups’ min and max, and keeps it as the last value', () => {
    const f = file();
    const s = open(f);
    fillAcrossWindow(s, special);
    const now = T0 + 8 * 86_400_000;
    // Eight days: read from the 1-hour rollups; the first window is stored, the rest still open.
    const r = s.query(['q'], T0, now, 100, now);
    expect(r.tier).toBe('1h');
    expect(r.values[0]!.filter((v) => v !== null)).toEqual([1, 9]);
    const minute = s.samplesFor('q', T0, T0 + 3 * 86_400_000, T0 + 3 * 86_400_000);
    // Each minute bucket's last sample is second 59 (value 9); the special value is kept in raw form.
    expect(minute.vs.slice(0, 10)).toEqual(new Array(10).fill(9));
    s.close();
    const db = new DatabaseSync(f, { readOnly: true });
    const row = db.prepare('SELECT min, max, sum, count FROM rollup_1m WHERE t = ?').get(T0) as { min: number; max: number; sum: number; count: number };
    expect(row).toEqual({ min: 1, max: 9, sum: 6 * 45, count: 54 });
    db.close();
  });
});

describe('history of a series that is only NaN', () => {
  it('stores a rollup without min and max and draws the NaN as it is', () => {
    const s = open(file());
    fillAcrossWindow(s, NaN);
    for (let i = 660; i < 1300; i++) s.write({ t: T0 + i * 1000, collector: 'x', values: { only_nan: NaN } });
    s.flush(T0 + 1300_000);
    expect(s.getStats().writesPaused).toBe(false);
    const r = s.query(['only_nan'], T0, T0 + 8 * 86_400_000, 100, T0 + 8 * 86_400_000);
    expect(r.values[0]!.some((v) => Number.isNaN(v))).toBe(true);
    s.close();
  });
});

describe('the journal after a crash', () => {
  it('drops and counts a row that cannot be applied, applies the others, and starts clean the next time', () => {
    const f = file();
    const a = open(f);
    for (let i = 0; i < 30; i++) {
      a.write({ t: T0 + i * 1000, collector: 'x', values: { x: i } });
      a.flush(T0 + i * 1000);
    }
    // The process dies without closing; a damaged row and one naming an unknown series are left behind.
    const db = new DatabaseSync(f);
    db.prepare('INSERT INTO journal (window_start, data) VALUES (?, ?)').run(T0, new Uint8Array([5, 1, 2]));
    db.prepare('INSERT INTO journal (window_start, data) VALUES (?, ?)').run(T0, encodeJournal([{ id: 999, t: T0 + 40_000, v: 1 }]));
    db.close();

    const b = open(f);
    expect(b.drops().journalRows).toBe(2);
    expect(b.getStats().lastError).toMatch(/journal row \d+ could not be applied .*dropped it, the other rows were kept/);
    expect(b.rawSamples('x', T0, T0 + WINDOW_MS).vs).toEqual(Array.from({ length: 30 }, (_, i) => i));
    // The window still closes and the next start finds nothing to drop.
    b.write({ t: T0 + WINDOW_MS, collector: 'x', values: { x: 30 } });
    b.flush(T0 + WINDOW_MS);
    expect(b.getStats().writesPaused).toBe(false);
    b.close();
    const c = open(f);
    expect(c.drops().journalRows).toBe(0);
    expect(c.rawSamples('x', T0, T0 + WINDOW_MS).vs).toHaveLength(31);
    c.close();
  });
});
