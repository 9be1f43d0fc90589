// History in one SQLite file (node:sqlite, WAL). Samples of the current 10-minute window live in
// memory and in a small journal (one row per flush, so a crash loses at most one flush); when the
// window closes every series' samples become one compact chunk (codec.ts) plus 1-minute and
// 1-hour rollups (seal.ts), written a slice at a time. Retention and a byte cap run after each
// window is written (retention.ts).
import { existsSync, renameSync } from 'node:fs';
import type { DatabaseSync } from 'node:sqlite';
import type { HistoryInfo, RangeResult, SampleBatch, Tier as ApiTier } from '../../shared/api';
import type { Labels } from '../../shared/series-id';
import { addToBuckets, bucketFromRow, bucketRow, mergeBucket, type Bucket } from './buckets';
import { chartBucketWidth, rawPoints, rollupPoints, toColumns } from './chart-columns';
import { decodeChunk } from './codec';
import { openDatabase, prepareStatements, type Statements } from './database';
import { decodeJournal, encodeJournal, type JournalSample } from './journal-codec';
import type { Retention } from './config';
import { enforceRetention, usedBytes } from './retention';
import { encodeSome, isEncoded, samplesOf, sealBytes, sealSamples, sealWindow, type Seal } from './seal';
import { SeriesRegistry, type NewSeries } from './series-registry';
import { isCorrupt, isDiskFull, isTransient } from './sqlite-errors';

export { DEFAULT_RETENTION, type Retention } from './config';

export const WINDOW_MS = 10 * 60_000;
const MINUTE = 60_000;
const HOUR = 3_600_000;

export type Tier = Exclude<ApiTier, 'live'>;
export type HistoryStats = HistoryInfo;

type Pending = ({ kind: 'series' } & NewSeries) | { kind: 'journal'; windowStart: number; data: Uint8Array } | { kind: 'seal'; seal: Seal };

/** Journal rows the pending queue may hold while writes are paused (disk full): a window at 1 Hz. */
const MAX_PENDING_JOURNAL = 600;
/** Closed windows kept in memory while writes are paused; past this the oldest are dropped, counted. */
export const MAX_PENDING_SEAL_BYTES = 64 * 1024 ** 2;
/** Time one flush may spend encoding closed windows, so the event loop is never held for long. */
export const SEAL_SLICE_MS = 20;

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

/** One statement of a flush, with what is lost if SQLite refuses it for good. */
interface Write {
  what: string;
  samples: number;
  journalRow: boolean;
  run: () => void;
}

function tierWidth(tier: '1m' | '1h'): number {
  return tier === '1m' ? MINUTE : HOUR;
}

