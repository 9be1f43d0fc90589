// npm run bench -- store
// Ingest of typical machine series into the history store, against a bare node:sqlite prepared
// insert (one row per sample, one transaction per tick) in the same run; then range queries over
// 24 h and 30 d of stored history, and bytes per sample on disk.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { DEFAULT_RETENTION, HistoryStore } from '../../src-main/core/history/history-store';

const SERIES = 1000;
// 20 minutes at 1 Hz plus the first tick of the third window: both 10-minute windows close (chunks
// encoded, rollups built, written) inside the timing.
const TICKS = 1201;
const T0 = Date.UTC(2026, 10, 1);

/** A machine's worth of series kinds, repeated: ratios to 0.01 %, kB-granular bytes, counters, gauges. */
function makeSeries(n: number) {
  const kinds = ['cpu', 'mem', 'net', 'disk', 'load', 'temp', 'proc', 'gpu'] as const;
  return Array.from({ length: n }, (_, i) => {
    const kind = kinds[i % kinds.length]!;
    const id = `${kind}_${Math.floor(i / kinds.length)}`;
    let state = 0;
    const next = (tick: number): number => {
      const wobble = Math.sin(tick * 0.37 + i) + Math.sin(tick * 1.91 + i * 3);
      switch (kind) {
        case 'cpu':
          return Math.round(Math.min(1, Math.max(0, 0.3 + 0.15 * wobble)) * 1e4) / 1e4;
        case 'mem':
          return (state = state || 4 * 1024 ** 3 + i * 1024 ** 2) + 4096 * Math.round(wobble * 40);
        case 'net':
          return (state += Math.round(50_000 + 30_000 * wobble));
        case 'disk':
          return (state += Math.round(4096 * Math.max(0, 10 + 8 * wobble)));
        case 'load':
          return Math.round((1.5 + wobble) * 100) / 100;
        case 'temp':
          return Math.round((55 + 3 * wobble) * 10) / 10;
        case 'proc':
          return 200 + Math.round(wobble * 3);
        case 'gpu':
          return Math.round(Math.min(1, Math.max(0, 0.6 + 0.3 * wobble)) * 100) / 100;
      }
    };
    return { id, next };
  });
}

function ingestOurs(file: string, ticks: number, start: number, everyMs: number) {
  const store = HistoryStore.open(file, { ...DEFAULT_RETENTION, maxBytes: 8 * 1024 ** 3 }, () => {});
  const series = makeSeries(SERIES);
  const t0 = performance.now();
  for (let k = 0; k < ticks; k++) {
    const t = start + k * everyMs;
    const values: Record<string, number> = {};
    for (const s of series) values[s.id] = s.next(k);
    store.write({ t, collector: 'system', values });
    store.flush(t);
  }
  // Closed windows are encoded a slice per flush; what is left is written here, inside the timing.
  store.flush(start + (ticks - 1) * everyMs, Infinity);
  store.close();
  const seconds = (performance.now() - t0) / 1000;
  return { seconds };
}

function ingestBaseline(file: string, ticks: number) {
  const db = new DatabaseSync(file);
  db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; CREATE TABLE samples (series_id INTEGER NOT NULL, t INTEGER NOT NULL, v REAL NOT NULL)');
  const insert = db.prepare('INSERT INTO samples (series_id, t, v) VALUES (?, ?, ?)');
  const series = makeSeries(SERIES);
  const t0 = performance.now();
  for (let k = 0; k < ticks; k++) {
    const t = T0 + k * 1000;
    db.exec('BEGIN');
    for (let i = 0; i < series.length; i++) insert.run(i, t, series[i]!.next(k));
    db.exec('COMMIT');
  }
  const seconds = (performance.now() - t0) / 1000;
  const bytes = (db.prepare("SELECT sum(pgsize) AS b FROM dbstat WHERE name = 'samples'").get() as { b: number }).b;
  db.close();
  return { seconds, bytes };
}

