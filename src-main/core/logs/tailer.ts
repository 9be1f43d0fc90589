// Tails one configured source (a path or a glob) through every kind of rotation without losing
// or repeating a line:
// - files are known by device + inode, confirmed by a fingerprint of their first bytes (inode
//   numbers are reused after a delete);
// - rename + create (logrotate's default, Python's RotatingFileHandler, numbered files): the
//   renamed file keeps its inode, so its offset; it is read to its end through the open handle
//   even once it has left the glob or been deleted, and only then let go;
// - copytruncate: the file shrinks below our offset. The copy (a new inode whose first bytes are
//   the old fingerprint) is read from our old offset, so only lines written between the copy and
//   the truncate can be lost; each truncation is counted;
// - date-suffixed files are simply new files;
// - offsets are checkpointed in SQLite in the same transaction as the lines, so a restart (or a
//   crash) resumes exactly where the stored lines end;
// - a partial last line stays in the file until its newline arrives (the offset stops before it).
// Work is done in bounded chunks with a yield between them, so a large backlog never holds the
// event loop for long.
import { watch, type FSWatcher } from 'node:fs';
import { open, readdir, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { LogSourceStatus } from '../../shared/api';
import type { LogSourceConfig } from './config';
import { LineParser, MAX_LINE_BYTES, type LineCounts } from './lines';
import type { Checkpoint, LogStore, StoredRecord } from './store';

/** Bytes read per step; at most a few ms of parsing and one transaction. */
export const CHUNK_BYTES = 128 * 1024;
export const FINGERPRINT_BYTES = 256;
/** A fingerprint shorter than this (a nearly empty file) is too weak to recognise a copy by. */
const MIN_MATCH_BYTES = 64;
/** Files tracked per source at most (the newest); more is reported, not opened. Each holds a file descriptor. */
const MAX_FILES = 256;
/** A short new file that looks like the start of a known one is decided once unchanged this long (ms, file times). */
const SETTLE_MS = 2000;
/** The checkpoint offset of a copytruncate copy not read (yet): its original is read instead. */
const SHADOW = -1;
/** How long (file time, ms) an error line at the end of a file waits for its stack trace. */
const HOLD_MS = 1000;
/** Scans a file that still exists may be missing from the listing before we let go of it. */
const MISSING_SCANS = 3;
const COMPRESSED = /\.(gz|bz2|xz|zst|zip|lz4|Z)$/;

interface Tracked {
  dev: number;
  ino: number;
  path: string;
  fd: FileHandle;
  offset: number;
  fp: string;
  fpLen: number;
  size: number;
  mtimeMs: number;
  /** Discarding the rest of a line already stored cut at MAX_LINE_BYTES. */
  skipping: boolean;
  /** A frozen copy of this other file (copytruncate): read only if that file is truncated. */
  shadowOf: string | null;
  /** Consecutive scans that did not list this file. */
  missing: number;
}

export interface TailerDeps {
  store: LogStore;
  now: () => number;
  /** Lines older than this (ms since the epoch) are read past but not stored: retention would drop them at once. */
  oldest?: () => number;
  /** Called after each commit with what was stored. */
  onStored(source: string, records: readonly StoredRecord[]): void;
}

const keyOf = (dev: number, ino: number) => `${dev}:${ino}`;
/**
 * Whether a file whose first bytes are `fp` (hex) holds a copy of a file fingerprinted as
 * `original`: it starts with all of the original's fingerprint, which has at least `min` bytes.
 * (Log lines start alike, "{"timestamp":"2026-11-28T05:", so a short prefix proves nothing.)
 */
const copies = (fp: string, original: string, min = MIN_MATCH_BYTES) => original.length >= min * 2 && fp.startsWith(original);

function globRegExp(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|\\]/g, '\\$&').replaceAll('*', '.*').replaceAll('?', '.');
  return new RegExp(`^${body}$`);
}

