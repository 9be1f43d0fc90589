// What a query engine needs of a store, and what a store needs to pick series: label matchers
// and a source of samples. Neutral ground, so the live store and the history database implement
// it without importing the PromQL engine, and the engine reads either without knowing which.
import type { Labels } from '../shared/series-id';

export type MatchOp = '=' | '!=' | '=~' | '!~';
export interface Matcher {
  name: string;
  op: MatchOp;
  value: string;
  /** Compiled, anchored, for =~ and !~. */
  re: RegExp | null;
}

export function matcherMatches(m: Matcher, value: string): boolean {
  switch (m.op) {
    case '=':
      return value === m.value;
    case '!=':
      return value !== m.value;
    case '=~':
      return m.re!.test(value);
    case '!~':
      return !m.re!.test(value);
  }
}

/** One stored series as a query engine reads it. */
export interface SeriesData {
  /** Includes __name__. */
  labels: Labels;
  /** Calls fn for every sample with from <= t <= to, oldest first. */
  forEachInRange(from: number, to: number, fn: (t: number, v: number) => void): void;
  /** Time the series went stale (vanished from its target), or null while it is live. */
  staleSince: number | null;
}

export interface SeriesSource {
  select(matchers: Matcher[]): SeriesData[];
}
