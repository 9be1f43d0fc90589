import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RETENTION, HistoryStore, WINDOW_MS } from '../../../src-main/core/history/history-store';

const T0 = Date.UTC(2026, 10, 20, 0, 0, 0);
const file = () => join(mkdtempSync(join(tmpdir(), 'am-history-')), 'history.db');
const open = (f: string, retention = DEFAULT_RETENTION, notices: string[] = []) => HistoryStore.open(f, retention, (l) => notices.push(l));

/** `seconds` samples at 1 Hz from `start`, value f(i), flushed every tick like the hub does. */
function fill(store: HistoryStore, start: number, seconds: number, f: (i: number) => Record<string, number>): void {
  for (let i = 0; i < seconds; i++) {
    store.write({ t: start + i * 1000, collector: 'system', values: f(i) });
    store.flush(start + i * 1000);
  }
}

describe('history store', () => {
  it('keeps samples across a restart, open window included', () => {
    const f = file();
    const a = open(f);
    fill(a, T0, WINDOW_MS / 1000 + 30, (i) => ({ cpu_ratio: (i % 100) / 100, 'mem_bytes{host="a"}': 1024 * i }));
    a.close();
    const b = open(f);
    const r = b.query(['cpu_ratio', 'mem_bytes{host="a"}'], T0, T0 + WINDOW_MS + 29_000, 10_000, T0 + WINDOW_MS + 30_000);
    expect(r.tier).toBe('raw');
    expect(r.t).toHaveLength(WINDOW_MS / 1000 + 30);
    expect(r.values[0]![150]).toBe(0.5);
    expect(r.values[1]!.at(-1)).toBe(1024 * (WINDOW_MS / 1000 + 29));
    expect(b.findSeries('mem host', 10)).toEqual([{ id: 'mem_bytes{host="a"}', name: 'mem_bytes', labels: { host: 'a' } }]);
    b.close();
  });

  it('replays the journal after a crash (no close), losing nothing flushed', () => {
    const f = file();
    const a = open(f);
    fill(a, T0, 42, (i) => ({ x: i }));
    // no close(): the process "dies" here; WAL keeps what was committed
    const b = open(f);
    expect(b.rawSamples('x', T0, T0 + 60_000).vs).toEqual(Array.from({ length: 42 }, (_, i) => i));
    b.close();
  });

  it('stores typical machine series in under 2 bytes a sample', () => {
    const f = file();
    const s = open(f);
    const cpu = [0.3, 0.5];
    let mem = 8 * 1024 ** 3;
    const net = [0, 0];
    const hours = 6;
    fill(s, T0, hours * 3600, (i) => {
      const v: Record<string, number> = {};
      for (const core of [0, 1]) {
        cpu[core] = Math.min(1, Math.max(0, cpu[core]! + Math.sin(i * (1.7 + core)) * 0.02));
        v[`cpu_ratio{core="${core}"}`] = Math.round(cpu[core]! * 1e4) / 1e4;
        net[core]! += Math.round(20_000 + Math.sin(i + core) * 5000);
        v[`net_bytes_total{dev="eth${core}"}`] = net[core]!;
      }
      mem += 4096 * Math.round(Math.sin(i / 7) * 50);
      v.mem_bytes = mem;
      v.load1 = Math.round((1 + Math.sin(i / 60)) * 100) / 100;
      v.uptime_seconds = i;
      v.temp_celsius = 40 + Math.round(Math.sin(i / 300) * 50) / 10;
      return v;
    });
    s.flush(T0 + hours * 3600_000);
    s.close();
    const db = new DatabaseSync(f);
    const payload = db.prepare('SELECT sum(length(data)) AS b, sum(count) AS n FROM chunks').get() as { b: number; n: number };
    expect(payload.b / payload.n).toBeLessThan(1.6);
    // On disk: the raw tier's table and index pages, SQLite's own overhead included.
    const pages = db.prepare("SELECT sum(pgsize) AS b FROM dbstat WHERE name IN ('chunks', 'chunks_series', 'chunks_start')").get() as { b: number };
    expect(pages.b / payload.n).toBeLessThan(2);
  });

  it('answers long ranges from rollups, keeping spikes and marking downtime as a gap', () => {
    const f = file();
    const s = open(f);
    fill(s, T0, 3 * 3600, (i) => ({ cpu: i === 5000 ? 0.99 : 0.1 }));
    // Monitor down for an hour, then back.
    fill(s, T0 + 4 * 3600_000, 3600, () => ({ cpu: 0.2 }));
    s.flush(T0 + 5 * 3600_000);
    const now = T0 + 5 * 3600_000;
    for (const [from, tier] of [
      [T0, 'raw'],
      [now - 24 * 3600_000, '1m'],
    ] as const) {
      const r = s.query(['cpu'], from, now, 400, now);
      expect(r.tier).toBe(tier);
      expect(r.t.length).toBeLessThanOrEqual(400 + 10);
      expect(Math.max(...(r.values[0]!.filter((v) => v !== null) as number[]))).toBe(0.99);
      const gapAt = r.t.findIndex((_t, i) => r.values[0]![i] === null);
      expect(gapAt, tier).toBeGreaterThan(0);
      expect(r.t[gapAt]!).toBeGreaterThan(T0 + 3 * 3600_000 - 10 * 60_000);
      expect(r.t[gapAt]!).toBeLessThan(T0 + 4 * 3600_000);
    }
    const week = s.query(['cpu'], now - 30 * 24 * 3600_000, now, 500, now);
    expect(week.tier).toBe('1h');
    s.close();
  });

  it('drops data past its retention, and the oldest first past the byte cap, counting both', () => {
    const f = file();
    const s = open(f, { rawMs: 3600_000, minuteMs: 2 * 3600_000, hourMs: 365 * 24 * 3600_000, maxBytes: 1024 ** 3 });
    fill(s, T0, 3 * 3600, (i) => ({ a: i, b: i * 2 }));
    const st = s.getStats();
    expect(st.expired).toBeGreaterThan(0);
    const db = new DatabaseSync(f);
    const oldest = (db.prepare('SELECT min(start_ms) AS m FROM chunks').get() as { m: number }).m;
    expect(oldest).toBeGreaterThanOrEqual(T0 + 3 * 3600_000 - 3600_000 - WINDOW_MS);
    s.close();

    // An empty file is already ~180 kB (one 16 kB page per table and index).
    const cap = 512 * 1024;
    const capped = open(file(), { ...DEFAULT_RETENTION, maxBytes: cap });
    fill(capped, T0, 3 * 3600, (i) => Object.fromEntries(Array.from({ length: 30 }, (_, k) => [`s${k}`, (i * (k + 1) * 7919) % 100_003])));
    const cs = capped.getStats();
    expect(cs.evicted).toBeGreaterThan(0);
    expect(cs.bytes).toBeLessThanOrEqual(cap);
    // What is left is the newest data.
    expect(capped.rawSamples('s0', T0, T0 + 3600_000).ts).toEqual([]);
    expect(capped.rawSamples('s0', T0 + 3 * 3600_000 - 60_000, T0 + 3 * 3600_000).ts.length).toBeGreaterThan(50);
    capped.close();
  });

  it('moves a corrupt file aside with a notice and starts fresh', () => {
    const f = file();
    writeFileSync(f, 'this is not a database, just text that someone wrote here by mistake'.repeat(100));
    const notices: string[] = [];
    const s = open(f, DEFAULT_RETENTION, notices);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/could not be opened .*; moved aside to .*history\.db\.corrupt-.* and started a new one/);
    expect(readdirSync(join(f, '..')).some((n) => n.startsWith('history.db.corrupt-'))).toBe(true);
    fill(s, T0, 3, (i) => ({ x: i }));
    s.close();
  });
});