function reasonOf(err: unknown, path: string): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return `permission denied reading ${path}`;
  if (code === 'EISDIR') return `${path} is a directory, not a log file`;
  if (code === 'ENOENT') return `no file matches ${path} yet`;
  return `${path}: ${(err as Error).message}`;
}

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export class SourceTailer {
  private readonly tracked = new Map<string, Tracked>();
  private readonly dir: string;
  private readonly pattern: RegExp;
  private readonly isGlob: boolean;
  private readonly counts: LineCounts = { binary: 0, invalidUtf8: 0, truncated: 0 };
  private readonly parser: LineParser;
  private state: LogSourceStatus['state'] = 'waiting';
  private reason: string | null = null;
  private lines = 0;
  private bytes = 0;
  private truncations = 0;
  /** Checkpoints of files not open now (earlier runs, files that left the glob), read at each scan. */
  private saved = new Map<string, Checkpoint>();
  /** Fingerprint and offset of files seen truncated in this scan: their copy resumes from there. */
  private truncatedNow: { fp: string; offset: number }[] = [];
  private scanning: Promise<void> | null = null;
  private rescan = false;
  private watcher: FSWatcher | null = null;
  private poller: ReturnType<typeof setInterval> | null = null;
  private debounce: ReturnType<typeof setTimeout> | null = null;
  private holdTimer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;

  constructor(
    readonly config: LogSourceConfig,
    private readonly deps: TailerDeps,
  ) {
    this.dir = dirname(config.path);
    const base = basename(config.path);
    this.isGlob = /[*?]/.test(base);
    this.pattern = globRegExp(base);
    this.parser = new LineParser(config.format, deps.now, this.counts);
  }

  /** Watches the directory (cheap, immediate) and polls slowly in case events are missed (network file systems, a directory created later). */
  start(pollMs: number): void {
    this.poller = setInterval(() => this.trigger(), pollMs);
    this.poller.unref?.();
    this.trigger();
  }

  private watchDir(): void {
    if (this.watcher || this.stopped) return;
    try {
      this.watcher = watch(this.dir, { persistent: false }, (_event, name) => {
        // Only names of ours: a busy directory such as /var/log must not rescan on every write there.
        if (name === null || this.pattern.test(String(name))) this.schedule();
      });
      this.watcher.on('error', () => {
        // The directory went away: polling finds it again and re-creates the watch.
        this.watcher?.close();
        this.watcher = null;
      });
    } catch {
      this.watcher = null;
    }
  }

  private schedule(): void {
    if (this.debounce || this.stopped) return;
    this.debounce = setTimeout(() => {
      this.debounce = null;
      this.trigger();
    }, 50);
    this.debounce.unref?.();
  }

  /** A scan now, or right after the running one: scans never overlap. */
  private trigger(): void {
    if (this.stopped) return;
    if (this.scanning) {
      this.rescan = true;
      return;
    }
    this.scanning = this.scan()
      .catch((err: unknown) => this.fail(`${this.config.path}: ${(err as Error).message}`))
      .finally(() => {
        this.scanning = null;
        if (this.rescan) {
          this.rescan = false;
          this.trigger();
        }
      });
  }

  /** A scan now (or after the running one), resolved when scanning is done. */
  async scanNow(): Promise<void> {
    this.trigger();
    await this.idle();
  }

  /** Resolves when no scan is running (tests, stop). */
  async idle(): Promise<void> {
    while (this.scanning) await this.scanning;
  }

  private fail(reason: string): void {
    this.state = 'error';
    this.reason = reason;
  }

  /** One pass: find the files, match them to what we know, read each to its end. */
  private async scan(): Promise<void> {
    this.saved = new Map(this.deps.store.checkpoints(this.config.name).map((c) => [keyOf(c.dev, c.ino), c]));
    // Watch before listing: a file created in between is then an event, not a wait for the poll.
    this.watchDir();
    const paths = await this.list();
    if (paths === null) {
      await this.drainAll(new Set());
      return;
    }
    const seen = new Map<string, { path: string; dev: number; ino: number; size: number; mtimeMs: number }>();
    let problem: string | null = null;
    for (const path of paths) {
      try {
        const st = await stat(path);
        if (st.isDirectory()) {
          if (!this.isGlob) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
          continue;
        }
        if (!st.isFile()) continue;
        const key = keyOf(st.dev, st.ino);
        if (!seen.has(key)) seen.set(key, { path, dev: st.dev, ino: st.ino, size: st.size, mtimeMs: st.mtimeMs });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') problem = reasonOf(err, path); // ENOENT: rotated away between readdir and stat
      }
    }
    this.state = seen.size > 0 ? 'ok' : 'waiting';
    this.reason = seen.size > 0 ? this.contentProblem() : `no file matches ${this.config.path} yet`;
    if (problem) this.fail(problem);

    // Known files first: a truncation found here lets a copy found below resume from our offset.
    this.truncatedNow = [];
    for (const [key, file] of seen) {
      const t = this.tracked.get(key);
      if (t) await this.recheck(t, file);
    }
    // Files we knew before a restart first (one truncated while we were down tells a copy where
    // to resume), new files next, known copies last (they need their original tracked first).
    const known = (key: string) => {
      const saved = this.saved.get(key);
      return saved ? (saved.offset === SHADOW ? 2 : 0) : 1;
    };
    let fresh = [...seen.entries()].filter(([key]) => !this.tracked.has(key)).sort((a, b) => a[1].mtimeMs - b[1].mtimeMs);
    // Over the cap, the oldest files are the ones left out: the newest hold what is being written.
    const room = Math.max(0, MAX_FILES - this.tracked.size);
    if (fresh.length > room) {
      this.reason = `${this.tracked.size + fresh.length} files match ${this.config.path}; only the newest ${MAX_FILES} are read`;
      fresh = fresh.slice(fresh.length - room);
    }
    fresh.sort((a, b) => known(a[0]) - known(b[0]) || a[1].mtimeMs - b[1].mtimeMs);
    for (const [key, file] of fresh) {
      try {
        await this.adopt(key, file);
      } catch (err) {
        this.fail(reasonOf(err, file.path));
      }
    }
    await this.drainAll(new Set(seen.keys()));
  }

  /** Matching file paths, or null (with the reason set) when the directory cannot be read. */
  private async list(): Promise<string[] | null> {
    if (!this.isGlob) return [this.config.path];
    try {
      const names = await readdir(this.dir);
      return names.filter((n) => this.pattern.test(n) && !COMPRESSED.test(n)).map((n) => join(this.dir, n));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        this.state = 'waiting';
        this.reason = `directory ${this.dir} does not exist yet`;
      } else this.fail(code === 'ENOTDIR' ? `${this.dir} is not a directory` : reasonOf(err, this.dir));
      return null;
    }
  }

  private contentProblem(): string | null {
    const c = this.counts;
    const parts = [];
    if (c.binary) parts.push(`${c.binary} binary lines skipped`);
    if (c.invalidUtf8) parts.push(`${c.invalidUtf8} lines with invalid UTF-8 (shown with U+FFFD)`);
    if (c.truncated) parts.push(`${c.truncated} lines over 64 KiB cut`);
    return parts.length ? parts.join('; ') : null;
  }

  private async fingerprint(fd: FileHandle): Promise<{ fp: string; fpLen: number }> {
    const buf = Buffer.alloc(FINGERPRINT_BYTES);
    const { bytesRead } = await fd.read(buf, 0, FINGERPRINT_BYTES, 0);
    return { fp: buf.subarray(0, bytesRead).toString('hex'), fpLen: bytesRead };
  }

  /** A file we track, seen again: still the same content, or truncated / replaced under the same inode? */
  private async recheck(t: Tracked, file: { path: string; size: number; mtimeMs: number }): Promise<void> {
    t.path = file.path;
    t.mtimeMs = file.mtimeMs;
    const { fp, fpLen } = await this.fingerprint(t.fd);
    const replaced = t.fpLen > 0 && !(fpLen >= t.fpLen ? fp.startsWith(t.fp) : false);
    if (file.size < t.offset || replaced) {
      // Reading on from our offset would be wrong: the bytes there are new content.
      this.truncations++;
      this.truncatedNow.push({ fp: t.fp, offset: t.offset });
      this.resumeShadow(t);
      t.offset = 0;
      t.skipping = false;
    }
    t.fp = fp;
    t.fpLen = fpLen;
    t.size = file.size;
  }

  /** A copy taken of `t` before it was truncated holds the lines past our offset: read them from there. */
  private resumeShadow(t: Tracked): void {
    for (const other of this.tracked.values()) {
      if (other.shadowOf === keyOf(t.dev, t.ino) && other.size > t.offset) {
        other.offset = t.offset;
        other.shadowOf = null;
      }
    }
  }

  /**
   * A new file that is empty, or whose few bytes so far are the start of a file we know, may be
   * a copy being written (copytruncate): deciding now would take it for a new file and read it
   * twice. It is looked at again on the next scan, or taken as new once it stops changing.
   */
  private mayBeCopyInProgress(key: string, fp: string, fpLen: number, mtimeMs: number): boolean {
    if (this.saved.has(key)) return false;
    if (fpLen === 0) return true; // nothing to read yet anyway
    if (fpLen >= FINGERPRINT_BYTES || Date.now() - mtimeMs > SETTLE_MS) return false;
    const known = [...[...this.tracked.values()].map((t) => t.fp), ...this.truncatedNow.map((c) => c.fp)];
    return known.some((o) => o.length > fp.length && o.startsWith(fp));
  }

  /** A file seen for the first time in this run: where do we start in it? */
  private async adopt(key: string, file: { path: string; dev: number; ino: number; size: number; mtimeMs: number }): Promise<void> {
    const fd = await open(file.path, 'r');
    let fpInfo: { fp: string; fpLen: number };
    try {
      // The name may point to another file by now (a rotation between stat and open): the
      // handle must be the file we matched, or its content would be credited to another inode.
      const st = await fd.stat();
      if (st.dev !== file.dev || st.ino !== file.ino) {
        await fd.close();
        return; // looked at again on the next scan
      }
      fpInfo = await this.fingerprint(fd);
    } catch (err) {
      await fd.close();
      throw err;
    }
    const { fp, fpLen } = fpInfo;
    if (this.mayBeCopyInProgress(key, fp, fpLen, file.mtimeMs)) {
      await fd.close();
      return;
    }
    const t: Tracked = { ...file, fd, offset: 0, fp, fpLen, skipping: false, shadowOf: null, missing: 0 };
    const savedAny = this.saved.get(key);
    // A copy's checkpoint says only "a copy": whether and where to read it is decided again below.
    const saved = savedAny?.offset === SHADOW ? undefined : savedAny;
    if (saved && !(fp.startsWith(saved.fp) && saved.offset <= file.size)) {
      // Truncated (or replaced) while we were not running.
      this.truncations++;
      this.truncatedNow.push({ fp: saved.fp, offset: saved.offset });
    }
    // A file just seen truncated is evidence enough: its copy may match on a few bytes.
    const copyOf = this.truncatedNow.find((c) => copies(fp, c.fp, 1));
    const liveOriginal = [...this.tracked.entries()].find(([, o]) => copies(fp, o.fp));
    if (saved && fp.startsWith(saved.fp) && saved.offset <= file.size) {
      t.offset = saved.offset; // the same inode with the same first bytes: the file we read before the restart
    } else if (copyOf) {
      t.offset = Math.min(copyOf.offset, file.size); // copytruncate's copy, its original already truncated
    } else if (liveOriginal) {
      // copytruncate's copy while the original still holds everything: the original is read;
      // the copy only matters if the original is truncated before we reach its end.
      t.offset = file.size;
      t.shadowOf = liveOriginal[0];
    } else {
      const restoredCopy = [...this.saved.values()].find((c) => keyOf(c.dev, c.ino) !== key && c.offset !== SHADOW && copies(fp, c.fp));
      if (restoredCopy && restoredCopy.offset <= file.size) t.offset = restoredCopy.offset; // copied while we were not running
    }
    this.tracked.set(key, t);
    // Remembered at once, so that after a restart a copy is never taken for a new file.
    this.deps.store.commit(this.config.name, [], { source: this.config.name, dev: t.dev, ino: t.ino, fp, fpLen, offset: t.shadowOf ? SHADOW : t.offset, path: t.path });
  }

  /**
   * Reads every tracked file to its end. A file missing from the listing is let go once drained,
   * but only when it is really gone: a listing taken mid-rotation misses a file being renamed,
   * so a file that still has a name is kept for a few scans, and its checkpoint stays.
   */
  private async drainAll(present: Set<string>): Promise<void> {
    const files = [...this.tracked.entries()].sort((a, b) => a[1].mtimeMs - b[1].mtimeMs);
    for (const [key, t] of files) {
      try {
        if (!t.shadowOf) await this.readToEnd(t);
      } catch (err) {
        this.fail(reasonOf(err, t.path));
      }
      if (present.has(key)) {
        t.missing = 0;
        continue;
      }
      const deleted = await t.fd.stat().then((st) => st.nlink === 0, () => true);
      if (!deleted && ++t.missing < MISSING_SCANS) continue;
      await t.fd.close().catch(() => {});
      this.tracked.delete(key);
      if (deleted) this.deps.store.dropCheckpoint(this.config.name, t.dev, t.ino);
    }
  }

  private async readToEnd(t: Tracked): Promise<void> {
    const buf = Buffer.allocUnsafe(CHUNK_BYTES);
    for (;;) {
      if (this.stopped) return;
      const { bytesRead } = await t.fd.read(buf, 0, CHUNK_BYTES, t.offset);
      if (bytesRead === 0) return;
      const chunk = buf.subarray(0, bytesRead);
      let records: StoredRecord[] = [];
      const consumed = this.split(t, chunk, records, bytesRead < CHUNK_BYTES);
      const oldest = this.deps.oldest?.();
      if (oldest !== undefined) records = records.filter((r) => r.t >= oldest);
      if (consumed === 0) return; // a partial line: wait for its newline
      if (t.fpLen < FINGERPRINT_BYTES) Object.assign(t, await this.fingerprint(t.fd));
      const offset = t.offset + consumed;
      this.deps.store.commit(this.config.name, records, { source: this.config.name, dev: t.dev, ino: t.ino, fp: t.fp, fpLen: t.fpLen, offset, path: t.path });
      t.offset = offset;
      t.size = Math.max(t.size, offset);
      this.lines += records.length;
      this.bytes += consumed;
      if (this.state === 'ok') this.reason = this.contentProblem();
      if (records.length > 0) this.deps.onStored(this.config.name, records);
      if (bytesRead < CHUNK_BYTES) return;
      await yieldToLoop();
    }
  }

  /** Complete lines of `chunk` to records; returns how many bytes were consumed. */
  private split(t: Tracked, chunk: Buffer, out: StoredRecord[], atEnd: boolean): number {
    let pos = 0;
    if (t.skipping) {
      const nl = chunk.indexOf(10);
      if (nl < 0) return chunk.length; // still inside the over-long line
      t.skipping = false;
      pos = nl + 1;
    }
    for (;;) {
      const nl = chunk.indexOf(10, pos);
      if (nl < 0) break;
      const cut = nl - pos > MAX_LINE_BYTES;
      this.parser.push(chunk.subarray(pos, cut ? pos + MAX_LINE_BYTES : nl), cut, out, pos);
      pos = nl + 1;
    }
    // No newline within the limit: store the first 64 KiB, marked, and skip to the next newline.
    if (chunk.length - pos >= MAX_LINE_BYTES) {
      this.parser.push(chunk.subarray(pos, pos + MAX_LINE_BYTES), true, out);
      t.skipping = true;
      pos = chunk.length;
    }
    // At the end of what is written, an error line's stack trace may follow any moment (written
    // line by line to an unbuffered stderr): while the file changed in the last second the record
    // waits in the file (the offset stops before it) and is read again shortly.
    if (atEnd && Date.now() - t.mtimeMs < HOLD_MS) {
      const at = this.parser.holdBack();
      if (at !== null) {
        this.holdTimer ??= setTimeout(() => {
          this.holdTimer = null;
          this.trigger();
        }, HOLD_MS);
        this.holdTimer.unref?.();
        return at;
      }
    }
    // Otherwise grouping ends with the data at hand, so what is stored always matches the checkpoint.
    this.parser.flush(out);
    return pos;
  }

  status(): LogSourceStatus {
    return {
      name: this.config.name,
      path: this.config.path,
      state: this.state,
      reason: this.reason,
      files: [...this.tracked.values()].map((t) => ({ path: t.path, offset: t.offset, size: Math.max(t.size, t.offset) })),
      lines: this.lines,
      bytes: this.bytes,
      truncatedLines: this.counts.truncated,
      binaryLines: this.counts.binary,
      invalidUtf8Lines: this.counts.invalidUtf8,
      truncations: this.truncations,
    };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.poller) clearInterval(this.poller);
    if (this.debounce) clearTimeout(this.debounce);
    if (this.holdTimer) clearTimeout(this.holdTimer);
    this.watcher?.close();
    await this.idle();
    for (const t of this.tracked.values()) await t.fd.close().catch(() => {});
    this.tracked.clear();
  }
}
