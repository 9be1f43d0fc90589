// PromQL parser: operator precedence as in Prometheus (or < and/unless < comparisons < +- <
// * / % atan2 < ^, ^ right-associative, unary minus below ^), selectors with offset and @,
// subqueries, aggregations with parameters, vector matching with group_left/group_right, and a
// type check of every function call and operand. Anything it refuses is named with its position.
import { matcherMatches, type MatchOp, type Matcher } from '../series-source';
import type { AggregateOp, AtModifier, BinaryOp, Expr, ValueType, VectorMatching } from './ast';
import { PromQLError } from './errors';
import { AGGREGATORS, lex, type Tok } from './lexer';
import { compileLabelRegex, RegexSyntaxError } from './regex';
import { FUNCTIONS, UNSUPPORTED_AGGREGATORS, UNSUPPORTED_FUNCTIONS } from './signatures';

export type { AggregateOp, BinaryOp, Expr, ValueType } from './ast';
export { matcherMatches, type Matcher, type MatchOp } from '../series-source';
export { PromQLError } from './errors';
export { parseDuration } from './lexer';

const PRECEDENCE: Record<string, number> = {
  or: 1,
  and: 2,
  unless: 2,
  '==': 3,
  '!=': 3,
  '>': 3,
  '<': 3,
  '>=': 3,
  '<=': 3,
  '+': 4,
  '-': 4,
  '*': 5,
  '/': 5,
  '%': 5,
  atan2: 5,
  '^': 6,
};
const COMPARISONS = new Set(['==', '!=', '>', '<', '>=', '<=']);
const SET_OPS = new Set(['and', 'or', 'unless']);

/** The type an expression evaluates to (Prometheus's parser-level type check). */
export function typeOf(e: Expr): ValueType {
  switch (e.kind) {
    case 'number':
      return 'scalar';
    case 'string':
      return 'string';
    case 'selector':
      return e.rangeMs === null ? 'vector' : 'matrix';
    case 'subquery':
      return 'matrix';
    case 'call':
      return FUNCTIONS[e.fn]!.returns;
    case 'aggregate':
      return 'vector';
    case 'negate':
      return typeOf(e.expr);
    case 'binary':
      return typeOf(e.lhs) === 'scalar' && typeOf(e.rhs) === 'scalar' ? 'scalar' : 'vector';
  }
}

const TYPE_NAMES: Record<ValueType, string> = { scalar: 'scalar', vector: 'instant vector', matrix: 'range vector', string: 'string' };

