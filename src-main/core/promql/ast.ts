// The parsed form of a query. Every node keeps its character position so that evaluation
// errors can point at the construct too.

import type { Matcher } from '../series-source';

export type { Matcher, MatchOp } from '../series-source';

export type ArithOp = '+' | '-' | '*' | '/' | '%' | '^' | 'atan2';
export type CompareOp = '==' | '!=' | '>' | '<' | '>=' | '<=';
export type SetOp = 'and' | 'or' | 'unless';
export type BinaryOp = ArithOp | CompareOp | SetOp;
export type AggregateOp = 'sum' | 'avg' | 'min' | 'max' | 'count' | 'group' | 'stddev' | 'stdvar' | 'topk' | 'bottomk' | 'quantile' | 'count_values';

/** `@ 1700000000`, `@ start()`, `@ end()`. */
export type AtModifier = { ms: number } | 'start' | 'end';

export interface VectorMatching {
  /** true: match on `labels`; false: match ignoring `labels`. */
  on: boolean;
  labels: string[];
  card: 'one-to-one' | 'many-to-one' | 'one-to-many';
  /** group_left(include...) / group_right(include...): labels copied from the "one" side. */
  include: string[];
}

export type Expr =
  | { kind: 'number'; value: number; pos: number }
  | { kind: 'string'; value: string; pos: number }
  | { kind: 'selector'; matchers: Matcher[]; rangeMs: number | null; offsetMs: number; at: AtModifier | null; pos: number }
  | { kind: 'subquery'; expr: Expr; rangeMs: number; stepMs: number | null; offsetMs: number; at: AtModifier | null; pos: number }
  | { kind: 'call'; fn: string; args: Expr[]; pos: number }
  | { kind: 'aggregate'; op: AggregateOp; by: string[] | null; without: string[] | null; param: Expr | null; expr: Expr; pos: number }
  | { kind: 'binary'; op: BinaryOp; lhs: Expr; rhs: Expr; bool: boolean; matching: VectorMatching | null; pos: number }
  | { kind: 'negate'; expr: Expr; pos: number };

export type ValueType = 'scalar' | 'vector' | 'matrix' | 'string';
