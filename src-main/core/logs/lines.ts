// Bytes of a log file to records: split at newlines (as bytes, so a multi-byte character is never
// cut), cap each line at 64 KiB, skip binary lines, count invalid UTF-8, parse each line and
// group plain-text continuation lines (stack traces) with the line they belong to.
import { isUtf8 } from 'node:buffer';
import { isContinuation, parseLine, type LogFormat } from './formats';
import type { StoredRecord } from './store';

export const MAX_LINE_BYTES = 64 * 1024;
/** A grouped record (message plus stack) stops growing here; further lines start a new record. */
const MAX_GROUP_BYTES = 256 * 1024;

export interface LineCounts {
  binary: number;
  invalidUtf8: number;
  truncated: number;
}

/**
 * A line with a NUL, or invalid UTF-8 that is mostly control characters, is not text: skipped
 * and counted. Valid UTF-8 without NUL is taken as text without a closer look (the fast path).
 */
function isBinary(line: Buffer, utf8: boolean): boolean {
  if (line.includes(0)) return true;
  if (utf8) return false;
  let control = 0;
  const n = Math.min(line.length, 512);
  for (let i = 0; i < n; i++) {
    const b = line[i]!;
    if (b < 9 || (b > 13 && b < 32) || b === 127) control++;
  }
  return control > n / 10;
}

const PYTHON_EXCEPTION = /^[A-Za-z_][\w.]*(Error|Exception|Interrupt|Exit)\b/;

/** Turns complete lines into records; holds a plain-text record until its continuation lines end. */
export class LineParser {
  private pending: StoredRecord | null = null;
  private pendingBytes = 0;
  /** The pending record has continuation lines (a stack trace is open). */
  private inTrace = false;
  /** Where the pending record's first line starts in the caller's data, and the counts before it. */
  private pendingAt = 0;
  private countsBefore: LineCounts = { binary: 0, invalidUtf8: 0, truncated: 0 };

  constructor(
    private readonly format: LogFormat,
    private readonly now: () => number,
    private readonly counts: LineCounts,
  ) {}

  /**
   * Adds one line (without its newline) and returns the records it completes. `cut`: the line was
   * longer than MAX_LINE_BYTES and is already cut there.
   */
  push(raw: Buffer, cut: boolean, out: StoredRecord[], at = 0): void {
    const { binary, invalidUtf8, truncated } = this.counts;
    let bytes = raw;
    if (bytes.length > 0 && bytes[bytes.length - 1] === 13) bytes = bytes.subarray(0, -1);
    if (bytes.length === 0) return;
    const utf8 = isUtf8(bytes);
    if (isBinary(bytes, utf8)) {
      this.counts.binary++;
      return;
    }
    if (!utf8) this.counts.invalidUtf8++;
    if (cut) this.counts.truncated++;
    const text = bytes.toString('utf8');
    if (this.pending && this.pendingBytes + text.length < MAX_GROUP_BYTES && this.continues(text)) {
      this.pending.message += `\n${text}`;
      this.pendingBytes += text.length;
      this.pending.truncated ||= cut;
      this.inTrace = true;
      return;
    }
    this.flush(out);
    const p = parseLine(text, this.format);
    const record: StoredRecord = { t: p.t ?? this.now(), level: p.level, message: p.message, fields: p.fields, traceId: p.traceId, truncated: cut };
    if (p.format === 'text') {
      this.pending = record;
      this.pendingBytes = text.length;
      this.inTrace = false;
      this.pendingAt = at;
      this.countsBefore = { binary, invalidUtf8, truncated };
    } else {
      out.push(record);
    }
  }

  /** Whether a plain-text line belongs to the record before it. */
  private continues(text: string): boolean {
    if (isContinuation(text)) return true;
    // Python ends a traceback with an unindented `ValueError: ...` line.
    return this.inTrace && PYTHON_EXCEPTION.test(text);
  }

  /**
   * Takes back the pending record instead of emitting it when it may still grow (an error line
   * whose stack trace is being written): returns where it started, and undoes its lines' counts,
   * since they will be read again. null when nothing worth waiting for is pending.
   */
  holdBack(): number | null {
    const p = this.pending;
    if (!p || !(this.inTrace || p.level === 'error' || p.level === 'fatal')) return null;
    Object.assign(this.counts, this.countsBefore);
    this.pending = null;
    this.inTrace = false;
    return this.pendingAt;
  }

  /** Emits the held record (end of the data available now). */
  flush(out: StoredRecord[]): void {
    if (!this.pending) return;
    // A stack trace under a line with no level word is an error report.
    if (this.inTrace && this.pending.level === 'unknown') this.pending.level = 'error';
    out.push(this.pending);
    this.pending = null;
    this.inTrace = false;
  }
}