export function parsePromQL(src: string): Expr {
  if (src.trim() === '') throw new PromQLError(0, 'empty expression');
  const toks = lex(src);
  let k = 0;
  const peek = () => toks[k]!;
  const next = () => toks[k++]!;
  const isOp = (v: string) => peek().t === 'op' && (peek() as { v: string }).v === v;
  const isKeyword = (v: string) => peek().t === 'keyword' && (peek() as { v: string }).v === v;
  const describe = (t: Tok) => (t.t === 'eof' ? 'end of expression' : t.t === 'duration' ? t.text : JSON.stringify(String(t.v)));
  const expectOp = (v: string) => {
    const t = next();
    if (t.t !== 'op' || t.v !== v) throw new PromQLError(t.p, `expected "${v}", got ${describe(t)}`);
  };
  const expectType = (e: Expr, want: ValueType, what: string) => {
    const got = typeOf(e);
    if (got !== want) throw new PromQLError(e.pos, `expected ${TYPE_NAMES[want]} in ${what}, got ${TYPE_NAMES[got]}`);
  };

  /** A label name: identifiers and keywords alike (`on(by)` is legal). */
  const labelName = (): string => {
    const t = next();
    if (t.t === 'ident') return t.v;
    if (t.t === 'keyword') return src.slice(t.p, t.p + t.v.length);
    if (t.t === 'string') return t.v;
    throw new PromQLError(t.p, `expected a label name, got ${describe(t)}`);
  };

  const labelList = (): string[] => {
    expectOp('(');
    const names: string[] = [];
    while (!isOp(')')) {
      names.push(labelName());
      if (!isOp(')')) expectOp(',');
    }
    expectOp(')');
    return names;
  };

  /** A duration in brackets, after offset, or after @: "5m" or a number of seconds. */
  const duration = (what: string, allowNegative = false): number => {
    let sign = 1;
    if (allowNegative && isOp('-')) {
      next();
      sign = -1;
    }
    const t = next();
    if (t.t === 'duration') return sign * t.v;
    if (t.t === 'number' && Number.isFinite(t.v)) {
      if (t.v <= 0 && !allowNegative) throw new PromQLError(t.p, `${what} must be positive`);
      return sign * Math.round(t.v * 1000);
    }
    throw new PromQLError(t.p, `expected a duration such as 5m for ${what}, got ${describe(t)}`);
  };

  const matchers = (): Matcher[] => {
    expectOp('{');
    const out: Matcher[] = [];
    while (!isOp('}')) {
      const nameTok = peek();
      const name = labelName();
      if (isOp(',') || isOp('}')) {
        // Prometheus 3: a bare quoted name in braces is the metric name ({"my.metric"}).
        if (nameTok.t !== 'string') throw new PromQLError(nameTok.p, `expected =, !=, =~ or !~ after ${name}`);
        out.push({ name: '__name__', op: '=', value: name, re: null });
      } else {
        const opTok = next();
        if (opTok.t !== 'op' || !['=', '!=', '=~', '!~'].includes(opTok.v)) throw new PromQLError(opTok.p, `expected =, !=, =~ or !~ after ${name}`);
        const valTok = next();
        if (valTok.t !== 'string') throw new PromQLError(valTok.p, `expected a quoted label value, got ${describe(valTok)}`);
        const op = opTok.v as MatchOp;
        let re: RegExp | null = null;
        if (op === '=~' || op === '!~') {
          try {
            re = compileLabelRegex(valTok.v);
          } catch (e) {
            if (!(e instanceof RegexSyntaxError) && !(e instanceof SyntaxError)) throw e;
            throw new PromQLError(valTok.p, `invalid regular expression ${JSON.stringify(valTok.v)}: ${(e as Error).message}`);
          }
        }
        out.push({ name, op, value: valTok.v, re });
      }
      if (!isOp('}')) expectOp(',');
    }
    expectOp('}');
    return out;
  };

  const selector = (metricName: string | null, p: number): Expr => {
    const ms: Matcher[] = metricName ? [{ name: '__name__', op: '=', value: metricName, re: null }] : [];
    if (isOp('{')) ms.push(...matchers());
    if (metricName && ms.filter((m) => m.name === '__name__').length > 1) throw new PromQLError(p, `metric name ${metricName} given twice (also as a __name__ matcher)`);
    if (ms.every((m) => matcherMatches(m, ''))) {
      throw new PromQLError(p, 'a selector needs a metric name or a matcher that does not match the empty string');
    }
    return { kind: 'selector', matchers: ms, rangeMs: null, offsetMs: 0, at: null, pos: p };
  };

  /** Postfix: [range], [range:step] (subquery), offset, @ — in any order Prometheus allows. */
  const postfix = (e: Expr): Expr => {
    for (;;) {
      const t = peek();
      if (t.t === 'op' && t.v === '[') {
        next();
        const rangeMs = duration('a range');
        if (isOp(':')) {
          next();
          const stepMs = isOp(']') ? null : duration('a subquery step');
          expectOp(']');
          if (typeOf(e) !== 'vector') throw new PromQLError(t.p, `a subquery needs an instant vector, got ${TYPE_NAMES[typeOf(e)]}`);
          e = { kind: 'subquery', expr: e, rangeMs, stepMs, offsetMs: 0, at: null, pos: e.pos };
          continue;
        }
        expectOp(']');
        if (e.kind !== 'selector' || e.rangeMs !== null) throw new PromQLError(t.p, 'a range [..] needs an instant vector selector such as metric{...}; for other expressions use a subquery [range:step]');
        if (e.offsetMs !== 0 || e.at) throw new PromQLError(t.p, 'write the range before offset and @ (metric[5m] offset 1h)');
        e = { ...e, rangeMs };
        continue;
      }
      if (t.t === 'keyword' && t.v === 'offset') {
        next();
        if (e.kind !== 'selector' && e.kind !== 'subquery') throw new PromQLError(t.p, 'offset must follow a selector or a subquery');
        if (e.offsetMs !== 0) throw new PromQLError(t.p, 'offset given twice');
        const ms = duration('offset', true);
        e = { ...e, offsetMs: ms };
        continue;
      }
      if (t.t === 'op' && t.v === '@') {
        next();
        if (e.kind !== 'selector' && e.kind !== 'subquery') throw new PromQLError(t.p, '@ must follow a selector or a subquery');
        if (e.at) throw new PromQLError(t.p, '@ given twice');
        let at: AtModifier;
        if (isKeyword('start') || isKeyword('end')) {
          at = (next() as { v: 'start' | 'end' }).v;
          expectOp('(');
          expectOp(')');
        } else {
          let sign = 1;
          if (isOp('-') || isOp('+')) sign = (next() as { v: string }).v === '-' ? -1 : 1;
          const n = next();
          if (n.t !== 'number' || !Number.isFinite(n.v)) throw new PromQLError(n.p, `expected a Unix time in seconds, start() or end() after @, got ${describe(n)}`);
          at = { ms: Math.round(sign * n.v * 1000) };
        }
        e = { ...e, at };
        continue;
      }
      return e;
    }
  };

  const aggregate = (t: { v: string; p: number }): Expr => {
    if (t.v in UNSUPPORTED_AGGREGATORS) throw new PromQLError(t.p, `${t.v} ${UNSUPPORTED_AGGREGATORS[t.v]}`);
    let by: string[] | null = null;
    let without: string[] | null = null;
    const grouping = () => {
      if (isKeyword('by')) {
        next();
        by = labelList();
      } else if (isKeyword('without')) {
        next();
        without = labelList();
      }
    };
    grouping();
    expectOp('(');
    const op = t.v as AggregateOp;
    const takesParam = op === 'topk' || op === 'bottomk' || op === 'quantile' || op === 'count_values';
    let param: Expr | null = null;
    if (takesParam) {
      param = expr(0);
      expectType(param, op === 'count_values' ? 'string' : 'scalar', `the first argument of ${op}`);
      expectOp(',');
    }
    const inner = expr(0);
    if (isOp(',')) throw new PromQLError(peek().p, `${op} takes ${takesParam ? 2 : 1} argument(s)`);
    expectOp(')');
    expectType(inner, 'vector', `${op}()`);
    if (by === null && without === null) grouping();
    return { kind: 'aggregate', op, by, without, param, expr: inner, pos: t.p };
  };

  const call = (t: { v: string; p: number }): Expr => {
    if (t.v in UNSUPPORTED_FUNCTIONS) throw new PromQLError(t.p, `${t.v}() ${UNSUPPORTED_FUNCTIONS[t.v]}`);
    const spec = FUNCTIONS[t.v];
    if (!spec) throw new PromQLError(t.p, `unknown function ${t.v}()`);
    next();
    const args: Expr[] = [];
    while (!isOp(')')) {
      args.push(expr(0));
      if (!isOp(')')) expectOp(',');
    }
    expectOp(')');
    const min = spec.args.length - (spec.optional ?? 0);
    if (args.length < min || (!spec.variadic && args.length > spec.args.length)) {
      const count = spec.optional ? `${min} to ${spec.args.length}` : spec.variadic ? `at least ${min}` : `${spec.args.length}`;
      throw new PromQLError(t.p, `${t.v}() takes ${count} argument(s), got ${args.length}`);
    }
    args.forEach((a, i) => {
      const want = spec.args[Math.min(i, spec.args.length - 1)]!;
      const got = typeOf(a);
      if (got === want) return;
      const what = want === 'matrix' ? 'a range selector such as metric[5m] (or a subquery)' : `${TYPE_NAMES[want]}`;
      throw new PromQLError(a.pos, `${t.v}() needs ${what} as argument ${i + 1}, got ${TYPE_NAMES[got]}`);
    });
    return { kind: 'call', fn: t.v, args, pos: t.p };
  };

  const primary = (): Expr => {
    const t = peek();
    if (t.t === 'number') {
      next();
      return { kind: 'number', value: t.v, pos: t.p };
    }
    if (t.t === 'string') {
      next();
      return { kind: 'string', value: t.v, pos: t.p };
    }
    if (t.t === 'duration') throw new PromQLError(t.p, `a duration (${t.text}) is only allowed in a range, a subquery or after offset`);
    if (t.t === 'op' && t.v === '(') {
      next();
      const e = expr(0);
      expectOp(')');
      return e;
    }
    if (t.t === 'op' && t.v === '{') return selector(null, t.p);
    if (t.t === 'keyword') {
      next();
      if (AGGREGATORS.has(t.v) && (isOp('(') || isKeyword('by') || isKeyword('without'))) return aggregate(t);
      throw new PromQLError(t.p, `unexpected keyword ${src.slice(t.p, t.p + t.v.length)}`);
    }
    if (t.t === 'ident') {
      next();
      if (isOp('(')) return call(t);
      return selector(t.v, t.p);
    }
    throw new PromQLError(t.p, `unexpected ${describe(t)}`);
  };

  /** A unary sign binds looser than ^ and tighter than everything else (-2^2 is -4). */
  const unary = (): Expr => {
    const t = peek();
    if (t.t === 'op' && (t.v === '-' || t.v === '+')) {
      next();
      const e = expr(PRECEDENCE['^']!);
      const ty = typeOf(e);
      if (ty !== 'scalar' && ty !== 'vector') throw new PromQLError(t.p, `unary ${t.v} needs a scalar or an instant vector, got ${TYPE_NAMES[ty]}`);
      if (t.v === '+') return e;
      if (e.kind === 'number') return { kind: 'number', value: -e.value, pos: t.p };
      return { kind: 'negate', expr: e, pos: t.p };
    }
    return postfix(primary());
  };

  const binaryOpAt = (): { v: string; p: number } | null => {
    const t = peek();
    if (t.t === 'op' && t.v in PRECEDENCE) return t;
    if (t.t === 'keyword' && (SET_OPS.has(t.v) || t.v === 'atan2')) return t;
    return null;
  };

  const expr = (minPrec: number): Expr => {
    let lhs = unary();
    for (;;) {
      const t = binaryOpAt();
      if (!t) break;
      const prec = PRECEDENCE[t.v]!;
      if (prec < minPrec) break;
      next();
      const op = t.v as BinaryOp;
      let bool = false;
      if (isKeyword('bool')) {
        if (!COMPARISONS.has(op)) throw new PromQLError(peek().p, 'bool is only allowed after a comparison operator');
        next();
        bool = true;
      }
      let matching: VectorMatching | null = null;
      if (isKeyword('on') || isKeyword('ignoring')) {
        const on = (next() as { v: string }).v === 'on';
        matching = { on, labels: labelList(), card: 'one-to-one', include: [] };
        if (isKeyword('group_left') || isKeyword('group_right')) {
          const g = next() as { v: string; p: number };
          if (SET_OPS.has(op)) throw new PromQLError(g.p, `${g.v} is not allowed with the set operator ${op}`);
          matching.card = g.v === 'group_left' ? 'many-to-one' : 'one-to-many';
          if (isOp('(')) matching.include = labelList();
          if (matching.on && matching.include.some((l) => matching!.labels.includes(l))) {
            throw new PromQLError(g.p, `a label cannot be both in on(...) and in ${g.v}(...)`);
          }
        }
      } else if (isKeyword('group_left') || isKeyword('group_right')) {
        throw new PromQLError(peek().p, `${(peek() as { v: string }).v} needs on(...) or ignoring(...) before it`);
      }
      // ^ is right-associative: its right side may hold another ^ at the same level.
      const rhs = expr(op === '^' ? prec : prec + 1);
      const lt = typeOf(lhs);
      const rt = typeOf(rhs);
      for (const [side, ty] of [[lhs, lt], [rhs, rt]] as const) {
        if (ty !== 'scalar' && ty !== 'vector') throw new PromQLError(side.pos, `${op} needs scalars or instant vectors, got ${TYPE_NAMES[ty]}${ty === 'matrix' ? '; wrap it in a function such as rate()' : ''}`);
      }
      if (SET_OPS.has(op) && (lt !== 'vector' || rt !== 'vector')) throw new PromQLError(t.p, `set operator ${op} needs instant vectors on both sides`);
      if (matching && (lt !== 'vector' || rt !== 'vector')) throw new PromQLError(t.p, 'vector matching (on/ignoring) needs instant vectors on both sides');
      if (COMPARISONS.has(op) && lt === 'scalar' && rt === 'scalar' && !bool) throw new PromQLError(t.p, 'comparisons between scalars need the bool modifier');
      lhs = { kind: 'binary', op, lhs, rhs, bool, matching, pos: t.p };
    }
    return lhs;
  };

  const result = expr(0);
  if (peek().t !== 'eof') throw new PromQLError(peek().p, `unexpected ${describe(peek())}`);
  return result;
}
