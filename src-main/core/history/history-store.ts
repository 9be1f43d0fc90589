// History in one SQLite file (node:sqlite, WAL). Samples of the current 10-minute window live in
// memory and in a small journal (one row per flush, so a crash loses at most one flush); when the
// window closes every series' samples become one compact chunk (codec.ts) plus 1-minute and
// 1-hour rollups, maintained incrementally. Retention and a byte cap run at each window close.
import { existsSync, renameSync } from 'node:fs';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type { HistoryInfo, RangeResult, SampleBatch, Tier as ApiTier } from '../../shared/api';
import { parseSeriesId, type Labels } from '../../shared/series-id';
import { decodeChunk, encodeChunk } from './codec';
import type { Retention } from './config';
import { decodeJournal, encodeJournal, type JournalSample } from './journal-codec';
import { migrate } from './schema';

export { DEFAULT_RETENTION, type Retention } from './config';

export const WINDOW_MS = 10 * 60_000;
const MINUTE = 60_000;
const HOUR = 3_600_000;

export type Tier = Exclude<ApiTier, 'live'>;
export type HistoryStats = HistoryInfo;

interface Bucket {
  min: number;
  max: number;
  sum: number;
  count: number;
  last: number;
  lastT: number;
}

type Pending =
  | { kind: 'series'; id: number; key: string; name: string; labels: string }
  | { kind: 'journal'; windowStart: number; data: Uint8Array }
  | { kind: 'seal'; windowStart: number; chunks: { id: number; start: number; end: number; count: number; data: Uint8Array }[]; r1m: [number, number, Bucket][]; r1h: [number, number, Bucket][] };

/** Rows a full pending queue may hold while writes are paused (disk full): about an hour at 1 Hz. */
const MAX_PENDING_JOURNAL = 3600;

/** Rows as arrays instead of objects: several times cheaper for thousands of rows. */
function arrays(stmt: StatementSync): StatementSync {
  stmt.setReturnArrays(true);
  return stmt;
}

