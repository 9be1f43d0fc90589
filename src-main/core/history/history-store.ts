// History in one SQLite file (node:sqlite, WAL). Samples of the current 10-minute window live in
// memory and in a small journal (one row per flush, so a crash loses at most one flush); when the
// window closes every series' samples become one compact chunk (codec.ts) plus 1-minute and
// 1-hour rollups, maintained incrementally. Retention and a byte cap run at each window close.
import { existsSync, renameSync } from 'node:fs';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type { HistoryInfo, RangeResult, SampleBatch, Tier as ApiTier } from '../../shared/api';
import { parseSeriesId, type Labels } from '../../shared/series-id';
import { addToBuckets, bucketFromRow, bucketRow, mergeBucket, type Bucket } from './buckets';
import { chartBucketWidth, rawPoints, rollupPoints, toColumns } from './chart-columns';
import { CHUNK_FORMAT, decodeChunk, encodeChunk } from './codec';
import type { Retention } from './config';
import { decodeJournal, encodeJournal, type JournalSample } from './journal-codec';
import { migrate } from './schema';
import { isCorrupt, isDiskFull, isTransient } from './sqlite-errors';

export { DEFAULT_RETENTION, type Retention } from './config';

export const WINDOW_MS = 10 * 60_000;
const SQLITE_CORRUPT = 11;
const MINUTE = 60_000;
const HOUR = 3_600_000;

export type Tier = Exclude<ApiTier, 'live'>;
export type HistoryStats = HistoryInfo;

type Pending =
  | { kind: 'series'; id: number; key: string; name: string; labels: string }
  | { kind: 'journal'; windowStart: number; data: Uint8Array }
  | { kind: 'seal'; windowStart: number; chunks: { id: number; start: number; end: number; count: number; data: Uint8Array }[]; r1m: [number, number, Bucket][]; r1h: [number, number, Bucket][] };

/** Journal rows the pending queue may hold while writes are paused (disk full): a window at 1 Hz. */
const MAX_PENDING_JOURNAL = 600;
/** Sealed windows kept in memory while writes are paused; past this the oldest are dropped, counted. */
export const MAX_PENDING_SEAL_BYTES = 64 * 1024 ** 2;
/** What one rollup row costs in memory while it waits (an array and a bucket object). */
const ROLLUP_ROW_BYTES = 120;

export interface OpenOptions {
  /** How long to wait for another connection's lock before giving up. */
  busyTimeoutMs?: number;
  /** Bytes of closed windows held in memory while writes are paused (default MAX_PENDING_SEAL_BYTES). */
  maxPendingSealBytes?: number;
}

/** What the store had to drop; per process, visible as self-metrics. */
export interface DropCounters {
  /** Journal rows that could not be decoded or written, or were shed while the disk stayed full. */
  journalRows: number;
  /** Samples of closed windows that could not be written, or were shed while the disk stayed full. */
  samples: number;
}

/** Rows as arrays instead of objects: several times cheaper for thousands of rows. */
function arrays(stmt: StatementSync): StatementSync {
  stmt.setReturnArrays(true);
  return stmt;
}

/** A bucket merged into a stored row; min and max are NULL where a side had no finite sample. */
const MERGE_ROLLUP = `min = coalesce(min(min, excluded.min), min, excluded.min), max = coalesce(max(max, excluded.max), max, excluded.max),
  sum = sum + excluded.sum, count = count + excluded.count, last = excluded.last`;

function tierWidth(tier: '1m' | '1h'): number {
  return tier === '1m' ? MINUTE : HOUR;
}

function sealBytes(p: Extract<Pending, { kind: 'seal' }>): number {
  let n = (p.r1m.length + p.r1h.length) * ROLLUP_ROW_BYTES;
  for (const c of p.chunks) n += c.data.length;
  return n;
}

