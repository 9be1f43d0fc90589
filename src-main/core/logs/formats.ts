// One log line to a record: time, level, message, flat fields, trace id. The format is detected
// per line (a file may mix a JSON logger with plain panics) unless the source overrides it:
// tracing-subscriber JSON (the reference assistant), pino, bunyan, generic level/msg/time JSON,
// logfmt, and plain text with a leading timestamp and a level word.
import type { LogLevel } from '../../shared/api';

export const LOG_FORMATS = ['auto', 'json', 'logfmt', 'text'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export type FieldValue = string | number | boolean | null;

export interface ParsedLine {
  /** null: the line carries no time we could read (the reader uses the time it read it). */
  t: number | null;
  level: LogLevel;
  message: string;
  fields: Record<string, FieldValue>;
  traceId: string | null;
  format: 'json' | 'logfmt' | 'text';
}

const LEVEL_WORDS: Record<string, LogLevel> = {
  trace: 'trace', trc: 'trace', verbose: 'trace',
  debug: 'debug', dbg: 'debug',
  info: 'info', inf: 'info', information: 'info', notice: 'info',
  warn: 'warn', warning: 'warn', wrn: 'warn',
  error: 'error', err: 'error', eror: 'error',
  fatal: 'fatal', crit: 'fatal', critical: 'fatal', panic: 'fatal', emerg: 'fatal', alert: 'fatal',
};

/** pino and bunyan write levels as numbers: 10 trace ... 60 fatal. */
function levelOf(raw: unknown): LogLevel {
  if (typeof raw === 'number') return raw >= 60 ? 'fatal' : raw >= 50 ? 'error' : raw >= 40 ? 'warn' : raw >= 30 ? 'info' : raw >= 20 ? 'debug' : 'trace';
  if (typeof raw === 'string') return LEVEL_WORDS[raw.trim().toLowerCase()] ?? 'unknown';
  return 'unknown';
}

/** Epoch ms from an ISO/RFC 3339 string, or seconds / milliseconds / nanoseconds since the epoch. */
function timeOf(raw: unknown): number | null {
  if (typeof raw === 'number' && Number.isFinite(raw)) {
    if (raw > 1e17) return Math.floor(raw / 1e6); // nanoseconds
    if (raw > 1e14) return Math.floor(raw / 1e3); // microseconds
    if (raw > 1e11) return raw; // milliseconds
    return raw > 0 ? Math.round(raw * 1000) : null; // seconds
  }
  if (typeof raw === 'string' && raw !== '') {
    if (/^\d+(\.\d+)?$/.test(raw)) return timeOf(Number(raw));
    const ms = Date.parse(raw);
    return Number.isFinite(ms) ? ms : null;
  }
  return null;
}

const TIME_KEYS = new Set(['timestamp', 'time', 'ts', '@timestamp', 'datetime', 'date']);
const LEVEL_KEYS = new Set(['level', 'lvl', 'severity', 'levelname', 'loglevel']);
const MESSAGE_KEYS = new Set(['message', 'msg', 'event', 'text']);
const TRACE_KEYS = new Set(['trace_id', 'traceId', 'traceid', 'trace.id', 'otel.trace_id']);
/** Nesting deeper than this is kept as JSON text, and at most this many fields: bounded work per line. */
const MAX_DEPTH = 4;
const MAX_FIELDS = 200;

type Fields = Record<string, FieldValue>;

/** Adds `value` under `key` (nested objects as `key.sub`); returns the field count so far. */
function flatten(value: unknown, key: string, out: Fields, depth: number, n: number, overwrite: boolean): number {
  if (n >= MAX_FIELDS) return n;
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    if (!overwrite && key in out) return n;
    out[key] = value;
    return n + 1;
  }
  if (typeof value === 'object' && depth < MAX_DEPTH && !Array.isArray(value)) {
    for (const k in value) n = flatten((value as Record<string, unknown>)[k], `${key}.${k}`, out, depth + 1, n, overwrite);
    return n;
  }
  out[key] = JSON.stringify(value) ?? null;
  return n + 1;
}

/**
 * One pass over the object, no deletes (they are what makes V8 objects slow): time, level,
 * message and trace id are picked out by key, everything else becomes a flat field.
 * tracing-subscriber's JSON puts the event's fields under `fields` (message included): they are
 * lifted to plain keys, so a filter on `user_id` works the same for every logger; a top-level
 * key of the same name wins.
 */
