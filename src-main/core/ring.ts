// Fixed-capacity ring of (time, value) pairs for one series. Typed arrays, no allocation per
// sample; the oldest sample is overwritten when full.
export class Ring {
  private readonly times: Float64Array;
  private readonly vals: Float64Array;
  private start = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`ring capacity must be a positive integer, got ${capacity}`);
    this.times = new Float64Array(capacity);
    this.vals = new Float64Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** Appends a sample. Out-of-order samples (t not after the newest) are ignored and reported. */
  push(t: number, v: number): boolean {
    if (this.count > 0 && t <= this.times[this.index(this.count - 1)]!) return false;
    if (this.count < this.capacity) {
      const i = this.index(this.count);
      this.times[i] = t;
      this.vals[i] = v;
      this.count++;
    } else {
      this.times[this.start] = t;
      this.vals[this.start] = v;
      this.start = (this.start + 1) % this.capacity;
    }
    return true;
  }

  /** Calls fn for every sample with from <= t <= to, oldest first. */
  forEachInRange(from: number, to: number, fn: (t: number, v: number) => void): void {
    let lo = this.lowerBound(from);
    for (; lo < this.count; lo++) {
      const i = this.index(lo);
      const t = this.times[i]!;
      if (t > to) break;
      fn(t, this.vals[i]!);
    }
  }

  latest(): { t: number; v: number } | null {
    if (this.count === 0) return null;
    const i = this.index(this.count - 1);
    return { t: this.times[i]!, v: this.vals[i]! };
  }

  private index(logical: number): number {
    return (this.start + logical) % this.capacity;
  }

  /** First logical position whose time is >= t (binary search; times are increasing). */
  private lowerBound(t: number): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.times[this.index(mid)]! < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
