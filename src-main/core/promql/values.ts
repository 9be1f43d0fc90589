// What evaluation passes between nodes. A query is evaluated for all its steps at once: every
// vector series carries one column of values over the step grid, computed lazily so that an
// aggregation over 20k series holds one series' column at a time, not all of them.
import type { Labels } from '../../shared/series-id';

export interface Points {
  values: Float64Array;
  /** 1 where the series has a value at that step. NaN is a value, so absence needs its own mask. */
  present: Uint8Array;
  /** For raw selections only: the timestamp of the sample chosen at each step (for timestamp()). */
  sampleTimes?: Float64Array;
}

export interface Series {
  labels: Labels;
  /** Computes the column (yielding to the event loop on long ones); callers call it once and drop it when done. */
  points(): Promise<Points>;
}

/** One series' samples over the whole span its windows cover, oldest first. */
export interface Samples {
  ts: ArrayLike<number>;
  vs: ArrayLike<number>;
}

export interface RangeSeries {
  labels: Labels;
  /** Valid until the next call of any series' samples(): consume before asking for more. */
  samples(): Promise<Samples>;
}

export type Value =
  | { kind: 'scalar'; values: Float64Array }
  | { kind: 'string'; value: string }
  | { kind: 'vector'; series: Series[] }
  /** A range vector: at step i, the window (evalTimes[i] - rangeMs, evalTimes[i]] of each series. */
  | { kind: 'matrix'; series: RangeSeries[]; rangeMs: number; evalTimes: Float64Array };

export const materialized = (labels: Labels, points: Points): Series => ({ labels, points: async () => points });

export function emptyPoints(steps: number): Points {
  return { values: new Float64Array(steps), present: new Uint8Array(steps) };
}

/** What function, aggregation and operator modules need of the engine. */
export interface EvalContext {
  eval(e: import('./ast').Expr, times: Float64Array): Promise<Value>;
  budget: import('./budget').Budget;
  /** The query's own start and end (for @ start() and @ end()). */
  start: number;
  end: number;
}
