// The `history` section of monitor.json: how long each tier is kept and the size cap. Kept apart
// from the store so that reading the config never loads node:sqlite.
import { z } from 'zod';
import { objectErrors } from '../../shared/schema-kit';
import { wholeSection } from '../config/section';
import { durationBetween, sizeBetween } from '../config/values';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface Retention {
  rawMs: number;
  minuteMs: number;
  hourMs: number;
  maxBytes: number;
}

export const DEFAULT_RETENTION: Retention = { rawMs: 24 * HOUR, minuteMs: 30 * DAY, hourMs: 365 * DAY, maxBytes: 1024 ** 3 };

const shape = {
  raw: durationBetween('how long every sample is kept (default 24h)', 10 * 60_000, 90 * DAY).optional(),
  minute: durationBetween('how long 1-minute rollups are kept (default 30d)', HOUR, 3 * 365 * DAY).optional(),
  hour: durationBetween('how long 1-hour rollups are kept (default 365d)', DAY, 20 * 365 * DAY).optional(),
  maxBytes: sizeBetween('the most the database may use (default 1GiB)', 16 * 1024 ** 2, 1024 ** 4).optional(),
};

const history: z.ZodType<Retention> = z
  .strictObject(shape, { error: objectErrors(shape, 'an object such as {"raw": "24h", "maxBytes": "1GiB"}') })
  .transform((r) => ({
    rawMs: r.raw ?? DEFAULT_RETENTION.rawMs,
    minuteMs: r.minute ?? DEFAULT_RETENTION.minuteMs,
    hourMs: r.hour ?? DEFAULT_RETENTION.hourMs,
    maxBytes: r.maxBytes ?? DEFAULT_RETENTION.maxBytes,
  }))
  .check((ctx) => {
    const r = ctx.value;
    if (r.rawMs > r.minuteMs || r.minuteMs > r.hourMs) ctx.issues.push({ code: 'custom', message: 'keep raw <= minute <= hour retention', input: r });
  });

/** null when the settings are wrong: history is off rather than guessed. */
export const historySection = wholeSection({
  key: 'history',
  description: 'How long history is kept per tier and how large the database may grow',
  schema: history,
  default: DEFAULT_RETENTION,
  fallback: null,
  consequence: 'history is off, running in memory only',
});
