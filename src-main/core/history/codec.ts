// Compact encoding of one chunk of a series (up to a few hundred samples):
// - timestamps: first value, first delta, then delta-of-deltas, zigzag varints (regular
//   sampling makes them 0 or a few ms of jitter: one byte each);
// - values: when every value is an integer after scaling by 10^d (d = 0..6, which covers
//   counters, byte counts and the rounded ratios our collectors produce), the scaled deltas
//   divided by their greatest common divisor (page sizes, kB units), as zigzag varints;
//   otherwise raw float64. Lossless in both cases.

const MODE_INT = 1;
const MODE_F64 = 2;
const MAX_DECIMALS = 6;

class Writer {
  private buf = new Uint8Array(256);
  length = 0;
  private ensure(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.length + n));
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }
  byte(b: number): void {
    this.ensure(1);
    this.buf[this.length++] = b;
  }
  /** Unsigned varint of a non-negative safe integer (7 bits a byte). */
  uvarint(n: number): void {
    this.ensure(8);
    while (n >= 0x80) {
      this.buf[this.length++] = (n % 0x80) | 0x80;
      n = Math.floor(n / 0x80);
    }
    this.buf[this.length++] = n;
  }
  svarint(n: number): void {
    this.uvarint(n >= 0 ? n * 2 : -n * 2 - 1);
  }
  f64(v: number): void {
    this.ensure(8);
    new DataView(this.buf.buffer).setFloat64(this.length, v, true);
    this.length += 8;
  }
  bytes(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

class Reader {
  pos = 0;
  private readonly view: DataView;
  constructor(private readonly buf: Uint8Array) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }
  byte(): number {
    if (this.pos >= this.buf.length) throw new Error('chunk truncated');
    return this.buf[this.pos++]!;
  }
  uvarint(): number {
    let n = 0;
    let mul = 1;
    for (;;) {
      const b = this.byte();
      n += (b & 0x7f) * mul;
      if (b < 0x80) return n;
      mul *= 0x80;
      if (mul > 2 ** 63) throw new Error('chunk varint too long');
    }
  }
  svarint(): number {
    const u = this.uvarint();
    return u % 2 === 0 ? u / 2 : -(u + 1) / 2;
  }
  f64(): number {
    if (this.pos + 8 > this.buf.length) throw new Error('chunk truncated');
    const v = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }
}

function gcd(a: number, b: number): number {
  a = Math.abs(a);
  b = Math.abs(b);
  while (b) [a, b] = [b, a % b];
  return a;
}

/** Smallest d such that every value * 10^d is (within float noise) an integer, or -1. */
function decimalsFor(vs: ArrayLike<number>): number {
  for (let d = 0; d <= MAX_DECIMALS; d++) {
    const scale = 10 ** d;
    let ok = true;
    for (let i = 0; i < vs.length; i++) {
      const v = vs[i]!;
      const s = v * scale;
      if (!Number.isFinite(s) || Math.abs(s) > Number.MAX_SAFE_INTEGER / 4 || Math.round(s) / scale !== v) {
        ok = false;
        break;
      }
    }
    if (ok) return d;
  }
  return -1;
}

export function encodeChunk(ts: ArrayLike<number>, vs: ArrayLike<number>): Uint8Array {
  const n = ts.length;
  const w = new Writer();
  w.uvarint(n);
  if (n === 0) return w.bytes();
  w.uvarint(ts[0]!);
  let prevDelta = 0;
  for (let i = 1; i < n; i++) {
    const delta = ts[i]! - ts[i - 1]!;
    w.svarint(i === 1 ? delta : delta - prevDelta);
    prevDelta = delta;
  }
  const d = decimalsFor(vs);
  if (d < 0) {
    w.byte(MODE_F64);
    for (let i = 0; i < n; i++) w.f64(vs[i]!);
    return w.bytes();
  }
  const scale = 10 ** d;
  const ints = Array.from(vs, (v) => Math.round(v * scale));
  let g = 0;
  for (let i = 1; i < n; i++) g = gcd(g, ints[i]! - ints[i - 1]!);
  if (g === 0) g = 1;
  w.byte(MODE_INT);
  w.byte(d);
  w.uvarint(g);
  w.svarint(ints[0]!);
  for (let i = 1; i < n; i++) w.svarint((ints[i]! - ints[i - 1]!) / g);
  return w.bytes();
}

export function decodeChunk(bytes: Uint8Array): { ts: number[]; vs: number[] } {
  const r = new Reader(bytes);
  const n = r.uvarint();
  const ts: number[] = new Array(n);
  const vs: number[] = new Array(n);
  if (n === 0) return { ts, vs };
  ts[0] = r.uvarint();
  let delta = 0;
  for (let i = 1; i < n; i++) {
    const x = r.svarint();
    delta = i === 1 ? x : delta + x;
    ts[i] = ts[i - 1]! + delta;
  }
  const mode = r.byte();
  if (mode === MODE_F64) {
    for (let i = 0; i < n; i++) vs[i] = r.f64();
    return { ts, vs };
  }
  if (mode !== MODE_INT) throw new Error(`unknown chunk mode ${mode}`);
  const d = r.byte();
  const scale = 10 ** d;
  const g = r.uvarint();
  let cur = r.svarint();
  vs[0] = cur / scale;
  for (let i = 1; i < n; i++) {
    cur += r.svarint() * g;
    vs[i] = cur / scale;
  }
  return { ts, vs };
}
