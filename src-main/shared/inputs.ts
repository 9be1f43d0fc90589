// Schemas of everything that crosses a transport into the core. The core checks every call's
// input against these in one place (core/api.ts), so IPC and HTTP reject bad input with the
// same words. Inputs arrive as objects (IPC) or as URL strings (HTTP): numbers accept both.
import { z } from 'zod';
import { LOG_LEVELS, type ExprQuery, type LogLevel, type LogQuery, type NewPin, type PanelUnit, type RangeQuery } from './api';
import { InputError } from './errors';
import { issuesOf, Problem, scalar, show } from './schema-kit';
import { parseSeriesId } from './series-id';

const MAX_SERIES_PER_QUERY = 64;
const MAX_EXPR_LENGTH = 2000;
/** Like Prometheus: a chart never needs more points than this. */
const MAX_POINTS = 11_000;
export const PANEL_UNITS: readonly PanelUnit[] = ['ratio', 'seconds', 'perSecond', 'count', 'bytes', 'bytesPerSecond', 'celsius'];

/** The value as the caller wrote it: a number sent as URL text shows as that number, so IPC and HTTP say the same. */
const shown = (raw: unknown) => (typeof raw === 'string' && raw.trim() !== '' && Number.isFinite(Number(raw)) ? raw : show(raw));

const epochMs = (field: string) =>
  scalar({ type: ['number', 'string'], description: `${field}, milliseconds since the Unix epoch` }, (raw) => {
    const n = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
    if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) throw new Problem(`${field} must be a time in milliseconds since the epoch, got ${shown(raw)}`);
    return n;
  });

const wholeNumber = (field: string, min: number, max: number) =>
  scalar({ type: ['integer', 'string'], description: `${field}, ${min} to ${max}` }, (raw) => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) throw new Problem(`${field} must be a whole number from ${min} to ${max}, got ${shown(raw)}`);
    return n;
  });

const seriesIds = scalar({ type: ['string'], description: 'series ids such as up{target="a"}' }, (raw) => {
  const list = typeof raw === 'string' ? [raw] : raw;
  if (!Array.isArray(list) || list.length === 0) throw new Problem('series must list at least one series id');
  if (list.length > MAX_SERIES_PER_QUERY) throw new Problem(`series lists ${list.length} ids; at most ${MAX_SERIES_PER_QUERY} per query`);
  for (const id of list) {
    if (typeof id !== 'string' || parseSeriesId(id) === null) throw new Problem(`series id ${show(id)} is not a valid metric name with optional {labels}`);
  }
  return list as string[];
});

const expr = (what: string) =>
  scalar({ type: 'string', description: 'a PromQL expression' }, (raw) => {
    if (typeof raw !== 'string' || raw.trim() === '') throw new Problem(`${what} must be a PromQL expression`);
    if (raw.length > MAX_EXPR_LENGTH) throw new Problem(`${what} is ${raw.length} characters; at most ${MAX_EXPR_LENGTH}`);
    return raw;
  });

const objectOf = (what: string, fields: string) => ({ error: (iss: { code: string }) => (iss.code === 'invalid_type' ? `${what} must be an object with ${fields}` : undefined) });

function fromNotAfterTo(ctx: { value: { from: number; to: number }; issues: unknown[] }): void {
  const { from, to } = ctx.value;
  if (from > to) ctx.issues.push({ code: 'custom', message: `from (${from}) is after to (${to})`, input: ctx.value });
}

export const rangeQueryInput: z.ZodType<Required<RangeQuery>> = z
  .object({ series: seriesIds, from: epochMs('from'), to: epochMs('to'), maxPoints: wholeNumber('maxPoints', 10, 20_000).optional() }, objectOf('query', 'series, from and to'))
  .check(fromNotAfterTo)
  .transform((q) => ({ ...q, maxPoints: q.maxPoints ?? 1000 }));

export const findSeriesInput = z
  .object(
    {
      text: scalar({ type: 'string', description: 'words to find' }, (raw) => {
        if (typeof raw !== 'string' || raw.length > 200) throw new Problem('text must be a string of at most 200 characters');
        return raw;
      }),
      limit: wholeNumber('limit', 1, 1000).optional(),
    },
    objectOf('query', 'text'),
  )
  .transform((q) => ({ text: q.text, limit: q.limit ?? 100 }));

export const exprQueryInput: z.ZodType<ExprQuery> = z
  .object({ expr: expr('expr'), from: epochMs('from'), to: epochMs('to'), stepMs: epochMs('stepMs') }, objectOf('query', 'expr, from, to and stepMs'))
  .check(fromNotAfterTo)
  .check((ctx) => {
    const { from, to, stepMs } = ctx.value;
    if (stepMs < 100) ctx.issues.push({ code: 'custom', message: `stepMs must be at least 100, got ${stepMs}`, input: stepMs });
    else if ((to - from) / stepMs > MAX_POINTS) {
      ctx.issues.push({ code: 'custom', message: `from..to at stepMs ${stepMs} would be more than ${MAX_POINTS} points; use a larger step`, input: ctx.value });
    }
  });

