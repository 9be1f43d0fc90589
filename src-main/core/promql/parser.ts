// A parser for the subset of PromQL that dashboards and alert rules of this kind use:
// selectors with matchers and ranges, rate/increase/irate/delta, *_over_time,
// histogram_quantile, abs/clamp_min/clamp_max, sum/avg/min/max/count by|without,
// arithmetic and comparisons (with bool, on, ignoring). Anything else is refused with the
// position and what was expected, never silently misread.
import { DurationError, parseDuration as parseDurationText } from '../../shared/duration';

import { matcherMatches, type Matcher, type MatchOp } from '../series-source';

export { matcherMatches, type Matcher, type MatchOp } from '../series-source';

export type BinaryOp = '+' | '-' | '*' | '/' | '%' | '==' | '!=' | '>' | '<' | '>=' | '<=';
export type AggregateOp = 'sum' | 'avg' | 'min' | 'max' | 'count';

export type Expr =
  | { kind: 'number'; value: number }
  | { kind: 'selector'; matchers: Matcher[]; rangeMs: number | null }
  | { kind: 'call'; fn: string; args: Expr[] }
  | { kind: 'aggregate'; op: AggregateOp; by: string[] | null; without: string[] | null; expr: Expr }
  | { kind: 'binary'; op: BinaryOp; lhs: Expr; rhs: Expr; bool: boolean; on: string[] | null; ignoring: string[] | null }
  | { kind: 'negate'; expr: Expr };

export class PromQLError extends Error {
  override name = 'PromQLError';
  constructor(
    readonly position: number,
    reason: string,
  ) {
    super(`at position ${position + 1}: ${reason}`);
  }
}

export const FUNCTIONS: Record<string, { args: ('scalar' | 'vector' | 'matrix')[] }> = {
  rate: { args: ['matrix'] },
  increase: { args: ['matrix'] },
  irate: { args: ['matrix'] },
  delta: { args: ['matrix'] },
  avg_over_time: { args: ['matrix'] },
  min_over_time: { args: ['matrix'] },
  max_over_time: { args: ['matrix'] },
  sum_over_time: { args: ['matrix'] },
  count_over_time: { args: ['matrix'] },
  last_over_time: { args: ['matrix'] },
  histogram_quantile: { args: ['scalar', 'vector'] },
  abs: { args: ['vector'] },
  clamp_min: { args: ['vector', 'scalar'] },
  clamp_max: { args: ['vector', 'scalar'] },
};
const AGGREGATES = new Set<string>(['sum', 'avg', 'min', 'max', 'count']);

type Tok =
  | { t: 'ident'; v: string; p: number }
  | { t: 'number'; v: number; p: number }
  | { t: 'string'; v: string; p: number }
  | { t: 'duration'; v: number; p: number }
  | { t: 'op'; v: string; p: number }
  | { t: 'eof'; p: number };

/** A duration inside a query; errors carry the position like every other parse error. */
export function parseDuration(text: string, position = 0): number {
  try {
    return parseDurationText(text);
  } catch (err) {
    if (err instanceof DurationError) throw new PromQLError(position, err.message);
    throw err;
  }
}

function lex(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '#') {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    const p = i;
    if (c === '[') {
      const close = src.indexOf(']', i);
      if (close < 0) throw new PromQLError(i, 'unclosed "["');
      out.push({ t: 'duration', v: parseDuration(src.slice(i + 1, close).trim(), i + 1), p });
      i = close + 1;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      let v = '';
      while (j < src.length && src[j] !== c) {
        if (src[j] === '\\' && c !== '`') {
          const n = src[j + 1];
          v += n === 'n' ? '\n' : n === 't' ? '\t' : (n ?? '');
          j += 2;
        } else v += src[j++];
      }
      if (j >= src.length) throw new PromQLError(i, 'unterminated string');
      out.push({ t: 'string', v, p });
      i = j + 1;
      continue;
    }
    const num = /^(?:0x[0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)/.exec(src.slice(i));
    if (num && !/[a-zA-Z_:]/.test(src[i + num[0].length] ?? '')) {
      out.push({ t: 'number', v: Number(num[0]), p });
      i += num[0].length;
      continue;
    }
    const ident = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(src.slice(i));
    if (ident) {
      const word = ident[0];
      if (/^(inf|nan)$/i.test(word)) out.push({ t: 'number', v: word.toLowerCase() === 'inf' ? Infinity : NaN, p });
      else out.push({ t: 'ident', v: word, p });
      i += word.length;
      continue;
    }
    const two = src.slice(i, i + 2);
    if (['==', '!=', '>=', '<=', '=~', '!~'].includes(two)) {
      out.push({ t: 'op', v: two, p });
      i += 2;
      continue;
    }
    if ('(){},=+-*/%<>'.includes(c)) {
      out.push({ t: 'op', v: c, p });
      i++;
      continue;
    }
    throw new PromQLError(i, `unexpected character ${JSON.stringify(c)}`);
  }
  out.push({ t: 'eof', p: src.length });
  return out;
}

