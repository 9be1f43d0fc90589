// Validation of everything that crosses a transport into the core. One place, so IPC and HTTP
// reject bad input with the same words.
import type { ExprQuery, NewPin, PanelUnit, RangeQuery } from './api';
import { parseSeriesId } from './series-id';

export class InputError extends Error {
  override name = 'InputError';
}

const MAX_SERIES_PER_QUERY = 64;

function finiteTime(value: unknown, field: string): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) {
    throw new InputError(`${field} must be a time in milliseconds since the epoch, got ${JSON.stringify(value)}`);
  }
  return n;
}

/** Accepts an object (IPC) or raw strings (HTTP query), returns a checked RangeQuery. */
export function parseRangeQuery(input: unknown): RangeQuery {
  if (typeof input !== 'object' || input === null) throw new InputError('query must be an object with series, from and to');
  const raw = input as Record<string, unknown>;
  let series = raw.series;
  if (typeof series === 'string') series = [series];
  if (!Array.isArray(series) || series.length === 0) throw new InputError('series must list at least one series id');
  if (series.length > MAX_SERIES_PER_QUERY) throw new InputError(`series lists ${series.length} ids; at most ${MAX_SERIES_PER_QUERY} per query`);
  for (const id of series) {
    if (typeof id !== 'string' || parseSeriesId(id) === null) throw new InputError(`series id ${JSON.stringify(id)} is not a valid metric name with optional {labels}`);
  }
  const from = finiteTime(raw.from, 'from');
  const to = finiteTime(raw.to, 'to');
  if (from > to) throw new InputError(`from (${from}) is after to (${to})`);
  let maxPoints = 1000;
  if (raw.maxPoints !== undefined && raw.maxPoints !== null) {
    maxPoints = Number(raw.maxPoints);
    if (!Number.isInteger(maxPoints) || maxPoints < 10 || maxPoints > 20_000) throw new InputError(`maxPoints must be a whole number from 10 to 20000, got ${JSON.stringify(raw.maxPoints)}`);
  }
  return { series: series as string[], from, to, maxPoints };
}

export function parseFindSeries(input: unknown): { text: string; limit: number } {
  const raw = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  if (typeof raw.text !== 'string' || raw.text.length > 200) throw new InputError('text must be a string of at most 200 characters');
  const limit = raw.limit === undefined || raw.limit === null ? 100 : Number(raw.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new InputError(`limit must be a whole number from 1 to 1000, got ${JSON.stringify(raw.limit)}`);
  return { text: raw.text, limit };
}

const MAX_EXPR_LENGTH = 2000;
/** Like Prometheus: a chart never needs more points than this. */
const MAX_POINTS = 11_000;
const UNITS: PanelUnit[] = ['ratio', 'seconds', 'perSecond', 'count', 'bytes', 'bytesPerSecond', 'celsius'];

export function parseExprQuery(input: unknown): ExprQuery {
  if (typeof input !== 'object' || input === null) throw new InputError('query must be an object with expr, from, to and stepMs');
  const raw = input as Record<string, unknown>;
  if (typeof raw.expr !== 'string' || raw.expr.trim() === '') throw new InputError('expr must be a PromQL expression');
  if (raw.expr.length > MAX_EXPR_LENGTH) throw new InputError(`expr is ${raw.expr.length} characters; at most ${MAX_EXPR_LENGTH}`);
  const from = finiteTime(raw.from, 'from');
  const to = finiteTime(raw.to, 'to');
  if (from > to) throw new InputError(`from (${from}) is after to (${to})`);
  const stepMs = finiteTime(raw.stepMs, 'stepMs');
  if (stepMs < 100) throw new InputError(`stepMs must be at least 100, got ${stepMs}`);
  if ((to - from) / stepMs > MAX_POINTS) throw new InputError(`from..to at stepMs ${stepMs} would be more than ${MAX_POINTS} points; use a larger step`);
  return { expr: raw.expr, from, to, stepMs };
}

export function parseNewPin(input: unknown): NewPin {
  if (typeof input !== 'object' || input === null) throw new InputError('pin must be an object with title, expr and unit');
  const raw = input as Record<string, unknown>;
  if (typeof raw.title !== 'string' || raw.title.trim() === '' || raw.title.length > 120) throw new InputError('pin title must be 1 to 120 characters');
  if (typeof raw.expr !== 'string' || raw.expr.trim() === '' || raw.expr.length > MAX_EXPR_LENGTH) throw new InputError(`pin expr must be a PromQL expression of at most ${MAX_EXPR_LENGTH} characters`);
  if (!UNITS.includes(raw.unit as PanelUnit)) throw new InputError(`pin unit must be one of ${UNITS.join(', ')}, got ${JSON.stringify(raw.unit)}`);
  return { title: raw.title.trim(), expr: raw.expr.trim(), unit: raw.unit as PanelUnit };
}

export function parsePinId(input: unknown): string {
  if (typeof input !== 'string' || !/^[a-z0-9-]{1,40}$/.test(input)) throw new InputError(`pin id ${JSON.stringify(input)} is not valid`);
  return input;
}