export class HistoryStore {
  private readonly db: DatabaseSync;
  private readonly ids = new Map<string, number>();
  private readonly keys = new Map<number, string>();
  private readonly byName = new Map<string, { key: string; labels: Labels }[]>();
  private nextId = 1;
  /** Samples of the open window per series id. */
  private openSamples = new Map<number, { ts: number[]; vs: number[] }>();
  private windowStart = -1;
  private unjournaled: JournalSample[] = [];
  private pending: Pending[] = [];
  private pendingSealBytes = 0;
  private readonly dropped: DropCounters = { journalRows: 0, samples: 0 };
  private stats: HistoryStats;
  private readonly stmt: Record<string, StatementSync>;
  private readonly maxPendingSealBytes: number;

  /**
   * Opens (or creates) the file. A file that is damaged or not a database (SQLITE_CORRUPT,
   * SQLITE_NOTADB, a failed quick check) is moved aside with a timestamp and a fresh one started;
   * `notice` says so. Any other failure, a lock held by another process above all, is thrown: the
   * file is healthy and belongs to someone else.
   */
  static open(file: string, retention: Retention, notice: (line: string) => void, options: OpenOptions = {}): HistoryStore {
    try {
      return new HistoryStore(file, retention, options);
    } catch (err) {
      if (!isCorrupt(err) || !existsSync(file)) throw err;
      const aside = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      for (const suffix of ['', '-wal', '-shm']) if (existsSync(file + suffix)) renameSync(file + suffix, aside + suffix);
      notice(`history database ${file} could not be opened (${(err as Error).message}); moved aside to ${aside} and started a new one`);
      return new HistoryStore(file, retention, options);
    }
  }

