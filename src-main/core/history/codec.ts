// Compact encoding of one chunk of a series (one 10-minute window, up to a few thousand samples),
// as a bit stream (format 2):
// - timestamps: the first, the first delta, then Gorilla's delta-of-deltas, Rice-coded; regular
//   sampling makes them all 0, and a run of only zeros is one bit for the whole chunk;
// - values, when every one is an integer after scaling by 10^d (d = 0..6: counters, byte
//   counts, the rounded ratios our collectors produce): the scaled values' steps divided by their
//   greatest common divisor (page sizes, kB units), then residuals of the cheapest of three
//   predictors (the mean step, for counters; the chunk's mean level, for gauges that swing; the
//   previous step), Rice-coded with the best parameter for the chunk;
// - any other values (NaN, ±Inf, arbitrary floats): Gorilla's XOR with the previous value.
// Lossless in every case. Format 1 (byte varints, files written before) is still read.
import { BitReader, BitWriter, bestRice, zigzag, unzigzag } from './bits';

/** The format new chunks are written in; stored beside each chunk. */
export const CHUNK_FORMAT = 2;

const MAX_DECIMALS = 6;
/** Scaled integers above this go the float way: residuals must stay exact doubles. */
const MAX_SCALED = 2 ** 48;

const VALUES_INT = 0;
const VALUES_XOR = 1;

const PREDICT_MEAN_STEP = 0;
const PREDICT_MEAN_LEVEL = 1;
const PREDICT_LAST_STEP = 2;

function gcd(a: number, b: number): number {
  a = Math.abs(a);
  b = Math.abs(b);
  while (b) [a, b] = [b, a % b];
  return a;
}

const fits = (v: number, scale: number): boolean => {
  const s = v * scale;
  return Number.isFinite(s) && Math.abs(s) <= MAX_SCALED && Math.round(s) / scale === v;
};

/** Smallest d such that every value * 10^d is (within float noise) an integer, or -1. */
function decimalsFor(vs: ArrayLike<number>): number {
  // Raise d as values need it, then check every value once more at the final d.
  let d = 0;
  for (let i = 0; i < vs.length; i++) {
    while (!fits(vs[i]!, 10 ** d)) if (++d > MAX_DECIMALS) return -1;
  }
  const scale = 10 ** d;
  for (let i = 0; i < vs.length; i++) if (!fits(vs[i]!, scale)) return -1;
  return d;
}

/** Non-negative integers, Rice-coded with the chunk's best parameter; all zeros (a regular clock, a constant) in one bit. */
function riceAll(w: BitWriter, us: number[]): void {
  if (us.every((u) => u === 0)) return w.bits(0, 1);
  const { k } = bestRice(us);
  w.bits(1, 1);
  w.bits(k, 6);
  for (const u of us) w.rice(u, k);
}

function unriceAll(r: BitReader, n: number): number[] {
  const out = new Array<number>(n).fill(0);
  if (r.bits(1) === 0) return out;
  const k = r.bits(6);
  for (let i = 0; i < n; i++) out[i] = r.rice(k);
  return out;
}

function writeTimestamps(w: BitWriter, ts: ArrayLike<number>): void {
  w.uint(ts[0]!);
  if (ts.length < 2) return;
  w.int(ts[1]! - ts[0]!);
  const dods: number[] = [];
  for (let i = 2; i < ts.length; i++) dods.push(zigzag(ts[i]! - 2 * ts[i - 1]! + ts[i - 2]!));
  riceAll(w, dods);
}

function readTimestamps(r: BitReader, n: number): number[] {
  const ts = new Array<number>(n);
  ts[0] = r.uint();
  if (n < 2) return ts;
  let delta = r.int();
  ts[1] = ts[0] + delta;
  const dods = unriceAll(r, n - 2);
  for (let i = 2; i < n; i++) {
    delta += unzigzag(dods[i - 2]!);
    ts[i] = ts[i - 1]! + delta;
  }
  return ts;
}

/** The prediction of u[i] (i >= 1) by one predictor with parameter m. */
function predict(u: number[], i: number, predictor: number, m: number): number {
  if (predictor === PREDICT_MEAN_LEVEL) return m;
  if (predictor === PREDICT_MEAN_STEP) return u[i - 1]! + m;
  return u[i - 1]! + (i > 1 ? u[i - 1]! - u[i - 2]! : 0);
}

