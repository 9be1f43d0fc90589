// Parser for the Prometheus text exposition format 0.0.4 and OpenMetrics 1.0.
//
// Built for the scrape hot path: one pass over the text with charCodeAt, no regular expressions
// per line, and labels handed over as the raw text between the braces. Callers turn a raw label
// text into a label map only the first time they see it (see series-cache.ts), the way
// Prometheus caches series by their exposition text.
import { isUtf8 } from 'node:buffer';

export type MetricType = 'counter' | 'gauge' | 'histogram' | 'gaugehistogram' | 'summary' | 'info' | 'stateset' | 'untyped' | 'unknown';

export type ExpositionFormat = 'text' | 'openmetrics';

export interface ExpositionVisitor {
  /**
   * `labels` is the raw, already validated text between `{` and `}` ('' when none); `key` is the
   * series as written (`name{labels}`), a ready-made cache key.
   */
  sample(name: string, labels: string, value: number, timestampMs: number | null, key: string): void;
  family?(name: string, type: MetricType, help: string | null, unit: string | null): void;
}

export class ExpositionError extends Error {
  override name = 'ExpositionError';
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(`line ${line}: ${reason}`);
  }
}

/**
 * The body as text. Both formats are UTF-8 and Prometheus fails a scrape that is not, naming the
 * line; decoding leniently would store U+FFFD in names and label values without a word.
 */
export function decodeExposition(body: Uint8Array): string {
  if (isUtf8(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  let start = 0;
  for (let line = 1; ; line++) {
    const nl = body.indexOf(0x0a, start);
    const end = nl === -1 ? body.length : nl;
    const bytes = body.subarray(start, end);
    if (!isUtf8(bytes)) {
      const shown = Buffer.from(bytes.subarray(0, 200)).toString('utf8');
      throw new ExpositionError(line, `invalid UTF-8 (shown as \uFFFD): ${JSON.stringify(shown)}`);
    }
    start = end + 1;
  }
}

const TYPES = new Set<string>(['counter', 'gauge', 'histogram', 'gaugehistogram', 'summary', 'info', 'stateset', 'untyped', 'unknown']);

const C_HASH = 35;
const C_SPACE = 32;
const C_TAB = 9;
const C_LBRACE = 123;
const C_RBRACE = 125;
const C_QUOTE = 34;
const C_BACKSLASH = 92;
const C_COMMA = 44;
const C_EQ = 61;

function isNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 58;
}
function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57);
}
function isLabelStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}
function isLabelChar(c: number): boolean {
  return isLabelStart(c) || (c >= 48 && c <= 57);
}

/** Parses a float the way Go's ParseFloat does for exposition values (no hex, no junk). */
export function parseValue(token: string): number {
  const n = token.length;
  if (n === 0) return NaN;
  let ok = true;
  for (let i = 0; i < n; i++) {
    const c = token.charCodeAt(i);
    // digits . e E + -
    if (!((c >= 48 && c <= 57) || c === 46 || c === 101 || c === 69 || c === 43 || c === 45)) {
      ok = false;
      break;
    }
  }
  if (ok) {
    const v = Number(token);
    return v;
  }
  switch (token.toLowerCase()) {
    case 'nan':
      return Number.NaN;
    case '+inf':
    case 'inf':
    case '+infinity':
    case 'infinity':
      return Infinity;
    case '-inf':
    case '-infinity':
      return -Infinity;
  }
  return Number.NaN;
}

function isValidValue(token: string, value: number): boolean {
  if (!Number.isNaN(value)) return true;
  return token.toLowerCase() === 'nan';
}

/**
 * Finds backslashes without rescanning: the position of the next one only ever moves forward,
 * so a text with rare backslashes costs one pass in total, not one per label value.
 */
class BackslashIndex {
  private next: number;
  constructor(private readonly text: string) {
    this.next = text.indexOf('\\');
  }
  /** First backslash at or after `from`, or -1. */
  from(from: number): number {
    if (this.next !== -1 && this.next < from) this.next = this.text.indexOf('\\', from);
    return this.next;
  }
}

/**
 * Scans the label block starting just after `{` at `start`; returns the index of the closing `}`.
 * Throws with the reason when the block is malformed.
 */
