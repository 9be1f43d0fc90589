// Durations as Prometheus writes them (`90s`, `1m30s`, `500ms`, `7d`). A leaf: the config, the
// API inputs and the PromQL parser all read durations with this one function.

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000, y: 31_536_000_000 };

export class DurationError extends Error {
  override name = 'DurationError';
}

/** Milliseconds in `text`; throws DurationError for anything but units in descending steps. */
export function parseDuration(text: string): number {
  const re = /(\d+)(ms|s|m|h|d|w|y)/gy;
  let total = 0;
  let end = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    total += Number(m[1]) * UNITS[m[2]!]!;
    end = re.lastIndex;
  }
  if (end !== text.length || end === 0) throw new DurationError(`invalid duration ${JSON.stringify(text)} (use e.g. 30s, 5m, 1h)`);
  if (total <= 0) throw new DurationError('duration must be positive');
  return total;
}

/** `90000` -> `1m30s`: the shortest way to write a duration, for messages. */
export function formatDuration(ms: number): string {
  if (ms <= 0) return `${ms}ms`;
  let rest = ms;
  let out = '';
  for (const [unit, size] of [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000], ['ms', 1]] as const) {
    if (rest >= size) {
      out += `${Math.floor(rest / size)}${unit}`;
      rest %= size;
    }
  }
  return out;
}