/**
 * The predictor with the smallest residuals over u[1..] (a Rice code's length grows with their
 * sum), its parameter, and its residuals, zigzagged.
 */
function bestResiduals(u: number[]): { predictor: number; m: number; rs: number[] } {
  const n = u.length;
  let level = 0;
  for (let i = 1; i < n; i++) level += u[i]!;
  const params = [Math.round(u[n - 1]! / (n - 1)), Math.round(level / (n - 1)), 0];
  let best = PREDICT_MEAN_STEP;
  let bestSum = Infinity;
  for (const predictor of [PREDICT_MEAN_STEP, PREDICT_MEAN_LEVEL, PREDICT_LAST_STEP]) {
    let sum = 0;
    for (let i = 1; i < n && sum < bestSum; i++) sum += zigzag(u[i]! - predict(u, i, predictor, params[predictor]!));
    if (sum < bestSum) [best, bestSum] = [predictor, sum];
  }
  const m = params[best]!;
  const rs = new Array<number>(n - 1);
  for (let i = 1; i < n; i++) rs[i - 1] = zigzag(u[i]! - predict(u, i, best, m));
  return { predictor: best, m, rs };
}

function unpredict(predictor: number, m: number, rs: number[]): number[] {
  const u = [0];
  for (let i = 1; i <= rs.length; i++) u.push(predict(u, i, predictor, m) + unzigzag(rs[i - 1]!));
  return u;
}

function writeIntValues(w: BitWriter, vs: ArrayLike<number>, d: number): void {
  const scale = 10 ** d;
  const ints = Array.from(vs, (v) => Math.round(v * scale));
  let g = 0;
  for (let i = 1; i < ints.length; i++) g = gcd(g, ints[i]! - ints[i - 1]!);
  if (g === 0) g = 1;
  w.bits(d, 3);
  w.uint(g);
  w.int(ints[0]!);
  if (ints.length < 2) return;
  // Steps from the first value, in units of g: small integers whatever the values' magnitude.
  const u = ints.map((x) => (x - ints[0]!) / g);
  const best = bestResiduals(u);
  w.bits(best.predictor, 2);
  w.int(best.m);
  riceAll(w, best.rs);
}

function readIntValues(r: BitReader, n: number): number[] {
  const scale = 10 ** r.bits(3);
  const g = r.uint();
  const first = r.int();
  if (n < 2) return [first / scale];
  const predictor = r.bits(2);
  const m = r.int();
  const u = unpredict(predictor, m, unriceAll(r, n - 1));
  return u.map((x) => (first + x * g) / scale);
}

const scratch = new DataView(new ArrayBuffer(8));
const ctz32 = (x: number): number => (x === 0 ? 32 : 31 - Math.clz32(x & -x));
const mask = (n: number): number => (n >= 32 ? 0xffffffff : (1 << n) - 1);

/** Bits [start, start + len) of the 64-bit word hi:lo, most significant first. */
function writeSlice(w: BitWriter, hi: number, lo: number, start: number, len: number): void {
  const end = start + len;
  if (start < 32) {
    const e = Math.min(end, 32);
    w.bits(((hi >>> (32 - e)) & mask(e - start)) >>> 0, e - start);
  }
  if (end > 32) {
    const s = Math.max(start, 32);
    w.bits(((lo >>> (64 - end)) & mask(end - s)) >>> 0, end - s);
  }
}

function readSlice(r: BitReader, start: number, len: number): [number, number] {
  const end = start + len;
  let hi = 0;
  let lo = 0;
  if (start < 32) {
    const e = Math.min(end, 32);
    hi = (r.bits(e - start) * 2 ** (32 - e)) >>> 0;
  }
  if (end > 32) {
    const s = Math.max(start, 32);
    lo = (r.bits(end - s) * 2 ** (64 - end)) >>> 0;
  }
  return [hi, lo];
}