function addToBucket(map: Map<number, Bucket>, t: number, v: number, width: number): void {
  const key = Math.floor(t / width) * width;
  const b = map.get(key);
  if (!b) map.set(key, { min: v, max: v, sum: v, count: 1, last: v, lastT: t });
  else {
    if (v < b.min) b.min = v;
    if (v > b.max) b.max = v;
    b.sum += v;
    b.count++;
    if (t >= b.lastT) {
      b.last = v;
      b.lastT = t;
    }
  }
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
  private stats: HistoryStats;
  private readonly stmt: Record<string, StatementSync>;

  /**
   * Opens (or creates) the file. A file that is not a database or fails its quick check is moved
   * aside with a timestamp and a fresh one started; `notice` says so.
   */
  static open(file: string, retention: Retention, notice: (line: string) => void): HistoryStore {
    try {
      return new HistoryStore(file, retention);
    } catch (err) {
      if (!existsSync(file)) throw err;
      const aside = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      for (const suffix of ['', '-wal', '-shm']) if (existsSync(file + suffix)) renameSync(file + suffix, aside + suffix);
      notice(`history database ${file} could not be opened (${(err as Error).message}); moved aside to ${aside} and started a new one`);
      return new HistoryStore(file, retention);
    }
  }

  private constructor(
    readonly file: string,
    private readonly retention: Retention,
  ) {
    const db = new DatabaseSync(file);
    try {
      db.exec('PRAGMA busy_timeout = 2000');
      const check = db.prepare('PRAGMA quick_check').get() as { quick_check: string };
      if (check.quick_check !== 'ok') throw new Error(`quick_check: ${check.quick_check}`);
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
      insertChunk: db.prepare('INSERT OR REPLACE INTO chunks (series_id, start_ms, end_ms, count, data) VALUES (?, ?, ?, ?, ?)'),
      upsert1m: db.prepare(
        `INSERT INTO rollup_1m (series_id, t, min, max, sum, count, last) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (series_id, t) DO UPDATE SET min = min(min, excluded.min), max = max(max, excluded.max),
           sum = sum + excluded.sum, count = count + excluded.count, last = excluded.last`,
      ),
      upsert1h: db.prepare(
        `INSERT INTO rollup_1h (series_id, t, min, max, sum, count, last) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (series_id, t) DO UPDATE SET min = min(min, excluded.min), max = max(max, excluded.max),
           sum = sum + excluded.sum, count = count + excluded.count, last = excluded.last`,
      ),
      chunksFor: db.prepare('SELECT start_ms, data FROM chunks WHERE series_id = ? AND end_ms >= ? AND start_ms <= ? ORDER BY start_ms'),
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

  /** Rebuilds the open window from the journal after a restart or crash. */
  private replayJournal(): void {
    const rows = this.db.prepare('SELECT window_start, data FROM journal ORDER BY seq').all() as { window_start: number; data: Uint8Array }[];
    if (rows.length === 0) return;
    this.windowStart = Math.max(...rows.map((r) => r.window_start));
    for (const row of rows) {
      for (const s of decodeJournal(row.data)) this.appendOpen(s.id, s.t, s.v);
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
        addToBucket(m, o.ts[i]!, o.vs[i]!, MINUTE);
        addToBucket(h, o.ts[i]!, o.vs[i]!, HOUR);
      }
      for (const [t, b] of m) r1m.push([id, t, b]);
      for (const [t, b] of h) r1h.push([id, t, b]);
    }
    this.pending.push({ kind: 'seal', windowStart: nextWindow, chunks, r1m, r1h });
    this.openSamples = new Map();
    this.windowStart = nextWindow;
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
    }
  }

  /** Writes everything pending in one transaction. On a full disk, writes pause and are retried. */
  flush(now = Date.now()): void {
    if (this.unjournaled.length > 0) this.queueJournal();
    if (this.pending.length === 0) return;
    let sealed = false;
    this.db.exec('BEGIN');
    try {
      for (const p of this.pending) {
        if (p.kind === 'series') this.stmt.insertSeries!.run(p.id, p.key, p.name, p.labels);
        else if (p.kind === 'journal') this.stmt.insertJournal!.run(p.windowStart, p.data);
        else {
          sealed = true;
          for (const c of p.chunks) this.stmt.insertChunk!.run(c.id, c.start, c.end, c.count, c.data);
          for (const [id, t, b] of p.r1m) this.stmt.upsert1m!.run(id, t, b.min, b.max, b.sum, b.count, b.last);
          for (const [id, t, b] of p.r1h) this.stmt.upsert1h!.run(id, t, b.min, b.max, b.sum, b.count, b.last);
          this.stmt.deleteJournal!.run(p.windowStart);
        }
      }
      if (sealed) this.maintain(now);
      this.db.exec('COMMIT');
      this.pending = [];
      if (this.stats.writesPaused) this.stats.lastError = null;
      this.stats.writesPaused = false;
    } catch (err) {
      try {
        this.db.exec('ROLLBACK');
      } catch {
        // the transaction may already be gone
      }
      const message = (err as Error).message;
      this.stats.writesPaused = true;
      this.stats.lastError = /full/i.test(message) ? 'disk full: history writes are paused and retried; live data continues in memory' : `history write failed: ${message}`;
      return;
    }
    if (sealed) {
      this.db.exec('PRAGMA incremental_vacuum');
      this.updateBytes();
    }
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
    for (const row of this.stmt.chunksFor!.all(id, from, to) as { start_ms: number; data: Uint8Array }[]) {
      const c = decodeChunk(row.data);
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
    const width = tier === '1m' ? MINUTE : HOUR;
    const rows = this.rollups(key, tier, from, to);
    return { ts: rows.map(([t]) => Math.min(t + width - 1, now)), vs: rows.map(([, b]) => b.last) };
  }

  /**
   * Rollup buckets of one series in [from, to], oldest first: stored rows (read as arrays, the
   * hot path of long-range queries) followed by buckets built from the part not yet sealed.
   */
  private rollups(key: string, tier: '1m' | '1h', from: number, to: number): [number, Bucket][] {
    const width = tier === '1m' ? MINUTE : HOUR;
    const id = this.ids.get(key);
    if (id === undefined) return [];
    const start = Math.floor(from / width) * width;
    const stmt = tier === '1m' ? this.stmt.rows1m! : this.stmt.rows1h!;
    const rows = stmt.all(id, start, to) as unknown as [number, number, number, number, number, number][];
    const out: [number, Bucket][] = rows.map(([t, min, max, sum, count, last]) => [t, { min, max, sum, count, last, lastT: t }]);
    const tail = new Map<number, Bucket>();
    const merge = (t: number, v: number) => {
      if (t >= start && t <= to) addToBucket(tail, t, v, width);
    };
    for (const p of this.pending) {
      if (p.kind !== 'seal') continue;
      for (const c of p.chunks) {
        if (c.id !== id) continue;
        const d = decodeChunk(c.data);
        d.ts.forEach((t, i) => merge(t, d.vs[i]!));
      }
    }
    const o = this.openSamples.get(id);
    if (o) for (let i = 0; i < o.ts.length; i++) merge(o.ts[i]!, o.vs[i]!);
    for (const [t, b] of [...tail].sort((a, b) => a[0] - b[0])) {
      const last = out[out.length - 1];
      if (last && last[0] === t) {
        const x = last[1];
        x.min = Math.min(x.min, b.min);
        x.max = Math.max(x.max, b.max);
        x.sum += b.sum;
        x.count += b.count;
        x.last = b.last;
      } else out.push([t, b]);
    }
    return out;
  }

  /**
   * Columns for a chart: at most `maxPoints` per series. Each time bucket keeps its lowest and its
   * highest value, so spikes survive downsampling; a stretch with no samples (the monitor was not
   * running) becomes a null, drawn as a gap.
   */
  query(keys: string[], from: number, to: number, maxPoints: number, now = Date.now()): RangeResult & { tier: Tier } {
    const tier = this.tierFor(from, to, now);
    const buckets = Math.max(1, Math.floor(maxPoints / 2));
    const width = Math.max(1, Math.ceil((to - from) / buckets));
    const perSeries = keys.map((key) => {
      const pts: [number, number][] = [];
      if (tier === 'raw') {
        const { ts, vs } = this.rawSamples(key, from, to);
        let expected = Infinity;
        if (ts.length > 2) {
          const deltas = ts.slice(1).map((t, i) => t - ts[i]!).sort((a, b) => a - b);
          expected = deltas[Math.floor(deltas.length / 2)]!;
        }
        if (ts.length <= maxPoints) ts.forEach((t, i) => pts.push([t, vs[i]!]));
        else {
          let i = 0;
          for (let b = from; b <= to && i < ts.length; b += width) {
            let minI = -1;
            let maxI = -1;
            for (; i < ts.length && ts[i]! < b + width; i++) {
              if (minI < 0 || vs[i]! < vs[minI]!) minI = i;
              if (maxI < 0 || vs[i]! > vs[maxI]!) maxI = i;
            }
            if (minI < 0) continue;
            for (const j of minI === maxI ? [minI] : [Math.min(minI, maxI), Math.max(minI, maxI)]) pts.push([ts[j]!, vs[j]!]);
          }
        }
        return { pts, gap: Math.max(3 * expected, 2.5 * (ts.length > maxPoints ? width : 0)) };
      }
      const rows = this.rollups(key, tier, from, to);
      const tierWidth = tier === '1m' ? MINUTE : HOUR;
      const group = Math.max(tierWidth, Math.ceil(width / tierWidth) * tierWidth);
      const grouped = new Map<number, Bucket>();
      for (const [t, b] of rows) {
        const g = Math.floor(t / group) * group;
        const x = grouped.get(g);
        if (!x) grouped.set(g, { ...b });
        else {
          x.min = Math.min(x.min, b.min);
          x.max = Math.max(x.max, b.max);
          x.sum += b.sum;
          x.count += b.count;
          x.last = b.last;
        }
      }
      for (const [g, b] of grouped) {
        if (b.min === b.max) pts.push([g, b.min]);
        else pts.push([g, b.min], [g + group / 2, b.max]);
      }
      return { pts, gap: 2.5 * group };
    });
    // Merge on the union of times, then break lines where a series has a hole.
    const times = [...new Set(perSeries.flatMap((s) => s.pts.map((p) => p[0])))].sort((a, b) => a - b);
    const index = new Map(times.map((t, i) => [t, i]));
    const values = perSeries.map((s) => {
      const col: (number | null)[] = new Array(times.length).fill(null);
      for (const [t, v] of s.pts) col[index.get(t)!] = v;
      return col;
    });
    const gap = Math.min(...perSeries.map((s) => s.gap));
    const outT: number[] = [];
    const outV: (number | null)[][] = values.map(() => []);
    for (let i = 0; i < times.length; i++) {
      if (i > 0 && times[i]! - times[i - 1]! > gap) {
        outT.push(times[i - 1]! + 1);
        for (const col of outV) col.push(null);
      }
      outT.push(times[i]!);
      values.forEach((col, k) => outV[k]!.push(col[i]!));
    }
    return { series: [...keys], t: outT, values: outV, tier };
  }

  close(): void {
    try {
      this.flush();
    } finally {
      this.db.close();
    }
  }
}