function scanLabels(text: string, start: number, end: number, line: number, backslashes: BackslashIndex): number {
  let i = start;
  for (;;) {
    while (i < end && (text.charCodeAt(i) === C_SPACE || text.charCodeAt(i) === C_TAB)) i++;
    if (i >= end) throw new ExpositionError(line, 'unterminated label set: missing "}"');
    let c = text.charCodeAt(i);
    if (c === C_RBRACE) return i;
    if (!isLabelStart(c)) throw new ExpositionError(line, `invalid label name starting with ${JSON.stringify(text[i])}`);
    i++;
    while (i < end && isLabelChar(text.charCodeAt(i))) i++;
    while (i < end && text.charCodeAt(i) === C_SPACE) i++;
    if (text.charCodeAt(i) !== C_EQ) throw new ExpositionError(line, `expected "=" after label name ${JSON.stringify(labelNameBefore(text, i))}`);
    i++;
    while (i < end && text.charCodeAt(i) === C_SPACE) i++;
    if (text.charCodeAt(i) !== C_QUOTE) throw new ExpositionError(line, 'label value must be in double quotes');
    i++;
    // The closing quote is the first one not escaped; escapes are checked where they occur.
    for (;;) {
      const quote = text.indexOf('"', i);
      if (quote === -1 || quote >= end) throw new ExpositionError(line, 'unterminated label value: missing closing quote');
      const bs = backslashes.from(i);
      if (bs === -1 || bs > quote) {
        i = quote;
        break;
      }
      const next = text.charCodeAt(bs + 1);
      if (next !== C_BACKSLASH && next !== C_QUOTE && next !== 110 /* n */) {
        throw new ExpositionError(line, `invalid escape "\\${bs + 1 < end ? text[bs + 1] : ''}" in label value`);
      }
      i = bs + 2;
    }
    i++;
    while (i < end && text.charCodeAt(i) === C_SPACE) i++;
    c = text.charCodeAt(i);
    if (c === C_COMMA) {
      i++;
      continue;
    }
    if (c === C_RBRACE) return i;
    throw new ExpositionError(line, `expected "," or "}" after label value, got ${JSON.stringify(i < end ? text[i] : 'end of line')}`);
  }
}

function labelNameBefore(text: string, i: number): string {
  let s = i;
  while (s > 0 && isLabelChar(text.charCodeAt(s - 1))) s--;
  return text.slice(s, i);
}

/**
 * Parses a whole exposition, calling the visitor for every family header and sample.
 * Throws ExpositionError at the first malformed line.
 */
