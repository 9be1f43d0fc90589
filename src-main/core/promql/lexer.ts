// Splits PromQL text into tokens. Keywords are case-insensitive (SUM, AND, BY, OFFSET), as in
// Prometheus; function and metric names are not. Durations such as 1h30m are tokens of their own
// so that the parser can tell `x[5m]` from `x[300]` (a unitless range is seconds).
import { DurationError, parseDuration as parseDurationText } from '../../shared/duration';
import { PromQLError } from './errors';

export type Tok =
  | { t: 'ident'; v: string; p: number }
  | { t: 'keyword'; v: string; p: number }
  | { t: 'number'; v: number; p: number }
  | { t: 'duration'; v: number; p: number; text: string }
  | { t: 'string'; v: string; p: number }
  | { t: 'op'; v: string; p: number }
  | { t: 'eof'; p: number };

export const AGGREGATORS = new Set(['sum', 'avg', 'min', 'max', 'count', 'group', 'stddev', 'stdvar', 'topk', 'bottomk', 'quantile', 'count_values', 'limitk', 'limit_ratio']);
const KEYWORDS = new Set([...AGGREGATORS, 'and', 'or', 'unless', 'atan2', 'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'offset', 'start', 'end']);

/** Milliseconds of a duration such as 1h30m (the shared reader), as a positioned query error. */
export function parseDuration(text: string, position = 0): number {
  try {
    return parseDurationText(text);
  } catch (err) {
    if (err instanceof DurationError) throw new PromQLError(position, err.message);
    throw err;
  }
}

/** Go's string escapes, which PromQL uses in single- and double-quoted strings. */
function unescape(src: string, start: number, quote: string): { value: string; end: number } {
  let j = start + 1;
  let v = '';
  const simple: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', "'": "'", '"': '"' };
  while (j < src.length && src[j] !== quote) {
    if (src[j] === '\n' && quote !== '`') throw new PromQLError(start, 'unterminated string: newline inside quotes');
    if (src[j] !== '\\' || quote === '`') {
      v += src[j++];
      continue;
    }
    const n = src[j + 1] ?? '';
    if (n in simple) {
      v += simple[n];
      j += 2;
      continue;
    }
    const hex = n === 'x' ? 2 : n === 'u' ? 4 : n === 'U' ? 8 : 0;
    if (hex > 0 && new RegExp(`^[0-9a-fA-F]{${hex}}$`).test(src.slice(j + 2, j + 2 + hex))) {
      v += String.fromCodePoint(parseInt(src.slice(j + 2, j + 2 + hex), 16));
      j += 2 + hex;
      continue;
    }
    if (/^[0-7]{3}$/.test(src.slice(j + 1, j + 4))) {
      v += String.fromCharCode(parseInt(src.slice(j + 1, j + 4), 8));
      j += 4;
      continue;
    }
    throw new PromQLError(j, `unknown escape sequence \\${n} in string`);
  }
  if (j >= src.length) throw new PromQLError(start, 'unterminated string');
  return { value: v, end: j + 1 };
}

export function lex(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  // Inside [...] a colon separates a subquery's range and step; elsewhere it may start a name.
  let inBrackets = false;
  while (i < src.length) {
    const c = src[i]!;
    if (c === '[' || c === ']') inBrackets = c === '[';
    if (c === ':' && inBrackets) {
      out.push({ t: 'op', v: ':', p: i++ });
      continue;
    }
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '#') {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    const p = i;
    if (c === '"' || c === "'" || c === '`') {
      const { value, end } = unescape(src, i, c);
      out.push({ t: 'string', v: value, p });
      i = end;
      continue;
    }
    const rest = src.slice(i);
    const dur = /^(?:\d+(?:ms|s|m|h|d|w|y))+(?![a-zA-Z0-9_])/.exec(rest);
    if (dur) {
      out.push({ t: 'duration', v: parseDuration(dur[0], p), p, text: dur[0] });
      i += dur[0].length;
      continue;
    }
    const num = /^(?:0[xX][0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)/.exec(rest);
    if (num) {
      if (/[a-zA-Z_]/.test(src[i + num[0].length] ?? '')) throw new PromQLError(p, `invalid number or duration ${JSON.stringify(/^[\w.:]+/.exec(rest)![0])}`);
      out.push({ t: 'number', v: Number(num[0]), p });
      i += num[0].length;
      continue;
    }
    const ident = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(rest);
    if (ident) {
      const word = ident[0];
      const lower = word.toLowerCase();
      if (lower === 'inf' || lower === 'nan') out.push({ t: 'number', v: lower === 'inf' ? Infinity : NaN, p });
      else if (KEYWORDS.has(lower)) out.push({ t: 'keyword', v: lower, p });
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
    if ('(){}[],=+-*/%^<>:@'.includes(c)) {
      out.push({ t: 'op', v: c, p });
      i++;
      continue;
    }
    throw new PromQLError(i, `unexpected character ${JSON.stringify(c)}`);
  }
  out.push({ t: 'eof', p: src.length });
  return out;
}