export class HistoryStore {
  private readonly db: DatabaseSync;
  private readonly stmt: Statements;
  private readonly series = new SeriesRegistry();
  /** Samples of the open window per series id. */
  private openSamples = new Map<number, { ts: number[]; vs: number[] }>();
  private windowStart = -1;
  private unjournaled: JournalSample[] = [];
  private pending: Pending[] = [];
  private readonly dropped: DropCounters = { journalRows: 0, samples: 0 };
  private readonly stats: HistoryStats;
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
    this.db = openDatabase(file, options.busyTimeoutMs ?? 2000);
    this.stmt = prepareStatements(this.db);
    for (const row of this.stmt.allSeries.all() as { id: number; key: string }[]) this.series.load(row.key, row.id);
    const counters = Object.fromEntries((this.stmt.counters.all() as { name: string; value: number }[]).map((r) => [r.name, r.value]));
    this.stats = { file, bytes: 0, series: this.series.size, expired: counters.expired ?? 0, evicted: counters.evicted ?? 0, writesPaused: false, lastError: null };
    this.replayJournal();
    this.stats.bytes = usedBytes(this.db);
  }

  // ---- the open window ----

  /**
   * Rebuilds the open window from the journal after a restart or crash. A row that cannot be
   * applied (damaged, or naming a series that was never registered) is counted and deleted, so it
   * cannot stop this start or any later one; the other rows apply.
   */
  private replayJournal(): void {
    for (const row of this.stmt.journalRows.all() as { seq: number; window_start: number; data: Uint8Array }[]) {
      let samples: JournalSample[];
      try {
        samples = decodeJournal(row.data);
        const unknown = samples.find((s) => this.series.keyOf(s.id) === undefined);
        if (unknown) throw new Error(`unknown series id ${unknown.id}`);
      } catch (err) {
        this.dropped.journalRows++;
        this.stats.lastError = `history journal row ${row.seq} could not be applied (${(err as Error).message}); dropped it, the other rows were kept`;
        this.stmt.deleteJournalRow.run(row.seq);
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

  private idFor(key: string): number | null {
    const id = this.series.idOf(key);
    if (id !== undefined) return id;
    const added = this.series.add(key);
    if (!added) return null;
    this.stats.series = this.series.size;
    this.pending.push({ kind: 'series', ...added });
    return added.id;
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

  /** Closes the open window; its chunks and rollups are encoded a slice at a time by flush. */
  private seal(nextWindow: number): void {
    if (this.unjournaled.length > 0) this.queueJournal();
    if (this.stats.writesPaused) {
      // The seal holds every sample of the window, so its journal rows still waiting are
      // redundant (writing the seal deletes them anyway): a full disk must not pile them up.
      this.pending = this.pending.filter((p) => p.kind !== 'journal' || p.windowStart >= nextWindow);
    }
    this.pending.push({ kind: 'seal', seal: sealWindow(nextWindow, this.openSamples) });
    this.shedOldestSeals();
    this.openSamples = new Map();
    this.windowStart = nextWindow;
  }

  private pendingSeals(): Seal[] {
    return this.pending.flatMap((p) => (p.kind === 'seal' ? [p.seal] : []));
  }

  /**
   * While writes stay paused, closed windows wait in memory up to a byte budget; past it the
   * oldest go, counted. The newest always stays: it is no bigger than the open window itself.
   */
  private shedOldestSeals(): void {
    if (!this.stats.writesPaused) return;
    let seals = this.pendingSeals();
    while (seals.length > 1 && seals.reduce((n, s) => n + sealBytes(s), 0) > this.maxPendingSealBytes) {
      const oldest = seals[0]!;
      this.pending = this.pending.filter((p) => p.kind !== 'seal' || p.seal !== oldest);
      this.dropped.samples += sealSamples(oldest);
      seals = seals.slice(1);
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
    let n = 0;
    for (const p of this.pending) n += p.kind === 'journal' ? p.data.length : p.kind === 'seal' ? sealBytes(p.seal) : 0;
    return n;
  }

  // ---- writing ----

  /**
   * Encodes closed windows for at most `sliceMs`, then writes everything ready in one
   * transaction (a closed window is ready once fully encoded). On a full disk (or any failure
   * of the machine) writes pause and are retried; a statement SQLite refuses for good is dropped
   * and counted, the rest is written.
   */
  flush(now = Date.now(), sliceMs = SEAL_SLICE_MS): void {
    if (this.unjournaled.length > 0) this.queueJournal();
    const deadline = performance.now() + sliceMs;
    for (const seal of this.pendingSeals()) {
      encodeSome(seal, deadline);
      if (!isEncoded(seal)) break;
    }
    const ready = this.pending.filter((p) => p.kind !== 'seal' || isEncoded(p.seal));
    if (ready.length === 0) return;
    const sealed = ready.some((p) => p.kind === 'seal');
    const writes = ready.flatMap((p) => this.writesOf(p));
    try {
      this.transaction(() => {
        for (const w of writes) w.run();
        if (sealed) this.maintain(now);
      });
    } catch (err) {
      if (isTransient(err)) return this.pause(err);
      try {
        this.writeEachApart(writes, now, sealed);
      } catch (again) {
        return this.pause(again);
      }
    }
    const written = new Set(ready);
    this.pending = this.pending.filter((p) => !written.has(p));
    if (this.stats.writesPaused) this.stats.lastError = null;
    this.stats.writesPaused = false;
    if (sealed) {
      this.db.exec('PRAGMA incremental_vacuum');
      this.stats.bytes = usedBytes(this.db);
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

  /** The single writes of one pending item; a closed window is one write per chunk and per rollup row. */
  private writesOf(p: Pending): Write[] {
    const s = this.stmt;
    if (p.kind === 'series') return [{ what: `series ${p.key}`, samples: 0, journalRow: false, run: () => s.insertSeries.run(p.id, p.key, p.name, p.labels) }];
    if (p.kind === 'journal') return [{ what: 'journal row', samples: 0, journalRow: true, run: () => s.insertJournal.run(p.windowStart, p.data) }];
    const { seal } = p;
    const name = (id: number) => this.series.keyOf(id) ?? `#${id}`;
    return [
      ...seal.series.map((c) => ({ what: `chunk of ${name(c.id)}`, samples: c.count, journalRow: false, run: () => s.insertChunk.run(c.id, c.start, c.end, c.count, c.data!) })),
      ...seal.r1m.map(([id, t, b]) => ({ what: `1-minute rollup of ${name(id)}`, samples: 0, journalRow: false, run: () => s.upsert1m.run(id, t, ...bucketRow(b)) })),
      ...seal.r1h.map(([id, t, b]) => ({ what: `1-hour rollup of ${name(id)}`, samples: 0, journalRow: false, run: () => s.upsert1h.run(id, t, ...bucketRow(b)) })),
      { what: 'journal cleanup', samples: 0, journalRow: false, run: () => s.deleteJournalBefore.run(seal.nextWindow) },
    ];
  }

  /** Each write in a savepoint of its own, so one that always fails cannot hold back the others. */
  private writeEachApart(writes: Write[], now: number, sealed: boolean): void {
    this.transaction(() => {
      for (const w of writes) {
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

  /** Retention and the byte cap, inside the flush's transaction; the counts survive restarts. */
  private maintain(now: number): void {
    const { expired, evicted } = enforceRetention(this.db, this.retention, now);
    this.stats.expired += expired;
    this.stats.evicted += evicted;
    this.stmt.setCounter.run('expired', this.stats.expired);
    this.stmt.setCounter.run('evicted', this.stats.evicted);
  }

  getStats(): HistoryStats {
    return { ...this.stats };
  }

  close(): void {
    try {
      // Everything still open in memory is in the journal; closed windows are written whole.
      this.flush(Date.now(), Infinity);
    } finally {
      this.db.close();
    }
  }

  // ---- reading ----

  /** Stored series, optionally only those of one metric name. */
  seriesNamed(name: string | null): { key: string; name: string; labels: Labels }[] {
    return this.series.named(name);
  }

  /** Every stored series whose id contains all words of `text` (case-insensitive). */
  findSeries(text: string, limit: number): { id: string; name: string; labels: Labels }[] {
    return this.series.find(text, limit);
  }

  /** The tier a range is read from: raw up to 6 h (within raw retention), 1 min up to 7 days, then 1 h. */
  tierFor(from: number, to: number, now = Date.now()): Tier {
    const span = to - from;
    if (span <= 6 * HOUR && from >= now - this.retention.rawMs) return 'raw';
    if (span <= 7 * 24 * HOUR && from >= now - this.retention.minuteMs) return '1m';
    return '1h';
  }

  /** Raw samples of one series in [from, to]: stored chunks, closed windows not yet written, then the open window. */
  rawSamples(key: string, from: number, to: number): { ts: number[]; vs: number[] } {
    const id = this.series.idOf(key);
    const ts: number[] = [];
    const vs: number[] = [];
    if (id === undefined) return { ts, vs };
    const take = (c: { ts: number[]; vs: number[] }) => {
      for (let i = 0; i < c.ts.length; i++) {
        const t = c.ts[i]!;
        // Each sample once: a replayed journal may repeat what a chunk already holds.
        if (t >= from && t <= to && (ts.length === 0 || t > ts[ts.length - 1]!)) {
          ts.push(t);
          vs.push(c.vs[i]!);
        }
      }
    };
    for (const row of this.stmt.chunksFor.all(id, from, to) as { data: Uint8Array; format: number }[]) take(decodeChunk(row.data, row.format));
    for (const seal of this.pendingSeals()) for (const s of seal.series) if (s.id === id && s.end >= from && s.start <= to) take(samplesOf(s));
    const open = this.openSamples.get(id);
    if (open) take(open);
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
   * hot path of long-range queries) followed by buckets built from the part not yet written.
   */
  private rollups(key: string, tier: '1m' | '1h', from: number, to: number): [number, Bucket][] {
    const id = this.series.idOf(key);
    if (id === undefined) return [];
    const width = tierWidth(tier);
    const start = Math.floor(from / width) * width;
    const stmt = tier === '1m' ? this.stmt.rows1m : this.stmt.rows1h;
    const rows = stmt.all(id, start, to) as unknown as [number, number | null, number | null, number, number, number | null][];
    const out: [number, Bucket][] = rows.map(([t, min, max, sum, count, last]) => [t, bucketFromRow(t, min, max, sum, count, last)]);
    for (const [t, b] of this.unwrittenBuckets(id, width, start, to)) {
      const last = out[out.length - 1];
      if (last && last[0] === t) mergeBucket(last[1], b);
      else out.push([t, b]);
    }
    return out;
  }

  /** Buckets of `width` from the samples not yet in the rollup tables: closed windows waiting and the open one. */
  private unwrittenBuckets(id: number, width: number, from: number, to: number): [number, Bucket][] {
    const tail = new Map<number, Bucket>();
    const add = ({ ts, vs }: { ts: number[]; vs: number[] }) => {
      for (let i = 0; i < ts.length; i++) if (ts[i]! >= from && ts[i]! <= to) addToBuckets(tail, ts[i]!, vs[i]!, width);
    };
    for (const seal of this.pendingSeals()) for (const s of seal.series) if (s.id === id) add(samplesOf(s));
    const open = this.openSamples.get(id);
    if (open) add(open);
    return [...tail].sort((a, b) => a[0] - b[0]);
  }

  /**
   * Columns for a chart: at most about `maxPoints` per series, read from the tier the range calls
   * for (chart-columns.ts chooses the points and marks the gaps).
   */
  query(keys: string[], from: number, to: number, maxPoints: number, now = Date.now()): RangeResult & { tier: Tier } {
    const tier = this.tierFor(from, to, now);
    const width = chartBucketWidth(from, to, maxPoints);
    const perSeries = keys.map((key) =>
      tier === 'raw' ? rawPoints(this.rawSamples(key, from, to), from, to, maxPoints) : rollupPoints(this.rollups(key, tier, from, to), tierWidth(tier), width),
    );
    return { ...toColumns(keys, perSeries), tier };
  }
}
