// Validation of everything that crosses a transport into the core. One place, so IPC and HTTP
// reject bad input with the same words.
import type { RangeQuery } from './api';
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
  return { series: series as string[], from, to };
}
