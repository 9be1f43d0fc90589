// The stretch of raw samples a query reads, so the caller can choose the store that holds it
// (the live rings or the history database) before evaluating.
import type { AtModifier, Expr } from './ast';
import { DEFAULT_SUBQUERY_STEP_MS, LOOKBACK_MS } from './engine';

export interface Span {
  from: number;
  to: number;
}

export function querySpan(expr: Expr, from: number, to: number): Span {
  const start = from;
  const end = to;
  const pin = (at: AtModifier | null, span: Span, offsetMs: number): Span => {
    if (at === null) return { from: span.from - offsetMs, to: span.to - offsetMs };
    const t = (at === 'start' ? start : at === 'end' ? end : at.ms) - offsetMs;
    return { from: t, to: t };
  };
  const walk = (e: Expr, span: Span): Span => {
    switch (e.kind) {
      case 'number':
      case 'string':
        return span;
      case 'selector': {
        const at = pin(e.at, span, e.offsetMs);
        return { from: at.from - (e.rangeMs ?? LOOKBACK_MS), to: at.to };
      }
      case 'subquery': {
        const at = pin(e.at, span, e.offsetMs);
        return walk(e.expr, { from: at.from - e.rangeMs - (e.stepMs ?? DEFAULT_SUBQUERY_STEP_MS), to: at.to });
      }
      case 'call':
        return union(span, e.args.map((a) => walk(a, span)));
      case 'aggregate':
        return union(span, [walk(e.expr, span), ...(e.param ? [walk(e.param, span)] : [])]);
      case 'negate':
        return walk(e.expr, span);
      case 'binary':
        return union(span, [walk(e.lhs, span), walk(e.rhs, span)]);
    }
  };
  return walk(expr, { from, to });
}

function union(base: Span, spans: Span[]): Span {
  return spans.reduce((a, b) => ({ from: Math.min(a.from, b.from), to: Math.max(a.to, b.to) }), base);
}
