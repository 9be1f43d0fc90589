const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

export function formatBytes(bytes: number): string {
  let v = bytes;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < UNITS.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(i === 0 ? 0 : 1)} ${UNITS[i]}`;
}

/** A 0..1 ratio as a percentage with one decimal. */
export function formatPercent(ratio: number, digits = 1): string {
  return `${(ratio * 100).toFixed(digits)} %`;
}

export type Unit = 'ratio' | 'seconds' | 'perSecond' | 'count' | 'bytes' | 'bytesPerSecond' | 'celsius';

function trim(n: number, digits: number): string {
  return Number(n.toFixed(digits)).toString();
}

export function formatSeconds(s: number): string {
  const a = Math.abs(s);
  if (a === 0) return '0 s';
  if (a < 1e-3) return `${trim(s * 1e6, 0)} µs`;
  if (a < 1) return `${trim(s * 1000, a < 0.01 ? 2 : 0)} ms`;
  if (a < 60) return `${trim(s, 2)} s`;
  return `${trim(s / 60, 1)} min`;
}

function formatCount(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e9) return `${trim(v / 1e9, 2)} G`;
  if (a >= 1e6) return `${trim(v / 1e6, 2)} M`;
  if (a >= 1e4) return `${trim(v / 1e3, 1)} k`;
  return trim(v, a < 10 ? 2 : 1);
}

/** A value as the unit says: 0.123 ratio -> "12.3 %", 0.25 seconds -> "250 ms", 3 perSecond -> "3/s". */
export function formatValue(unit: Unit, v: number): string {
  switch (unit) {
    case 'ratio':
      return formatPercent(v);
    case 'seconds':
      return formatSeconds(v);
    case 'perSecond':
      return `${formatCount(v)}/s`;
    case 'bytes':
      return formatBytes(v);
    case 'count':
      return formatCount(v);
    case 'bytesPerSecond':
      return `${formatBytes(v)}/s`;
    case 'celsius':
      return `${trim(v, 1)} °C`;
  }
}