function fromObject(obj: Record<string, unknown>): ParsedLine {
  const r: ParsedLine = { t: null, level: 'unknown', message: '', fields: {}, traceId: null, format: 'json' };
  let hasMessage = false;
  let n = 0;
  const pick = (key: string, v: unknown): boolean => {
    if (r.t === null && TIME_KEYS.has(key) && (r.t = timeOf(v)) !== null) return true;
    if (r.level === 'unknown' && LEVEL_KEYS.has(key) && (r.level = levelOf(v)) !== 'unknown') return true;
    if (!hasMessage && MESSAGE_KEYS.has(key) && typeof v === 'string') return (r.message = v), (hasMessage = true);
    if (r.traceId === null && TRACE_KEYS.has(key) && typeof v === 'string' && v !== '') return (r.traceId = v), true;
    return false;
  };
  for (const key in obj) {
    const v = obj[key];
    if (pick(key, v)) continue;
    if (key === 'fields' && typeof v === 'object' && v !== null && !Array.isArray(v)) {
      for (const k in v) {
        const fv = (v as Record<string, unknown>)[k];
        if (!pick(k, fv)) n = flatten(fv, k, r.fields, 1, n, false);
      }
      continue;
    }
    n = flatten(v, key, r.fields, 1, n, true);
  }
  return r;
}

function parseJson(line: string): ParsedLine | null {
  if (line[0] !== '{') return null;
  try {
    const obj = JSON.parse(line) as unknown;
    return typeof obj === 'object' && obj !== null && !Array.isArray(obj) ? fromObject(obj as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

// Keys start only at a token boundary (the lookbehind), so a long run without `=` is scanned
// once, not once per character.
const LOGFMT_PAIR = /(?<=^|\s)([^\s=]+)=(?:"((?:[^"\\]|\\.)*)"|(\S*))/g;
const LOGFMT_HINT = /(?:^|\s)(?:level|lvl|msg|message)=/;

/** logfmt: `key=value key="quoted value"`; a line counts as logfmt when it has a level or msg key. */
function parseLogfmt(line: string): ParsedLine | null {
  if (!LOGFMT_HINT.test(line)) return null;
  const obj: Record<string, unknown> = {};
  let pairs = 0;
  for (const m of line.matchAll(LOGFMT_PAIR)) {
    obj[m[1]!] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3];
    pairs++;
  }
  if (pairs < 2) return null;
  return { ...fromObject(obj), format: 'logfmt' };
}

// A timestamp at the start: ISO 8601 / RFC 3339 ("2026-11-27T10:00:00.123Z", "2026-11-27 10:00:00,123"),
// optionally in brackets.
const TEXT_TIME = /^\[?(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})?)\]?\s*/;
const TEXT_LEVEL = /^(?:\[|<)?(TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|ERR|FATAL|CRITICAL|CRIT|PANIC)(?:\]|>|:)?\s+/i;

function parseText(line: string): ParsedLine {
  let rest = line;
  let t: number | null = null;
  const time = TEXT_TIME.exec(rest);
  if (time) {
    const iso = time[1]!.replace(',', '.').replace(' ', 'T');
    // No zone written: local time, as the writer's clock showed it.
    t = timeOf(iso);
    rest = rest.slice(time[0].length);
  }
  let level: LogLevel = 'unknown';
  const lvl = TEXT_LEVEL.exec(rest);
  if (lvl) {
    level = levelOf(lvl[1]);
    rest = rest.slice(lvl[0].length);
  } else {
    // "Traceback", "panicked at", "Exception": an error even without a level word.
    if (/\b(Traceback|panicked at|Exception|Error:)/.test(rest)) level = 'error';
  }
  return { t, level, message: time || lvl ? rest : line, fields: {}, traceId: null, format: 'text' };
}

export function parseLine(line: string, format: LogFormat): ParsedLine {
  if (format === 'json') return parseJson(line) ?? { ...parseText(line), level: 'unknown' };
  if (format === 'logfmt') return parseLogfmt(line) ?? parseText(line);
  if (format === 'text') return parseText(line);
  return parseJson(line) ?? parseLogfmt(line) ?? parseText(line);
}

/**
 * Lines that continue the record before them in plain text: indented lines (Java/JS stack
 * frames, Python's `  File ...`), `at ...`, `Caused by:`, `... N more` and Python's
 * `Traceback (most recent call last):`. (Python's closing `ValueError: ...` line is not indented;
 * the line grouper takes it while a traceback is open.) An indented JSON object is a record of its own.
 */
export function isContinuation(line: string): boolean {
  return /^(\s+\S|\s*at\s|Caused by:|\.\.\. \d+ more|Traceback \(most recent call last\))/.test(line) && !/^\s*[{[]/.test(line);
}
