// Summation that neither cancels nor overflows where Prometheus 3 does not: compensated
// (Kahan–Neumaier) sums, so 1 + 1e100 + 1 - 1e100 is 2, and a mean that switches to an
// incremental form when the running sum would overflow, so the mean of values near 1e308 is
// finite.

/** A compensated running sum. `value()` is sum + compensation. */
export class KahanSum {
  sum = 0;
  c = 0;

  add(x: number): void {
    const t = this.sum + x;
    if (!Number.isFinite(t)) {
      // Once infinite, the compensation means nothing (and Inf - Inf would turn it into NaN).
      this.c = 0;
    } else if (Math.abs(this.sum) >= Math.abs(x)) this.c += this.sum - t + x;
    else this.c += x - t + this.sum;
    this.sum = t;
  }

  value(): number {
    return Number.isFinite(this.sum) ? this.sum + this.c : this.sum;
  }
}

/** The mean of added values: a compensated sum while it stays finite, an incremental mean after. */
export class Mean {
  private readonly total = new KahanSum();
  private n = 0;
  private incremental = false;
  private mean = 0;
  private meanC = 0;
  private readonly scratch = new KahanSum();

  add(x: number): void {
    this.n++;
    if (!this.incremental) {
      const prevSum = this.total.sum;
      const prevC = this.total.c;
      this.total.add(x);
      if (Number.isFinite(this.total.sum) || !Number.isFinite(x)) return;
      // The sum overflowed on finite inputs: continue as a running mean from what we had.
      this.incremental = true;
      this.mean = prevSum / (this.n - 1);
      this.meanC = prevC / (this.n - 1);
    }
    const q = (this.n - 1) / this.n;
    this.scratch.sum = q * this.mean;
    this.scratch.c = q * this.meanC;
    this.scratch.add(x / this.n);
    this.mean = this.scratch.sum;
    this.meanC = this.scratch.c;
  }

  value(): number {
    if (this.n === 0) return NaN;
    if (this.incremental) return this.mean + this.meanC;
    return this.total.value() / this.n;
  }
}

/** Population variance by Welford's method (Prometheus's stdvar / stddev). */
export class Variance {
  private n = 0;
  private mean = 0;
  private m2 = 0;

  add(x: number): void {
    this.n++;
    const delta = x - this.mean;
    this.mean += delta / this.n;
    this.m2 += delta * (x - this.mean);
  }

  value(): number {
    return this.n === 0 ? NaN : this.m2 / this.n;
  }
}

/** Prometheus's quantile of a set of values: linear interpolation between closest ranks. */
export function quantile(q: number, values: number[]): number {
  if (values.length === 0 || Number.isNaN(q)) return NaN;
  if (q < 0) return -Infinity;
  if (q > 1) return Infinity;
  const sorted = [...values].sort((a, b) => (Number.isNaN(a) ? -1 : Number.isNaN(b) ? 1 : a - b));
  const rank = q * (sorted.length - 1);
  const lower = Math.max(0, Math.floor(rank));
  const upper = Math.min(sorted.length - 1, lower + 1);
  const weight = rank - Math.floor(rank);
  return sorted[lower]! * (1 - weight) + sorted[upper]! * weight;
}
