// Bit streams for the chunk codec: most-significant bit first, values up to 53 bits (a double's
// exact integers), plus the Rice code that turns small numbers into few bits.

/** Bits needed to write n (n >= 0); exact up to 2^53, where Math.log2 rounds. */
export function bitLength(n: number): number {
  let len = 0;
  while (len < 54 && n >= 2 ** len) len++;
  return len;
}

export const zigzag = (n: number): number => (n >= 0 ? n * 2 : -n * 2 - 1);
export const unzigzag = (u: number): number => (u % 2 === 0 ? u / 2 : -(u + 1) / 2);

/** A quotient this large is written as an escape and the value in full (a counter reset, a jump). */
const RICE_ESCAPE = 24;

export class BitWriter {
  private buf = new Uint8Array(256);
  private length = 0;
  /** Bits not yet written out, the newest lowest; fewer than 8 between calls. */
  private acc = 0;
  private fill = 0;

  /** The low `count` bits of `value` (0 <= value < 2^count, count <= 53). */
  bits(value: number, count: number): void {
    // Pieces of at most 24 bits keep the accumulator within 31 bits, where shifts are exact.
    while (count > 24) {
      count -= 24;
      this.put(Math.floor(value / 2 ** count) & 0xffffff, 24);
    }
    this.put(value % 2 ** count, count);
  }

  private put(value: number, count: number): void {
    this.acc = (this.acc << count) | value;
    this.fill += count;
    while (this.fill >= 8) {
      this.fill -= 8;
      if (this.length === this.buf.length) {
        const next = new Uint8Array(this.buf.length * 2);
        next.set(this.buf);
        this.buf = next;
      }
      this.buf[this.length++] = (this.acc >>> this.fill) & 0xff;
    }
    this.acc &= (1 << this.fill) - 1;
  }

  /** A non-negative integer of any size up to 2^53: its bit length (6 bits), then its bits. */
  uint(n: number): void {
    const len = bitLength(n);
    this.bits(len, 6);
    this.bits(n, len);
  }

  int(n: number): void {
    this.uint(zigzag(n));
  }

  /** Rice code with parameter k: the quotient in unary (q ones, a zero), then k low bits. */
  rice(u: number, k: number): void {
    const div = 2 ** k;
    const q = Math.floor(u / div);
    if (q >= RICE_ESCAPE) {
      this.bits(2 ** RICE_ESCAPE - 1, RICE_ESCAPE);
      this.uint(u);
    } else if (q + 1 + k <= 53) this.bits((2 ** (q + 1) - 2) * div + (u - q * div), q + 1 + k);
    else {
      this.bits(2 ** (q + 1) - 2, q + 1);
      this.bits(u - q * div, k);
    }
  }

  bytes(): Uint8Array {
    const out = new Uint8Array(this.length + (this.fill > 0 ? 1 : 0));
    out.set(this.buf.subarray(0, this.length));
    if (this.fill > 0) out[this.length] = (this.acc << (8 - this.fill)) & 0xff;
    return out;
  }
}

export class BitReader {
  private pos = 0;
  /** Bits read from the buffer but not yet consumed, the newest lowest. */
  private acc = 0;
  private fill = 0;
  constructor(private readonly buf: Uint8Array) {}

  bits(count: number): number {
    let v = 0;
    while (count > 24) {
      count -= 24;
      v = v * 2 ** 24 + this.take(24);
    }
    return v * 2 ** count + this.take(count);
  }

  private take(count: number): number {
    while (this.fill < count) {
      if (this.pos >= this.buf.length) throw new Error('chunk truncated');
      this.acc = (this.acc << 8) | this.buf[this.pos++]!;
      this.fill += 8;
    }
    this.fill -= count;
    const v = (this.acc >>> this.fill) & ((1 << count) - 1);
    this.acc &= (1 << this.fill) - 1;
    return v;
  }

  uint(): number {
    return this.bits(this.bits(6));
  }

  int(): number {
    return unzigzag(this.uint());
  }

  rice(k: number): number {
    let q = 0;
    while (q < RICE_ESCAPE && this.bits(1) === 1) q++;
    if (q === RICE_ESCAPE) return this.uint();
    return q * 2 ** k + this.bits(k);
  }
}

/** Bits the Rice code with parameter k spends on `us`. */
function riceCost(us: number[], k: number): number {
  const div = 2 ** k;
  let bits = 0;
  for (const u of us) {
    const q = Math.floor(u / div);
    bits += q >= RICE_ESCAPE ? RICE_ESCAPE + 6 + bitLength(u) : q + 1 + k;
  }
  return bits;
}

/** The Rice parameter near log2 of the mean of `us`, the best of four, and its cost in bits. */
export function bestRice(us: number[]): { k: number; bits: number } {
  let sum = 0;
  for (const u of us) sum += u;
  const guess = us.length > 0 ? Math.max(0, bitLength(Math.floor(sum / us.length)) - 1) : 0;
  let best = { k: guess, bits: riceCost(us, guess) };
  for (const k of [guess - 2, guess - 1, guess + 1]) {
    if (k < 0 || k > 52) continue;
    const bits = riceCost(us, k);
    if (bits < best.bits) best = { k, bits };
  }
  return best;
}