export function parseExposition(text: string, format: ExpositionFormat, visitor: ExpositionVisitor): void {
  const om = format === 'openmetrics';
  const len = text.length;
  const families = new Map<string, { type: MetricType; help: string | null; unit: string | null }>();
  let pos = 0;
  let line = 0;
  let sawEof = false;
  const backslashes = new BackslashIndex(text);

  while (pos < len) {
    line++;
    let end = text.indexOf('\n', pos);
    if (end < 0) end = len;
    const lineStart = pos;
    pos = end + 1;
    if (sawEof) throw new ExpositionError(line, 'content after "# EOF"');
    let lineEnd = end;
    if (lineEnd > lineStart && text.charCodeAt(lineEnd - 1) === 13) lineEnd--; // tolerate CRLF
    if (lineEnd === lineStart) {
      if (om) throw new ExpositionError(line, 'empty line (not allowed in OpenMetrics)');
      continue;
    }

    let i = lineStart;
    const first = text.charCodeAt(i);
    if (first === C_HASH) {
      const body = text.slice(i + 1, lineEnd).trimStart();
      if (om && body === 'EOF') {
        sawEof = true;
        continue;
      }
      const sp = body.indexOf(' ');
      const keyword = sp < 0 ? body : body.slice(0, sp);
      if (keyword !== 'HELP' && keyword !== 'TYPE' && keyword !== 'UNIT') {
        if (om) throw new ExpositionError(line, `unknown comment "# ${keyword}" (OpenMetrics allows only HELP, TYPE, UNIT and EOF)`);
        continue;
      }
      const rest = sp < 0 ? '' : body.slice(sp + 1).trimStart();
      const sp2 = rest.indexOf(' ');
      const name = sp2 < 0 ? rest : rest.slice(0, sp2);
      const arg = sp2 < 0 ? '' : rest.slice(sp2 + 1);
      if (!name || !isNameStart(name.charCodeAt(0)) || ![...name].every((ch) => isNameChar(ch.charCodeAt(0)))) {
        throw new ExpositionError(line, `invalid metric name ${JSON.stringify(name)} in # ${keyword}`);
      }
      const meta = families.get(name) ?? { type: 'untyped' as MetricType, help: null as string | null, unit: null as string | null };
      if (keyword === 'HELP') {
        meta.help = unescapeHelp(arg);
      } else if (keyword === 'UNIT') {
        meta.unit = arg.trim();
      } else {
        const type = arg.trim();
        if (!TYPES.has(type)) throw new ExpositionError(line, `unknown metric type ${JSON.stringify(type)} for ${name}`);
        meta.type = type as MetricType;
      }
      families.set(name, meta);
      visitor.family?.(name, meta.type, meta.help, meta.unit);
      continue;
    }

    // Sample line: name [{labels}] value [timestamp] [# exemplar]
    if (first === C_SPACE || first === C_TAB) {
      while (i < lineEnd && (text.charCodeAt(i) === C_SPACE || text.charCodeAt(i) === C_TAB)) i++;
      if (i === lineEnd) continue; // whitespace-only line
      if (om) throw new ExpositionError(line, 'leading whitespace');
    }
    if (!isNameStart(text.charCodeAt(i))) throw new ExpositionError(line, `invalid metric name starting with ${JSON.stringify(text[i])}`);
    const nameStart = i;
    i++;
    while (i < lineEnd && isNameChar(text.charCodeAt(i))) i++;
    const name = text.slice(nameStart, i);
    let labels = '';
    if (text.charCodeAt(i) === C_LBRACE) {
      const close = scanLabels(text, i + 1, lineEnd, line, backslashes);
      labels = text.slice(i + 1, close);
      i = close + 1;
    }
    const key = labels === '' ? name : text.slice(nameStart, i);
    const c = text.charCodeAt(i);
    if (c !== C_SPACE && c !== C_TAB) {
      throw new ExpositionError(line, i >= lineEnd ? `missing value for ${name}` : `unexpected ${JSON.stringify(text[i])} after metric name ${name}`);
    }
    while (i < lineEnd && (text.charCodeAt(i) === C_SPACE || text.charCodeAt(i) === C_TAB)) i++;
    let tokEnd = i;
    while (tokEnd < lineEnd && text.charCodeAt(tokEnd) !== C_SPACE && text.charCodeAt(tokEnd) !== C_TAB) tokEnd++;
    const valueToken = text.slice(i, tokEnd);
    if (valueToken === '') throw new ExpositionError(line, `missing value for ${name}`);
    const value = parseValue(valueToken);
    if (!isValidValue(valueToken, value)) throw new ExpositionError(line, `invalid value ${JSON.stringify(valueToken)} for ${name}`);
    i = tokEnd;
    while (i < lineEnd && (text.charCodeAt(i) === C_SPACE || text.charCodeAt(i) === C_TAB)) i++;
    let timestampMs: number | null = null;
    if (i < lineEnd && text.charCodeAt(i) !== C_HASH) {
      let tsEnd = i;
      while (tsEnd < lineEnd && text.charCodeAt(tsEnd) !== C_SPACE) tsEnd++;
      const tsToken = text.slice(i, tsEnd);
      const ts = Number(tsToken);
      if (tsToken === '' || !Number.isFinite(ts) || (!om && !Number.isInteger(ts))) {
        throw new ExpositionError(line, `invalid timestamp ${JSON.stringify(tsToken)} for ${name}`);
      }
      // Text format: milliseconds. OpenMetrics: seconds, possibly fractional.
      timestampMs = om ? Math.round(ts * 1000) : ts;
      i = tsEnd;
      while (i < lineEnd && text.charCodeAt(i) === C_SPACE) i++;
    }
    if (i < lineEnd) {
      // Exemplars (OpenMetrics `# {labels} value [ts]`) are accepted and not kept.
      if (text.charCodeAt(i) !== C_HASH) throw new ExpositionError(line, `unexpected text ${JSON.stringify(text.slice(i, Math.min(lineEnd, i + 20)))} after value`);
      if (om) {
        let j = i + 1;
        while (j < lineEnd && text.charCodeAt(j) === C_SPACE) j++;
        if (text.charCodeAt(j) !== C_LBRACE) throw new ExpositionError(line, 'exemplar must start with "{"');
        const close = scanLabels(text, j + 1, lineEnd, line, backslashes);
        const ex = text.slice(close + 1, lineEnd).trim().split(/\s+/);
        if (ex[0] === undefined || ex[0] === '' || !isValidValue(ex[0], parseValue(ex[0]))) throw new ExpositionError(line, 'exemplar has no valid value');
      }
    }
    visitor.sample(name, labels, value, timestampMs, key);
  }
  if (om && !sawEof) throw new ExpositionError(line, 'OpenMetrics exposition does not end with "# EOF"');
}

function unescapeHelp(s: string): string {
  if (!s.includes('\\')) return s;
  return s.replace(/\\(\\|n)/g, (_m, ch: string) => (ch === 'n' ? '\n' : '\\'));
}

/** Turns validated raw label text (`a="1",b="x\\"y"`) into a map. */
export function parseLabels(raw: string): Record<string, string> {
  const out: Record<string, string> = {};
  const len = raw.length;
  const hasEscapes = raw.includes('\\');
  let i = 0;
  while (i < len) {
    let c = raw.charCodeAt(i);
    while (c === C_SPACE || c === C_COMMA || c === C_TAB) c = raw.charCodeAt(++i);
    if (i >= len) break;
    const eq = raw.indexOf('=', i);
    const name = raw.slice(i, eq).trimEnd();
    const open = raw.indexOf('"', eq) + 1;
    if (!hasEscapes) {
      const close = raw.indexOf('"', open);
      out[name] = raw.slice(open, close);
      i = close + 1;
      continue;
    }
    let value = '';
    let seg = open;
    let j = open;
    for (;;) {
      c = raw.charCodeAt(j);
      if (c === C_QUOTE) break;
      if (c === C_BACKSLASH) {
        const next = raw.charCodeAt(j + 1);
        value += raw.slice(seg, j) + (next === 110 ? '\n' : String.fromCharCode(next));
        j += 2;
        seg = j;
        continue;
      }
      j++;
    }
    out[name] = value + raw.slice(seg, j);
    i = j + 1;
  }
  return out;
}