export const newPinInput: z.ZodType<NewPin> = z.object(
  {
    title: scalar({ type: 'string', description: 'title, 1 to 120 characters' }, (raw) => {
      if (typeof raw !== 'string' || raw.trim() === '' || raw.length > 120) throw new Problem('pin title must be 1 to 120 characters');
      return raw.trim();
    }),
    expr: scalar({ type: 'string', description: 'a PromQL expression' }, (raw) => {
      if (typeof raw !== 'string' || raw.trim() === '' || raw.length > MAX_EXPR_LENGTH) throw new Problem(`pin expr must be a PromQL expression of at most ${MAX_EXPR_LENGTH} characters`);
      return raw.trim();
    }),
    unit: scalar({ type: 'string', description: 'unit of the chart', enum: PANEL_UNITS }, (raw) => {
      if (!PANEL_UNITS.includes(raw as PanelUnit)) throw new Problem(`pin unit must be one of ${PANEL_UNITS.join(', ')}, got ${show(raw)}`);
      return raw as PanelUnit;
    }),
  },
  objectOf('pin', 'title, expr and unit'),
);

export const pinIdInput = scalar({ type: 'string', description: 'a pin id' }, (raw) => {
  if (typeof raw !== 'string' || !/^[a-z0-9-]{1,40}$/.test(raw)) throw new Problem(`pin id ${show(raw)} is not valid`);
  return raw;
});

export const pauseInput = z.object(
  {
    paused: scalar({ type: 'boolean', description: 'true pauses all sampling, false resumes it' }, (raw) => {
      if (typeof raw !== 'boolean') throw new Problem(`paused must be true or false, got ${show(raw)}`);
      return raw;
    }),
  },
  objectOf('request', 'paused'),
);

export const exportToggleInput = z.object(
  {
    enabled: scalar({ type: 'boolean', description: 'true serves /metrics, false stops' }, (raw) => {
      if (typeof raw !== 'boolean') throw new Problem(`enabled must be true or false, got ${show(raw)}`);
      return raw;
    }),
  },
  objectOf('request', 'enabled'),
);

export const bundleInput = z.object(
  {
    exclude: scalar({ type: 'array', description: 'paths inside the bundle to leave out' }, (raw) => {
      if (!Array.isArray(raw) || raw.length > 200 || !raw.every((p) => typeof p === 'string' && p.length <= 200)) throw new Problem('exclude must be a list of at most 200 paths inside the bundle');
      return raw as string[];
    }).optional(),
    pseudonyms: scalar({ type: 'boolean', description: 'replace host names, IP addresses and the user name by pseudonyms' }, (raw) => {
      if (typeof raw !== 'boolean') throw new Problem(`pseudonyms must be true or false, got ${show(raw)}`);
      return raw;
    }).optional(),
  },
  objectOf('request', 'exclude and pseudonyms'),
);
/** A list that may arrive as one URL parameter (a string) or as an array. */
const listOf = <T>(field: string, max: number, item: (raw: unknown) => T) =>
  scalar({ type: ['string'], description: `${field}, at most ${max}` }, (raw) => {
    const list = Array.isArray(raw) ? raw : [raw];
    if (list.length > max) throw new Problem(`${field} lists ${list.length} values; at most ${max}`);
    return list.map(item);
  });

/** `key=value`: a field the log line must have with exactly that value. */
const FIELD_FILTER = /^([A-Za-z0-9_.@-]{1,100})=(.{0,500})$/s;

const logQueryShape = {
  from: epochMs('from'),
  to: epochMs('to'),
  text: scalar({ type: 'string', description: 'words to find in message and fields' }, (raw) => {
    if (typeof raw !== 'string' || raw.length > 500) throw new Problem('text must be a string of at most 500 characters');
    return raw;
  }).optional(),
  levels: listOf('levels', LOG_LEVELS.length, (raw) => {
    if (!LOG_LEVELS.includes(raw as LogLevel)) throw new Problem(`level ${show(raw)} is not one of ${LOG_LEVELS.join(', ')}`);
    return raw as LogLevel;
  }).optional(),
  sources: listOf('sources', 64, (raw) => {
    if (typeof raw !== 'string' || raw === '' || raw.length > 64) throw new Problem(`source ${show(raw)} is not a source name`);
    return raw;
  }).optional(),
  fields: listOf('fields', 16, (raw) => {
    if (typeof raw !== 'string' || !FIELD_FILTER.test(raw)) throw new Problem(`field filter ${show(raw)} must be key=value (key of letters, digits, _ . @ -)`);
    return raw;
  }).optional(),
};

export const logQueryInput: z.ZodType<LogQuery & { limit: number }> = z
  .object({ ...logQueryShape, limit: wholeNumber('limit', 1, 5000).optional(), beforeId: wholeNumber('beforeId', 1, Number.MAX_SAFE_INTEGER).optional() }, objectOf('log query', 'from and to'))
  .check(fromNotAfterTo)
  .transform((q) => ({ ...q, limit: q.limit ?? 500 }));

export const logHistogramInput: z.ZodType<LogQuery & { buckets: number }> = z
  .object({ ...logQueryShape, buckets: wholeNumber('buckets', 1, 1000).optional() }, objectOf('log histogram query', 'from and to'))
  .check(fromNotAfterTo)
  .transform((q) => ({ ...q, buckets: q.buckets ?? 60 }));

/** Splits a checked `key=value` field filter. */
export function splitFieldFilter(filter: string): [string, string] {
  const m = FIELD_FILTER.exec(filter)!;
  return [m[1]!, m[2]!];
}

/** `raw` checked against `schema`, or an InputError naming every problem. */
export function checked<T>(schema: z.ZodType<T>, raw: unknown): T {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw new InputError(issuesOf(parsed.error).map((i) => i.message).join('; '));
}
