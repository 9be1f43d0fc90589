// Readers for the value kinds the config file uses (durations, sizes, names), each throwing a
// Problem in the words users see, e.g. `"5x" is not a duration (use e.g. "5s", ...)`.
import { DurationError, formatDuration, parseDuration } from '../../shared/duration';
import { Problem, scalar, show } from '../../shared/schema-kit';

const SIZE_UNITS: Record<string, number> = { B: 1, KB: 1e3, MB: 1e6, GB: 1e9, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3, TiB: 1024 ** 4 };

/** A duration as `"30s"`, `"1m30s"` or seconds as a number; milliseconds. */
export function readDuration(raw: unknown): number {
  if (typeof raw === 'number' && Number.isFinite(raw) && raw > 0) return Math.round(raw * 1000);
  if (typeof raw === 'string') {
    try {
      return parseDuration(raw.trim());
    } catch (err) {
      if (!(err instanceof DurationError)) throw err;
    }
  }
  throw new Problem(`${show(raw)} is not a duration (use e.g. "5s", "1m", or seconds as a number)`);
}

/** A duration within [min, max]; the message shows the value and the bounds. */
export function durationBetween(description: string, min: number, max: number, extra = '') {
  return scalar({ type: ['string', 'number'], description: `${description} ("30s", "5m", ... or seconds), ${formatDuration(min)} to ${formatDuration(max)}` }, (raw) => {
    const ms = readDuration(raw);
    if (ms < min || ms > max) throw new Problem(`${show(raw)} must be between ${formatDuration(min)} and ${formatDuration(max)}${extra}`);
    return ms;
  });
}

/** A size as `"512MiB"`, `"2GiB"` or bytes as a number, within [min, max]. */
export function sizeBetween(description: string, min: number, max: number) {
  return scalar({ type: ['string', 'number'], description: `${description} ("512MiB", "2GiB" or bytes)` }, (raw) => {
    let bytes: number;
    if (typeof raw === 'number') bytes = raw;
    else {
      const m = typeof raw === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*([KMGT]i?B|B)\s*$/.exec(raw) : null;
      if (!m) throw new Problem(`${show(raw)} is not a size (use e.g. "512MiB", "2GiB" or bytes as a number)`);
      bytes = Number(m[1]) * SIZE_UNITS[m[2]!]!;
    }
    if (!Number.isFinite(bytes) || bytes < min || bytes > max) throw new Problem(`${show(raw)} must be between ${humanBytes(min)} and ${humanBytes(max)}`);
    return Math.floor(bytes);
  });
}

function humanBytes(n: number): string {
  for (const unit of ['TiB', 'GiB', 'MiB', 'KiB'] as const) if (n >= SIZE_UNITS[unit]! && n % SIZE_UNITS[unit]! === 0) return `${n / SIZE_UNITS[unit]!}${unit}`;
  return `${n}B`;
}

const NAME = /^[A-Za-z0-9_.:-]{1,64}$/;

/** A target's name: shown in the UI and used as a label value. Optional names: add `.optional()`. */
export function targetName(required: boolean) {
  return scalar({ type: 'string', description: 'name shown in the UI: 1-64 letters, digits, _ . : or -' }, (raw) => {
    if (typeof raw !== 'string' || !NAME.test(raw)) throw new Problem(`${required ? 'required, ' : 'must be '}1-64 letters, digits, _ . : or -`);
    return raw;
  });
}