const PRECEDENCE: Record<string, number> = { '==': 1, '!=': 1, '>': 1, '<': 1, '>=': 1, '<=': 1, '+': 2, '-': 2, '*': 3, '/': 3, '%': 3 };

export function parsePromQL(src: string): Expr {
  if (src.trim() === '') throw new PromQLError(0, 'empty expression');
  const toks = lex(src);
  let k = 0;
  const peek = () => toks[k]!;
  const next = () => toks[k++]!;
  const isOp = (v: string) => peek().t === 'op' && (peek() as { v: string }).v === v;
  const isIdent = (v: string) => peek().t === 'ident' && (peek() as { v: string }).v === v;
  const describe = (t: Tok) => (t.t === 'eof' ? 'end of expression' : `${JSON.stringify(String((t as { v: unknown }).v))}`);
  const expectOp = (v: string) => {
    const t = next();
    if (t.t !== 'op' || t.v !== v) throw new PromQLError(t.p, `expected "${v}", got ${describe(t)}`);
  };

  const labelList = (): string[] => {
    expectOp('(');
    const names: string[] = [];
    while (!isOp(')')) {
      const t = next();
      if (t.t !== 'ident') throw new PromQLError(t.p, `expected a label name, got ${describe(t)}`);
      names.push(t.v);
      if (!isOp(')')) expectOp(',');
    }
    expectOp(')');
    return names;
  };

  const matchers = (): Matcher[] => {
    expectOp('{');
    const out: Matcher[] = [];
    while (!isOp('}')) {
      const nameTok = next();
      if (nameTok.t !== 'ident') throw new PromQLError(nameTok.p, `expected a label name, got ${describe(nameTok)}`);
      const opTok = next();
      if (opTok.t !== 'op' || !['=', '!=', '=~', '!~'].includes(opTok.v)) throw new PromQLError(opTok.p, `expected =, !=, =~ or !~ after ${nameTok.v}`);
      const valTok = next();
      if (valTok.t !== 'string') throw new PromQLError(valTok.p, `expected a quoted label value, got ${describe(valTok)}`);
      const op = opTok.v as MatchOp;
      let re: RegExp | null = null;
      if (op === '=~' || op === '!~') {
        try {
          re = new RegExp(`^(?:${valTok.v})$`);
        } catch (e) {
          throw new PromQLError(valTok.p, `invalid regular expression ${JSON.stringify(valTok.v)}: ${(e as Error).message}`);
        }
      }
      out.push({ name: nameTok.v, op, value: valTok.v, re });
      if (!isOp('}')) expectOp(',');
    }
    expectOp('}');
    return out;
  };

  const selectorRest = (metricName: string | null, p: number): Expr => {
    const ms: Matcher[] = metricName ? [{ name: '__name__', op: '=', value: metricName, re: null }] : [];
    if (isOp('{')) ms.push(...matchers());
    if (ms.every((m) => matcherMatches(m, ''))) {
      throw new PromQLError(p, 'a selector needs a metric name or a matcher that does not match the empty string');
    }
    let rangeMs: number | null = null;
    if (peek().t === 'duration') rangeMs = (next() as { v: number }).v;
    return { kind: 'selector', matchers: ms, rangeMs };
  };

  const primary = (): Expr => {
    const t = peek();
    if (t.t === 'number') {
      next();
      return { kind: 'number', value: t.v };
    }
    if (t.t === 'op' && (t.v === '-' || t.v === '+')) {
      next();
      const e = unaryOperand();
      return t.v === '-' ? { kind: 'negate', expr: e } : e;
    }
    if (t.t === 'op' && t.v === '(') {
      next();
      const e = expr(0);
      expectOp(')');
      if (peek().t === 'duration') throw new PromQLError(peek().p, 'subqueries are not supported');
      return e;
    }
    if (t.t === 'op' && t.v === '{') return selectorRest(null, t.p);
    if (t.t === 'ident') {
      next();
      if (AGGREGATES.has(t.v) && (isOp('(') || isIdent('by') || isIdent('without'))) {
        let by: string[] | null = null;
        let without: string[] | null = null;
        const grouping = () => {
          if (isIdent('by')) {
            next();
            by = labelList();
          } else if (isIdent('without')) {
            next();
            without = labelList();
          }
        };
        grouping();
        expectOp('(');
        const inner = expr(0);
        expectOp(')');
        if (by === null && without === null) grouping();
        return { kind: 'aggregate', op: t.v as AggregateOp, by, without, expr: inner };
      }
      if (isOp('(')) {
        const spec = FUNCTIONS[t.v];
        if (!spec) throw new PromQLError(t.p, `unknown or unsupported function ${t.v}()`);
        next();
        const args: Expr[] = [];
        while (!isOp(')')) {
          args.push(expr(0));
          if (!isOp(')')) expectOp(',');
        }
        expectOp(')');
        if (args.length !== spec.args.length) throw new PromQLError(t.p, `${t.v}() takes ${spec.args.length} argument(s), got ${args.length}`);
        spec.args.forEach((kind, i) => {
          const a = args[i]!;
          const isRange = a.kind === 'selector' && a.rangeMs !== null;
          if (kind === 'matrix' && !isRange) throw new PromQLError(t.p, `${t.v}() needs a range selector such as metric[5m] as argument ${i + 1}`);
          if (kind !== 'matrix' && isRange) throw new PromQLError(t.p, `${t.v}() does not take a range selector as argument ${i + 1}`);
        });
        return { kind: 'call', fn: t.v, args };
      }
      if (['by', 'without', 'on', 'ignoring', 'bool', 'offset', 'and', 'or', 'unless'].includes(t.v)) {
        throw new PromQLError(t.p, `unexpected keyword ${t.v}`);
      }
      return selectorRest(t.v, t.p);
    }
    throw new PromQLError(t.p, `unexpected ${describe(t)}`);
  };

  const unaryOperand = (): Expr => primary();

  const expr = (minPrec: number): Expr => {
    let lhs = primary();
    for (;;) {
      const t = peek();
      if (t.t === 'ident' && ['and', 'or', 'unless', 'offset', 'atan2'].includes(t.v)) throw new PromQLError(t.p, `${t.v} is not supported`);
      if (t.t !== 'op' || !(t.v in PRECEDENCE)) break;
      const prec = PRECEDENCE[t.v]!;
      if (prec < minPrec) break;
      next();
      let bool = false;
      let on: string[] | null = null;
      let ignoring: string[] | null = null;
      if (isIdent('bool')) {
        if (prec !== 1) throw new PromQLError(peek().p, 'bool is only allowed after a comparison');
        next();
        bool = true;
      }
      if (isIdent('on')) {
        next();
        on = labelList();
      } else if (isIdent('ignoring')) {
        next();
        ignoring = labelList();
      }
      if (isIdent('group_left') || isIdent('group_right')) throw new PromQLError(peek().p, 'group_left/group_right are not supported');
      const rhs = expr(prec + 1);
      lhs = { kind: 'binary', op: t.v as BinaryOp, lhs, rhs, bool, on, ignoring };
    }
    return lhs;
  };

  const result = expr(0);
  if (peek().t !== 'eof') throw new PromQLError(peek().p, `unexpected ${describe(peek())}`);
  return result;
}