describe('history writes that fail', () => {
  it('drops and counts a chunk SQLite refuses for good, and writes everything else', () => {
    const f = file();
    const s = open(f);
    fill(s, T0, 60, (i) => ({ good: i, refused: i }));
    // A rule of the database that always refuses one series' chunk (a permanent failure, not a full disk).
    const db = new DatabaseSync(f);
    db.exec("CREATE TRIGGER refuse BEFORE INSERT ON chunks WHEN NEW.series_id = (SELECT id FROM series WHERE key = 'refused') BEGIN SELECT RAISE(ABORT, 'refused by test'); END");
    db.close();
    fill(s, T0 + WINDOW_MS - 60_000, 120, (i) => ({ good: i, refused: i }));
    expect(s.getStats()).toMatchObject({ writesPaused: false });
    expect(s.getStats().lastError).toMatch(/could not write a chunk of refused \(refused by test\); dropped it, the rest was written/);
    expect(s.drops().samples).toBe(120);
    // Later writes are not held back.
    fill(s, T0 + WINDOW_MS + 60_000, 5, (i) => ({ good: 1000 + i }));
    s.close();
    const again = open(f);
    expect(again.rawSamples('good', T0, T0 + WINDOW_MS - 1).ts).toHaveLength(120);
    expect(again.rawSamples('good', T0 + WINDOW_MS + 60_000, T0 + WINDOW_MS + 65_000).vs).toEqual([1000, 1001, 1002, 1003, 1004]);
    again.close();
  });
});

