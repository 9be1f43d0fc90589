// Keeps one query from stalling the core: evaluation runs in slices of at most `sliceMs` and
// yields to the event loop between them; a query that processes more than `maxSamples` samples
// or runs past `timeoutMs` stops with an error saying which limit it hit. Modelled on
// Prometheus's query.max-samples and query.timeout.
import { EvalError } from './errors';

export interface QueryLimits {
  /** Samples read plus points computed, over the whole query (Prometheus's default: 50 million). */
  maxSamples: number;
  /** Wall-clock limit for the whole query, yields included (Prometheus's default: 2 minutes). */
  timeoutMs: number;
  /** Longest stretch of work between two yields to the event loop. */
  sliceMs: number;
  /** Clock in ms (performance.now by default; tests pass a fake one). */
  now: () => number;
  /** Lets other work run (setImmediate by default; tests pass their own). */
  yieldToLoop: () => Promise<void>;
}

export const DEFAULT_LIMITS: QueryLimits = {
  maxSamples: 50_000_000,
  timeoutMs: 120_000,
  sliceMs: 10,
  now: () => performance.now(),
  yieldToLoop: () => new Promise((resolve) => setImmediate(resolve)),
};

export class Budget {
  private samples = 0;
  private readonly deadline: number;
  private sliceStart: number;

  constructor(private readonly limits: QueryLimits) {
    this.sliceStart = limits.now();
    this.deadline = this.sliceStart + limits.timeoutMs;
  }

  /** Counts samples read or computed; throws once the query has processed too many. */
  count(n: number): void {
    this.samples += n;
    if (this.samples > this.limits.maxSamples) {
      throw new EvalError(`the query processes more than ${this.limits.maxSamples} samples (the query sample limit); narrow the time range or the selectors, or use a larger step`);
    }
  }

  get counted(): number {
    return this.samples;
  }

  /** True when the current slice is used up: the caller should `await pause()`. */
  due(): boolean {
    return this.limits.now() - this.sliceStart >= this.limits.sliceMs;
  }

  async pause(): Promise<void> {
    this.checkDeadline();
    await this.limits.yieldToLoop();
    this.checkDeadline();
    this.sliceStart = this.limits.now();
  }

  private checkDeadline(): void {
    if (this.limits.now() > this.deadline) throw new EvalError(`the query timed out after ${this.limits.timeoutMs / 1000} s (the query time limit); narrow the time range or the selectors`);
  }
}
