// A closed 10-minute window on its way to disk: per series one chunk (codec.ts) and its 1-minute
// and 1-hour rollup rows. Encoding a window of many series is the heaviest step of history
// (a thousand series take a few hundred milliseconds), so it runs in slices of a few milliseconds
// at each flush instead of blocking the event loop at once; until a series is encoded, its raw
// samples serve reads.
import { addToBuckets, type Bucket } from './buckets';
import { decodeChunk, encodeChunk } from './codec';

const MINUTE = 60_000;
const HOUR = 3_600_000;
/** What a sample costs in memory before encoding (two numbers in arrays). */
const RAW_SAMPLE_BYTES = 16;
/** What one rollup row costs in memory while it waits (an array and a bucket object). */
const ROLLUP_ROW_BYTES = 120;

export interface SealedSeries {
  id: number;
  start: number;
  end: number;
  count: number;
  /** The samples until encoded, then null. */
  raw: { ts: number[]; vs: number[] } | null;
  /** The encoded chunk, once encoded. */
  data: Uint8Array | null;
}

export interface Seal {
  /** Start of the window after this one: journal rows before it are superseded once this is written. */
  nextWindow: number;
  series: SealedSeries[];
  /** How many of `series` are encoded, in order. */
  encoded: number;
  r1m: [number, number, Bucket][];
  r1h: [number, number, Bucket][];
}

export function sealWindow(nextWindow: number, open: Map<number, { ts: number[]; vs: number[] }>): Seal {
  const series: SealedSeries[] = [];
  for (const [id, o] of open) {
    if (o.ts.length === 0) continue;
    series.push({ id, start: o.ts[0]!, end: o.ts[o.ts.length - 1]!, count: o.ts.length, raw: o, data: null });
  }
  return { nextWindow, series, encoded: 0, r1m: [], r1h: [] };
}

export const isEncoded = (seal: Seal): boolean => seal.encoded === seal.series.length;

/** Encodes series until done or `deadline` (performance.now() time) passes; at least one per call. */
export function encodeSome(seal: Seal, deadline: number): void {
  while (seal.encoded < seal.series.length) {
    const s = seal.series[seal.encoded++]!;
    const { ts, vs } = s.raw!;
    s.data = encodeChunk(ts, vs);
    const m = new Map<number, Bucket>();
    const h = new Map<number, Bucket>();
    for (let i = 0; i < ts.length; i++) {
      addToBuckets(m, ts[i]!, vs[i]!, MINUTE);
      addToBuckets(h, ts[i]!, vs[i]!, HOUR);
    }
    for (const [t, b] of m) seal.r1m.push([s.id, t, b]);
    for (const [t, b] of h) seal.r1h.push([s.id, t, b]);
    s.raw = null;
    if (performance.now() >= deadline) return;
  }
}

/** The samples of one sealed series, raw or decoded. */
export function samplesOf(s: SealedSeries): { ts: number[]; vs: number[] } {
  return s.raw ?? decodeChunk(s.data!);
}

/** Memory a seal holds while it waits to be written. */
export function sealBytes(seal: Seal): number {
  let n = (seal.r1m.length + seal.r1h.length) * ROLLUP_ROW_BYTES;
  for (const s of seal.series) n += s.data ? s.data.length : s.count * RAW_SAMPLE_BYTES;
  return n;
}

export function sealSamples(seal: Seal): number {
  let n = 0;
  for (const s of seal.series) n += s.count;
  return n;
}