function rawBytes(file: string): { bytes: number; samples: number } {
  const db = new DatabaseSync(file);
  const bytes = (db.prepare("SELECT sum(pgsize) AS b FROM dbstat WHERE name IN ('chunks', 'chunks_series', 'chunks_start')").get() as { b: number }).b;
  const samples = (db.prepare('SELECT sum(count) AS n FROM chunks').get() as { n: number }).n;
  db.close();
  return { bytes, samples };
}

function median(fn: () => void, runs = 15): number {
  fn();
  const ts: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    ts.push(performance.now() - t0);
  }
  ts.sort((a, b) => a - b);
  return ts[Math.floor(ts.length / 2)]!;
}

const dir = mkdtempSync(join(tmpdir(), 'am-bench-store-'));
try {
  // Ingest, side by side and interleaved (baseline, ours, baseline, ours); the better run of each
  // counts, so a busy moment of a shared machine does not decide the ratio.
  const base1 = ingestBaseline(join(dir, 'naive1.db'), TICKS);
  const ours1 = ingestOurs(join(dir, 'ours1.db'), TICKS, T0, 1000);
  const base2 = ingestBaseline(join(dir, 'naive2.db'), TICKS);
  const ours2 = ingestOurs(join(dir, 'ours2.db'), TICKS, T0, 1000);
  const samples = SERIES * TICKS;
  const baseSeconds = Math.min(base1.seconds, base2.seconds);
  const ours = { seconds: Math.min(ours1.seconds, ours2.seconds) };
  const raw = rawBytes(join(dir, 'ours1.db'));

  // Query history: 10 series with 30 days behind them — the last day at 1 Hz, the 29 before
  // at one sample a minute (what the 1-minute and 1-hour tiers are built from).
  const qfile = join(dir, 'query.db');
  const now = T0 + 30 * 86_400_000;
  const older = HistoryStore.open(qfile, { ...DEFAULT_RETENTION, maxBytes: 8 * 1024 ** 3 }, () => {});
  const tenSeries = makeSeries(10);
  for (let k = 0; k < 29 * 1440; k++) {
    const t = T0 + k * 60_000;
    older.write({ t, collector: 'system', values: Object.fromEntries(tenSeries.map((s) => [s.id, s.next(k)])) });
    if (k % 60 === 0) older.flush(t);
  }
  const dayStart = now - 86_400_000;
  for (let k = 0; k < 86_400; k++) {
    const t = dayStart + k * 1000;
    older.write({ t, collector: 'system', values: Object.fromEntries(tenSeries.map((s) => [s.id, s.next(k)])) });
    if (k % 10 === 0) older.flush(t);
  }
  older.flush(now);
  const ids = tenSeries.map((s) => s.id);
  let tier24 = '';
  let tier30 = '';
  let points24 = 0;
  const q24 = median(() => {
    const r = older.query(ids, now - 86_400_000, now, 1000, now);
    tier24 = r.tier;
    points24 = r.t.length;
  });
  const q30 = median(() => {
    tier30 = older.query(ids, now - 30 * 86_400_000, now, 1000, now).tier;
  });
  older.close();

  console.log(
    JSON.stringify({
      bench: 'store',
      series: SERIES,
      ticks: TICKS,
      ingest_samples_per_s: Math.round(samples / ours.seconds),
      baseline_samples_per_s: Math.round(samples / baseSeconds),
      ingest_ratio: Number((baseSeconds / ours.seconds).toFixed(2)),
      query_24h_ms: Number(q24.toFixed(2)),
      query_24h_tier: tier24,
      query_24h_points: points24,
      query_30d_ms: Number(q30.toFixed(2)),
      query_30d_tier: tier30,
      bytes_per_sample: Number((raw.bytes / raw.samples).toFixed(2)),
      naive_bytes_per_sample: Number((Math.min(base1.bytes, base2.bytes) / samples).toFixed(2)),
      node: process.version,
    }),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