describe('opening a database another process holds', () => {
  it('fails with the lock named and leaves the healthy file and its WAL where they are', () => {
    const f = file();
    const a = open(f);
    fill(a, T0, 5, (i) => ({ x: i }));
    a.close();
    // A second connection takes the file for itself, as another monitor on the same file would.
    const other = new DatabaseSync(f);
    other.exec('PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; INSERT INTO counters (name, value) VALUES (\'held\', 1)');
    const notices: string[] = [];
    expect(() => HistoryStore.open(f, DEFAULT_RETENTION, (l) => notices.push(l), { busyTimeoutMs: 0 })).toThrow(/database is locked/);
    expect(notices).toEqual([]);
    expect(readdirSync(join(f, '..')).filter((n) => n.includes('corrupt'))).toEqual([]);
    other.exec('ROLLBACK');
    other.close();
    const b = open(f);
    expect(b.rawSamples('x', T0, T0 + 5000).vs).toEqual([0, 1, 2, 3, 4]);
    b.close();
  });
});

describe('history while writes are paused', () => {
  it('holds a bounded backlog in memory, drops the oldest closed windows counted, and writes the rest when it can', () => {
    const f = file();
    const s = HistoryStore.open(f, DEFAULT_RETENTION, () => {}, { busyTimeoutMs: 0, maxPendingSealBytes: 40_000 });
    const values = (i: number) => Object.fromEntries(Array.from({ length: 20 }, (_, k) => [`s${k}`, (i * 7919 * (k + 1)) % 10_007]));
    fill(s, T0, 10, values);
    // Another writer holds the database: every flush fails and is retried, as on a full disk.
    const other = new DatabaseSync(f);
    other.exec('BEGIN IMMEDIATE');
    const windows = 8;
    const peak = [0, 0];
    for (let i = 10; i < windows * 600; i++) {
      s.write({ t: T0 + i * 1000, collector: 'system', values: values(i) });
      s.flush(T0 + i * 1000);
      const half = i < (windows / 2) * 600 ? 0 : 1;
      peak[half] = Math.max(peak[half]!, s.backlogBytes());
    }
    expect(s.getStats()).toMatchObject({ writesPaused: true, lastError: 'history write failed: database is locked' });
    // Bounded: the budget, the newest closed window and the open window's journal rows, however
    // long the pause lasts (the second half of the pause holds no more than the first).
    expect(peak[1]).toBeLessThan(250_000);
    expect(peak[1]).toBeLessThanOrEqual(peak[0]! * 1.1);
    const dropped = s.drops().samples;
    expect(dropped % (20 * 600)).toBe(0);
    expect(dropped).toBeGreaterThanOrEqual(2 * 20 * 600);
    other.exec('ROLLBACK');
    other.close();
    s.flush(T0 + windows * 600_000);
    expect(s.getStats()).toMatchObject({ writesPaused: false, lastError: null });
    expect(s.backlogBytes()).toBe(0);
    s.close();
    const again = open(f);
    // The newest closed windows and the open one were written; the oldest went, as counted.
    expect(again.rawSamples('s0', T0 + (windows - 2) * 600_000, T0 + windows * 600_000).ts).toHaveLength(1200);
    expect(again.rawSamples('s0', T0, T0 + windows * 600_000).ts).toHaveLength(windows * 600 - dropped / 20);
    again.close();
  });
});

describe('files written by earlier versions', () => {
  it('reads chunks in the first chunk format beside new ones', () => {
    const f = file();
    open(f).close();
    const db = new DatabaseSync(f);
    db.exec(`INSERT INTO series (id, key, name, labels) VALUES (1, 'old', 'old', '{}')`);
    // Written by format 1: 0.25, 0.5, 0.75, 1 at T0 + 0, 1, 2.003, 2.999 s.
    const v1 = Uint8Array.from([4, 128, 188, 217, 242, 158, 52, 208, 15, 6, 13, 1, 2, 25, 50, 2, 2, 2]);
    db.prepare('INSERT INTO chunks (series_id, start_ms, end_ms, count, data) VALUES (1, ?, ?, 4, ?)').run(1795000000000, 1795000002999, v1);
    db.close();
    const s = open(f);
    fill(s, 1795000003000, 2, (i) => ({ old: 2 + i }));
    expect(s.rawSamples('old', 0, 1795000010000).vs).toEqual([0.25, 0.5, 0.75, 1, 2, 3]);
    s.close();
  });
});