/** Gorilla's XOR encoding: the bits of each value that differ from the previous one's. */
function writeXorValues(w: BitWriter, vs: ArrayLike<number>): void {
  let prevHi = 0;
  let prevLo = 0;
  let lead = -1;
  let trail = 0;
  for (let i = 0; i < vs.length; i++) {
    scratch.setFloat64(0, vs[i]!);
    const hi = scratch.getUint32(0);
    const lo = scratch.getUint32(4);
    if (i === 0) {
      w.bits(hi, 32);
      w.bits(lo, 32);
    } else {
      const xHi = (hi ^ prevHi) >>> 0;
      const xLo = (lo ^ prevLo) >>> 0;
      if (xHi === 0 && xLo === 0) w.bits(0, 1);
      else {
        const l = xHi !== 0 ? Math.clz32(xHi) : 32 + Math.clz32(xLo);
        const t = xLo !== 0 ? ctz32(xLo) : 32 + ctz32(xHi);
        if (lead >= 0 && l >= lead && t >= trail) {
          w.bits(0b10, 2);
          writeSlice(w, xHi, xLo, lead, 64 - lead - trail);
        } else {
          lead = l;
          trail = t;
          w.bits(0b11, 2);
          w.bits(lead, 6);
          w.bits(64 - lead - trail - 1, 6);
          writeSlice(w, xHi, xLo, lead, 64 - lead - trail);
        }
      }
    }
    prevHi = hi;
    prevLo = lo;
  }
}

function readXorValues(r: BitReader, n: number): number[] {
  const vs = new Array<number>(n);
  let hi = r.bits(32);
  let lo = r.bits(32);
  let lead = 0;
  let len = 0;
  for (let i = 0; i < n; i++) {
    if (i > 0 && r.bits(1) === 1) {
      if (r.bits(1) === 1) {
        lead = r.bits(6);
        len = r.bits(6) + 1;
      }
      const [xHi, xLo] = readSlice(r, lead, len);
      hi = (hi ^ xHi) >>> 0;
      lo = (lo ^ xLo) >>> 0;
    }
    scratch.setUint32(0, hi);
    scratch.setUint32(4, lo);
    vs[i] = scratch.getFloat64(0);
  }
  return vs;
}

export function encodeChunk(ts: ArrayLike<number>, vs: ArrayLike<number>): Uint8Array {
  const w = new BitWriter();
  w.uint(ts.length);
  if (ts.length === 0) return w.bytes();
  writeTimestamps(w, ts);
  const d = decimalsFor(vs);
  if (d >= 0) {
    w.bits(VALUES_INT, 1);
    writeIntValues(w, vs, d);
  } else {
    w.bits(VALUES_XOR, 1);
    writeXorValues(w, vs);
  }
  return w.bytes();
}

export function decodeChunk(bytes: Uint8Array, format = CHUNK_FORMAT): { ts: number[]; vs: number[] } {
  if (format === 1) return decodeChunkV1(bytes);
  if (format !== CHUNK_FORMAT) throw new Error(`unknown chunk format ${format}`);
  const r = new BitReader(bytes);
  const n = r.uint();
  if (n === 0) return { ts: [], vs: [] };
  const ts = readTimestamps(r, n);
  const vs = r.bits(1) === VALUES_INT ? readIntValues(r, n) : readXorValues(r, n);
  return { ts, vs };
}

/** Format 1: byte varints (timestamps' delta-of-deltas; scaled integer steps or raw float64). */
function decodeChunkV1(bytes: Uint8Array): { ts: number[]; vs: number[] } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = 0;
  const byte = () => {
    if (pos >= bytes.length) throw new Error('chunk truncated');
    return bytes[pos++]!;
  };
  const uvarint = () => {
    let n = 0;
    let mul = 1;
    for (;;) {
      const b = byte();
      n += (b & 0x7f) * mul;
      if (b < 0x80) return n;
      mul *= 0x80;
      if (mul > 2 ** 63) throw new Error('chunk varint too long');
    }
  };
  const svarint = () => unzigzag(uvarint());
  const n = uvarint();
  const ts: number[] = new Array(n);
  const vs: number[] = new Array(n);
  if (n === 0) return { ts, vs };
  ts[0] = uvarint();
  let delta = 0;
  for (let i = 1; i < n; i++) {
    const x = svarint();
    delta = i === 1 ? x : delta + x;
    ts[i] = ts[i - 1]! + delta;
  }
  const mode = byte();
  if (mode === 2) {
    for (let i = 0; i < n; i++) {
      if (pos + 8 > bytes.length) throw new Error('chunk truncated');
      vs[i] = view.getFloat64(pos, true);
      pos += 8;
    }
    return { ts, vs };
  }
  if (mode !== 1) throw new Error(`unknown chunk mode ${mode}`);
  const scale = 10 ** byte();
  const g = uvarint();
  let cur = svarint();
  vs[0] = cur / scale;
  for (let i = 1; i < n; i++) {
    cur += svarint() * g;
    vs[i] = cur / scale;
  }
  return { ts, vs };
}