  private constructor(
    readonly file: string,
    private readonly retention: Retention,
    options: OpenOptions,
  ) {
    this.maxPendingSealBytes = options.maxPendingSealBytes ?? MAX_PENDING_SEAL_BYTES;
    const db = new DatabaseSync(file);
    try {
      db.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 2000))}`);
      const check = db.prepare('PRAGMA quick_check').get() as { quick_check: string };
      if (check.quick_check !== 'ok') throw Object.assign(new Error(`quick_check: ${check.quick_check}`), { errcode: SQLITE_CORRUPT });
      // Both must be set before the first table exists: deleted pages go back to the disk, and
      // 16 kB pages hold many chunks each instead of wasting the tail of small pages.
      db.exec('PRAGMA page_size = 16384');
      db.exec('PRAGMA auto_vacuum = INCREMENTAL');
      db.exec('PRAGMA journal_mode = WAL');
      // WAL + NORMAL: a crash of the process never loses committed transactions.
      db.exec('PRAGMA synchronous = NORMAL');
      migrate(db);
    } catch (err) {
      db.close();
      throw err;
    }
    this.db = db;
    this.stmt = {
      insertSeries: db.prepare('INSERT OR IGNORE INTO series (id, key, name, labels) VALUES (?, ?, ?, ?)'),
      insertJournal: db.prepare('INSERT INTO journal (window_start, data) VALUES (?, ?)'),
      deleteJournal: db.prepare('DELETE FROM journal WHERE window_start < ?'),
      insertChunk: db.prepare(`INSERT OR REPLACE INTO chunks (series_id, start_ms, end_ms, count, data, format) VALUES (?, ?, ?, ?, ?, ${CHUNK_FORMAT})`),
      upsert1m: db.prepare(
        `INSERT INTO rollup_1m (series_id, t, min, max, sum, count, last) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (series_id, t) DO UPDATE SET ${MERGE_ROLLUP}`,
      ),
      upsert1h: db.prepare(
        `INSERT INTO rollup_1h (series_id, t, min, max, sum, count, last) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (series_id, t) DO UPDATE SET ${MERGE_ROLLUP}`,
      ),
      deleteJournalRow: db.prepare('DELETE FROM journal WHERE seq = ?'),
      chunksFor: db.prepare('SELECT data, format FROM chunks WHERE series_id = ? AND end_ms >= ? AND start_ms <= ? ORDER BY start_ms'),
      rows1m: arrays(db.prepare('SELECT t, min, max, sum, count, last FROM rollup_1m WHERE series_id = ? AND t >= ? AND t <= ? ORDER BY t')),
      rows1h: arrays(db.prepare('SELECT t, min, max, sum, count, last FROM rollup_1h WHERE series_id = ? AND t >= ? AND t <= ? ORDER BY t')),
      counter: db.prepare('INSERT INTO counters (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value'),
    };
    for (const row of db.prepare('SELECT id, key FROM series').all() as { id: number; key: string }[]) {
      this.register(row.key, row.id);
      this.nextId = Math.max(this.nextId, row.id + 1);
    }
    const counters = Object.fromEntries((db.prepare('SELECT name, value FROM counters').all() as { name: string; value: number }[]).map((r) => [r.name, r.value]));
    this.stats = { file, bytes: 0, series: this.ids.size, expired: counters.expired ?? 0, evicted: counters.evicted ?? 0, writesPaused: false, lastError: null };
    this.replayJournal();
    this.updateBytes();
  }

  /**
   * Rebuilds the open window from the journal after a restart or crash. A row that cannot be
   * applied (damaged, or naming a series that was never registered) is counted and deleted, so it
   * cannot stop this start or any later one; the other rows apply.
   */
  private replayJournal(): void {
    const rows = this.db.prepare('SELECT seq, window_start, data FROM journal ORDER BY seq').all() as { seq: number; window_start: number; data: Uint8Array }[];
    for (const row of rows) {
      let samples: JournalSample[];
      try {
        samples = decodeJournal(row.data);
        const unknown = samples.find((s) => !this.keys.has(s.id));
        if (unknown) throw new Error(`unknown series id ${unknown.id}`);
      } catch (err) {
        this.dropped.journalRows++;
        this.stats.lastError = `history journal row ${row.seq} could not be applied (${(err as Error).message}); dropped it, the other rows were kept`;
        this.stmt.deleteJournalRow!.run(row.seq);
        continue;
      }
      this.windowStart = Math.max(this.windowStart, row.window_start);
      for (const s of samples) this.appendOpen(s.id, s.t, s.v);
    }
  }

  private appendOpen(id: number, t: number, v: number): void {
    let o = this.openSamples.get(id);
    if (!o) this.openSamples.set(id, (o = { ts: [], vs: [] }));
    const last = o.ts[o.ts.length - 1];
    if (last !== undefined && t <= last) return; // duplicates from a replayed journal, or out of order
    o.ts.push(t);
    o.vs.push(v);
  }

  private register(key: string, id: number): void {
    const parsed = parseSeriesId(key);
    if (!parsed) return;
    this.ids.set(key, id);
    this.keys.set(id, key);
    let list = this.byName.get(parsed.name);
    if (!list) this.byName.set(parsed.name, (list = []));
    list.push({ key, labels: parsed.labels });
  }

  /** Stored series, optionally only those of one metric name. */
  seriesNamed(name: string | null): { key: string; name: string; labels: Labels }[] {
    if (name !== null) return (this.byName.get(name) ?? []).map((s) => ({ ...s, name }));
    return [...this.byName].flatMap(([n, list]) => list.map((s) => ({ ...s, name: n })));
  }

  private idFor(key: string): number | null {
    let id = this.ids.get(key);
    if (id !== undefined) return id;
    const parsed = parseSeriesId(key);
    if (!parsed) return null;
    id = this.nextId++;
    this.register(key, id);
    this.stats.series = this.ids.size;
    this.pending.push({ kind: 'series', id, key, name: parsed.name, labels: JSON.stringify(parsed.labels) });
    return id;
  }

  /** Takes one batch from the hub; written at the next flush. */
  write(batch: SampleBatch): void {
    const window = Math.floor(batch.t / WINDOW_MS) * WINDOW_MS;
    if (this.windowStart < 0) this.windowStart = window;
    if (window > this.windowStart) this.seal(window);
    for (const key in batch.values) {
      const id = this.idFor(key);
      if (id === null) continue;
      const v = batch.values[key]!;
      this.appendOpen(id, batch.t, v);
      this.unjournaled.push({ id, t: batch.t, v });
    }
  }

  /** Closes the open window: one chunk and its rollups per series. */
  private seal(nextWindow: number): void {
    if (this.unjournaled.length > 0) this.queueJournal();
    const chunks: Extract<Pending, { kind: 'seal' }>['chunks'] = [];
    const r1m: [number, number, Bucket][] = [];
    const r1h: [number, number, Bucket][] = [];
    for (const [id, o] of this.openSamples) {
      if (o.ts.length === 0) continue;
      chunks.push({ id, start: o.ts[0]!, end: o.ts[o.ts.length - 1]!, count: o.ts.length, data: encodeChunk(o.ts, o.vs) });
      const m = new Map<number, Bucket>();
      const h = new Map<number, Bucket>();
      for (let i = 0; i < o.ts.length; i++) {
        addToBuckets(m, o.ts[i]!, o.vs[i]!, MINUTE);
        addToBuckets(h, o.ts[i]!, o.vs[i]!, HOUR);
      }
      for (const [t, b] of m) r1m.push([id, t, b]);
      for (const [t, b] of h) r1h.push([id, t, b]);
    }
    // The seal holds every sample of the window, so the window's journal rows still waiting are
    // redundant: writing the seal deletes them anyway. Dropping them here keeps a full disk from
    // piling them up.
    this.pending = this.pending.filter((p) => p.kind !== 'journal' || p.windowStart >= nextWindow);
    const seal: Extract<Pending, { kind: 'seal' }> = { kind: 'seal', windowStart: nextWindow, chunks, r1m, r1h };
    this.pending.push(seal);
    this.pendingSealBytes += sealBytes(seal);
    this.shedOldestSeals();
    this.openSamples = new Map();
    this.windowStart = nextWindow;
  }

  /**
   * While writes stay paused, closed windows wait in memory up to a byte budget; past it the
   * oldest go, counted. The newest always stays: it is no bigger than the open window itself.
   */
  private shedOldestSeals(): void {
    if (!this.stats.writesPaused) return;
    while (this.pendingSealBytes > this.maxPendingSealBytes) {
      const seals = this.pending.filter((p) => p.kind === 'seal');
      if (seals.length <= 1) return;
      const oldest = seals[0]!;
      this.pending.splice(this.pending.indexOf(oldest), 1);
      this.pendingSealBytes -= sealBytes(oldest);
      for (const c of oldest.chunks) this.dropped.samples += c.count;
    }
  }

  private queueJournal(): void {
    this.pending.push({ kind: 'journal', windowStart: this.windowStart, data: encodeJournal(this.unjournaled) });
    this.unjournaled = [];
    // While writes are paused, keep memory bounded: the oldest journal rows go first (the open
    // window itself stays in memory and is written whole when its window closes).
    let journals = 0;
    for (const p of this.pending) if (p.kind === 'journal') journals++;
    if (journals > MAX_PENDING_JOURNAL) {
      const i = this.pending.findIndex((p) => p.kind === 'journal');
      this.pending.splice(i, 1);
      this.dropped.journalRows++;
    }
  }

  /** What the store had to drop since it was opened. */
  drops(): DropCounters {
    return { ...this.dropped };
  }

  /** Bytes waiting in memory to be written: about one flush normally, more while writes are paused. */
  backlogBytes(): number {
    let n = this.pendingSealBytes;
    for (const p of this.pending) if (p.kind === 'journal') n += p.data.length;
    return n;
  }

  /**
   * Writes everything pending in one transaction. On a full disk (or any failure of the machine)
   * writes pause and are retried; an item that can never be written is dropped and counted, the
   * rest is written.
   */
  flush(now = Date.now()): void {
    if (this.unjournaled.length > 0) this.queueJournal();
    if (this.pending.length === 0) return;
    const sealed = this.pending.some((p) => p.kind === 'seal');
    try {
      this.transaction(() => {
        for (const p of this.pending) this.apply(p);
        if (sealed) this.maintain(now);
      });
    } catch (err) {
      if (isTransient(err)) return this.pause(err);
      try {
        this.applyEachApart(now, sealed);
      } catch (again) {
        return this.pause(again);
      }
    }
    this.pending = [];
    this.pendingSealBytes = 0;
    if (this.stats.writesPaused) this.stats.lastError = null;
    this.stats.writesPaused = false;
    if (sealed) {
      this.db.exec('PRAGMA incremental_vacuum');
      this.updateBytes();
    }
  }

  private transaction(fn: () => void): void {
    this.db.exec('BEGIN');
    try {
      fn();
      this.db.exec('COMMIT');
    } catch (err) {
      try {
        this.db.exec('ROLLBACK');
      } catch {
        // the transaction may already be gone
      }
      throw err;
    }
  }

  private apply(p: Pending): void {
    for (const w of this.writesOf(p)) w.run();
  }

  /** The single writes of one pending item; a closed window is one write per chunk and per rollup row. */
  private writesOf(p: Pending): { what: string; samples: number; journalRow: boolean; run: () => void }[] {
    if (p.kind === 'series') return [{ what: `series ${p.key}`, samples: 0, journalRow: false, run: () => this.stmt.insertSeries!.run(p.id, p.key, p.name, p.labels) }];
    if (p.kind === 'journal') return [{ what: 'journal row', samples: 0, journalRow: true, run: () => this.stmt.insertJournal!.run(p.windowStart, p.data) }];
    const name = (id: number) => this.keys.get(id) ?? `#${id}`;
    return [
      ...p.chunks.map((c) => ({ what: `chunk of ${name(c.id)}`, samples: c.count, journalRow: false, run: () => this.stmt.insertChunk!.run(c.id, c.start, c.end, c.count, c.data) })),
      ...p.r1m.map(([id, t, b]) => ({ what: `1-minute rollup of ${name(id)}`, samples: 0, journalRow: false, run: () => this.stmt.upsert1m!.run(id, t, ...bucketRow(b)) })),
      ...p.r1h.map(([id, t, b]) => ({ what: `1-hour rollup of ${name(id)}`, samples: 0, journalRow: false, run: () => this.stmt.upsert1h!.run(id, t, ...bucketRow(b)) })),
      { what: 'journal cleanup', samples: 0, journalRow: false, run: () => this.stmt.deleteJournal!.run(p.windowStart) },
    ];
  }

  /** Each write in a savepoint of its own, so one that always fails cannot hold back the others. */
  private applyEachApart(now: number, sealed: boolean): void {
    this.transaction(() => {
      for (const w of this.pending.flatMap((p) => this.writesOf(p))) {
        this.db.exec('SAVEPOINT one');
        try {
          w.run();
          this.db.exec('RELEASE one');
        } catch (err) {
          this.db.exec('ROLLBACK TO one');
          this.db.exec('RELEASE one');
          if (isTransient(err)) throw err;
          if (w.journalRow) this.dropped.journalRows++;
          this.dropped.samples += w.samples;
          this.stats.lastError = `history could not write a ${w.what} (${(err as Error).message}); dropped it, the rest was written`;
        }
      }
      if (sealed) this.maintain(now);
    });
  }

  private pause(err: unknown): void {
    this.stats.writesPaused = true;
    this.stats.lastError = isDiskFull(err) ? 'disk full: history writes are paused and retried; live data continues in memory' : `history write failed: ${(err as Error).message}`;
  }

  /** Retention per tier, then the byte cap, oldest first. Runs inside flush's transaction. */
  private maintain(now: number): void {
    const r = this.retention;
    let expired = 0;
    expired += Number(this.db.prepare('DELETE FROM chunks WHERE end_ms < ?').run(now - r.rawMs).changes);
    expired += Number(this.db.prepare('DELETE FROM rollup_1m WHERE t < ?').run(now - r.minuteMs).changes);
    expired += Number(this.db.prepare('DELETE FROM rollup_1h WHERE t < ?').run(now - r.hourMs).changes);
    this.stats.expired += expired;
    let evicted = 0;
    for (const table of ['chunks', 'rollup_1m', 'rollup_1h']) {
      const col = table === 'chunks' ? 'start_ms' : 't';
      while (this.usedBytes() > r.maxBytes) {
        const oldest = this.db.prepare(`SELECT ${col} AS t FROM ${table} ORDER BY ${col} LIMIT 1 OFFSET 200`).get() as { t: number } | undefined;
        const cut = oldest?.t ?? Infinity;
        const n = Number(this.db.prepare(`DELETE FROM ${table} WHERE ${col} <= ?`).run(cut).changes);
        if (n === 0) break;
        evicted += n;
        this.db.exec('PRAGMA incremental_vacuum');
      }
    }
    this.stats.evicted += evicted;
    this.stmt.counter!.run('expired', this.stats.expired);
    this.stmt.counter!.run('evicted', this.stats.evicted);
  }

  private usedBytes(): number {
    const pages = (this.db.prepare('PRAGMA page_count').get() as { page_count: number }).page_count;
    const free = (this.db.prepare('PRAGMA freelist_count').get() as { freelist_count: number }).freelist_count;
    const size = (this.db.prepare('PRAGMA page_size').get() as { page_size: number }).page_size;
    return (pages - free) * size;
  }

  private updateBytes(): void {
    this.stats.bytes = this.usedBytes();
  }

  getStats(): HistoryStats {
    return { ...this.stats };
  }

  /** Every stored series whose id contains all words of `text` (case-insensitive). */
  findSeries(text: string, limit: number): { id: string; name: string; labels: Labels }[] {
    const words = text.toLowerCase().split(/\s+/).filter(Boolean);
    const out: { id: string; name: string; labels: Labels }[] = [];
    for (const key of this.ids.keys()) {
      const lower = key.toLowerCase();
      if (!words.every((w) => lower.includes(w))) continue;
      const parsed = parseSeriesId(key)!;
      out.push({ id: key, name: parsed.name, labels: parsed.labels });
      if (out.length >= limit) break;
    }
    return out;
  }

  /** The tier a range is read from: raw up to 6 h (within raw retention), 1 min up to 7 days, then 1 h. */
  tierFor(from: number, to: number, now = Date.now()): Tier {
    const span = to - from;
    if (span <= 6 * HOUR && from >= now - this.retention.rawMs) return 'raw';
    if (span <= 7 * 24 * HOUR && from >= now - this.retention.minuteMs) return '1m';
    return '1h';
  }

  /** Raw samples of one series in [from, to], stored chunks plus the open window. */
  rawSamples(key: string, from: number, to: number): { ts: number[]; vs: number[] } {
    const id = this.ids.get(key);
    const ts: number[] = [];
    const vs: number[] = [];
    if (id === undefined) return { ts, vs };
    for (const row of this.stmt.chunksFor!.all(id, from, to) as { data: Uint8Array; format: number }[]) {
      const c = decodeChunk(row.data, row.format);
      for (let i = 0; i < c.ts.length; i++) {
        const t = c.ts[i]!;
        if (t >= from && t <= to) {
          ts.push(t);
          vs.push(c.vs[i]!);
        }
      }
    }
    // Sealed-but-unwritten windows (writes paused) are still in the pending queue.
    for (const p of this.pending) {
      if (p.kind !== 'seal') continue;
      for (const c of p.chunks) {
        if (c.id !== id || c.end < from || c.start > to) continue;
        const d = decodeChunk(c.data);
        d.ts.forEach((t, i) => {
          if (t >= from && t <= to) {
            ts.push(t);
            vs.push(d.vs[i]!);
          }
        });
      }
    }
    const o = this.openSamples.get(id);
    if (o) {
      for (let i = 0; i < o.ts.length; i++) {
        const t = o.ts[i]!;
        if (t >= from && t <= to && (ts.length === 0 || t > ts[ts.length - 1]!)) {
          ts.push(t);
          vs.push(o.vs[i]!);
        }
      }
    }
    return { ts, vs };
  }

  /**
   * Samples for PromQL over a long range: raw samples where the range allows, else the last value
   * of each rollup bucket (exact for counters' rates, a step function for gauges).
   */
  samplesFor(key: string, from: number, to: number, now = Date.now()): { ts: number[]; vs: number[] } {
    const tier = this.tierFor(from, to, now);
    if (tier === 'raw') return this.rawSamples(key, from, to);
    const width = tierWidth(tier);
    const rows = this.rollups(key, tier, from, to);
    return { ts: rows.map(([t]) => Math.min(t + width - 1, now)), vs: rows.map(([, b]) => b.last) };
  }

  /**
   * Rollup buckets of one series in [from, to], oldest first: stored rows (read as arrays, the
   * hot path of long-range queries) followed by buckets built from the part not yet sealed.
   */
  private rollups(key: string, tier: Tier, from: number, to: number): [number, Bucket][] {
    const id = this.ids.get(key);
    if (id === undefined || tier === 'raw') return [];
    const width = tierWidth(tier);
    const start = Math.floor(from / width) * width;
    const stmt = tier === '1m' ? this.stmt.rows1m! : this.stmt.rows1h!;
    const rows = stmt.all(id, start, to) as unknown as [number, number | null, number | null, number, number, number | null][];
    const out: [number, Bucket][] = rows.map(([t, min, max, sum, count, last]) => [t, bucketFromRow(t, min, max, sum, count, last)]);
    for (const [t, b] of this.unsealedBuckets(id, width, start, to)) {
      const last = out[out.length - 1];
      if (last && last[0] === t) mergeBucket(last[1], b);
      else out.push([t, b]);
    }
    return out;
  }

  /** Buckets of `width` from the samples not yet in the rollup tables: pending seals and the open window. */
  private unsealedBuckets(id: number, width: number, from: number, to: number): [number, Bucket][] {
    const tail = new Map<number, Bucket>();
    const add = (t: number, v: number) => {
      if (t >= from && t <= to) addToBuckets(tail, t, v, width);
    };
    for (const p of this.pending) {
      if (p.kind !== 'seal') continue;
      for (const c of p.chunks) {
        if (c.id !== id) continue;
        const d = decodeChunk(c.data);
        d.ts.forEach((t, i) => add(t, d.vs[i]!));
      }
    }
    const o = this.openSamples.get(id);
    if (o) for (let i = 0; i < o.ts.length; i++) add(o.ts[i]!, o.vs[i]!);
    return [...tail].sort((a, b) => a[0] - b[0]);
  }

  /**
   * Columns for a chart: at most about `maxPoints` per series, read from the tier the range calls
   * for (see chart-columns.ts for how points are chosen and gaps marked).
   */
  query(keys: string[], from: number, to: number, maxPoints: number, now = Date.now()): RangeResult & { tier: Tier } {
    const tier = this.tierFor(from, to, now);
    const width = chartBucketWidth(from, to, maxPoints);
    const perSeries = keys.map((key) =>
      tier === 'raw' ? rawPoints(this.rawSamples(key, from, to), from, to, maxPoints) : rollupPoints(this.rollups(key, tier, from, to), tierWidth(tier), width),
    );
    return { ...toColumns(keys, perSeries), tier };
  }

  close(): void {
    try {
      this.flush();
    } finally {
      this.db.close();
    }
  }
}
