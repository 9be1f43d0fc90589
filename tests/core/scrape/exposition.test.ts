import { Counter, Gauge, Histogram, Registry, Summary, type OpenMetricsContentType } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { decodeExposition, ExpositionError, parseExposition, parseLabels, type ExpositionFormat, type MetricType } from '../../../src-main/core/scrape/exposition';

interface Parsed {
  samples: { name: string; labels: Record<string, string>; value: number; ts: number | null }[];
  families: Record<string, { type: MetricType; help: string | null; unit: string | null }>;
}

function parse(text: string, format: ExpositionFormat = 'text'): Parsed {
  const out: Parsed = { samples: [], families: {} };
  parseExposition(text, format, {
    sample: (name, raw, value, ts) => out.samples.push({ name, labels: parseLabels(raw), value, ts }),
    family: (name, type, help, unit) => (out.families[name] = { type, help, unit }),
  });
  return out;
}

/** A registry with every metric type, filled the way an app would. */
function filledRegistry(openMetrics: boolean) {
  const registry = new Registry<OpenMetricsContentType>();
  if (openMetrics) registry.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
  const registers = [registry as unknown as Registry];
  const c = new Counter({ name: 'jobs_total', help: 'Jobs done, with "quotes" and a \\ backslash', labelNames: ['queue', 'note'], registers, enableExemplars: openMetrics });
  const fast = { queue: 'fast', note: 'line1\nline2 "q" \\' };
  if (openMetrics) {
    // With exemplars on, prom-client takes one object per increment.
    const withExemplar = c.inc as unknown as (x: { labels: Record<string, string>; value: number; exemplarLabels?: Record<string, string> }) => void;
    withExemplar.call(c, { labels: fast, value: 3 });
    withExemplar.call(c, { labels: { queue: 'slow', note: '' }, value: 2, exemplarLabels: { trace_id: 'abc123' } });
  } else {
    c.inc(fast, 3);
    c.inc({ queue: 'slow', note: '' }, 2);
  }
  new Gauge({ name: 'temperature_celsius', help: 'Temp', registers }).set(-12.5);
  const h = new Histogram({ name: 'latency_seconds', help: 'Latency', buckets: [0.1, 1], labelNames: ['path'], registers });
  h.observe({ path: '/a' }, 0.05);
  h.observe({ path: '/a' }, 0.5);
  h.observe({ path: '/a' }, 5);
  const s = new Summary({ name: 'size_bytes', help: 'Size', percentiles: [0.5, 0.9], registers });
  s.observe(10);
  s.observe(20);
  return registry;
}

describe('exposition parser', () => {
  it('reads everything prom-client writes in the text format 0.0.4', async () => {
    const p = parse(await filledRegistry(false).metrics());
    expect(p.families.jobs_total).toEqual({ type: 'counter', help: 'Jobs done, with "quotes" and a \\ backslash', unit: null });
    expect(p.families.latency_seconds!.type).toBe('histogram');
    expect(p.families.size_bytes!.type).toBe('summary');
    const jobs = p.samples.filter((s) => s.name === 'jobs_total');
    expect(jobs).toEqual([
      { name: 'jobs_total', labels: { queue: 'fast', note: 'line1\nline2 "q" \\' }, value: 3, ts: null },
      { name: 'jobs_total', labels: { queue: 'slow', note: '' }, value: 2, ts: null },
    ]);
    expect(p.samples.find((s) => s.name === 'temperature_celsius')!.value).toBe(-12.5);
    const buckets = p.samples.filter((s) => s.name === 'latency_seconds_bucket').map((s) => [s.labels.le, s.value]);
    expect(buckets).toEqual([['0.1', 1], ['1', 2], ['+Inf', 3]]);
    expect(p.samples.find((s) => s.name === 'size_bytes' && s.labels.quantile === '0.5')!.value).toBe(15);
  });

  it('reads prom-client OpenMetrics output, exemplars included, and requires # EOF', async () => {
    const text = await filledRegistry(true).metrics();
    expect(text).toContain('# {trace_id="abc123"}');
    const p = parse(text, 'openmetrics');
    expect(p.samples.filter((s) => s.name === 'jobs_total').map((s) => s.value)).toEqual([3, 2]);
    expect(() => parse(text.replace('# EOF\n', '').replace('# EOF', ''), 'openmetrics')).toThrow(/does not end with "# EOF"/);
  });

  it('handles special values, timestamps, CRLF, comments and blank lines', () => {
    const p = parse('# a comment\r\n\r\nm{a="1"} +Inf 1700000000000\r\nm{a="2"} -Inf\nm{a="3"} NaN\nm{a="4",} 1e-3\n  m2 7\n');
    expect(p.samples.map((s) => [s.labels.a ?? null, s.value, s.ts])).toEqual([
      ['1', Infinity, 1700000000000],
      ['2', -Infinity, null],
      ['3', NaN, null],
      ['4', 0.001, null],
      [null, 7, null],
    ]);
    expect(parse('m 1 1.5\n# EOF\n', 'openmetrics').samples[0]!.ts).toBe(1500);
  });

  it.each([
    ['m{a="1"} 1\nm{a="2" 2\n', 2, 'expected "," or "}" after label value'],
    ['m 1\nm{a=1} 2', 2, 'label value must be in double quotes'],
    ['m 1\n\nm{a="x\\q"} 2', 3, 'invalid escape "\\q" in label value'],
    ['m abc', 1, 'invalid value "abc" for m'],
    ['m 0x10', 1, 'invalid value "0x10" for m'],
    ['m', 1, 'missing value for m'],
    ['9m 1', 1, 'invalid metric name starting with "9"'],
    ['m 1 12.5', 1, 'invalid timestamp "12.5" for m'],
    ['m 1 2 3', 1, 'unexpected text "3" after value'],
    ['# TYPE m countr\nm 1', 1, 'unknown metric type "countr" for m'],
    ['m{a="1', 1, 'unterminated label value'],
    ['m{1a="1"} 1', 1, 'invalid label name starting with "1"'],
  ])('reports the first bad line of %j: line %d, %s', (text, line, reason) => {
    try {
      parse(text);
      expect.unreachable('should have thrown');
    } catch (err) {
      expect(err).toBeInstanceOf(ExpositionError);
      expect((err as ExpositionError).line).toBe(line);
      expect((err as ExpositionError).reason).toContain(reason);
    }
  });

  it('is stricter in OpenMetrics: no blank lines, no unknown comments, nothing after # EOF', () => {
    expect(() => parse('m 1\n\n# EOF\n', 'openmetrics')).toThrow(/line 2: empty line/);
    expect(() => parse('# hello\n# EOF\n', 'openmetrics')).toThrow(/line 1: unknown comment/);
    expect(() => parse('# EOF\nm 1\n', 'openmetrics')).toThrow(/line 2: content after "# EOF"/);
  });

  it('survives 10k mutated expositions: it parses or names a line, never hangs or crashes', async () => {
    const seeds = [await filledRegistry(false).metrics(), await filledRegistry(true).metrics()];
    const alphabet = '{}",=\\\n #+-.eE0123456789abcInfNaN_:\t\r';
    let seed = 12345;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    let failures = 0;
    let slowest = 0;
    for (let i = 0; i < 10_000; i++) {
      const base = seeds[i % 2]!;
      const chars = [...base];
      for (let k = 0, n = 1 + rand(8); k < n; k++) {
        const at = rand(chars.length);
        const op = rand(3);
        if (op === 0) chars.splice(at, 1);
        else if (op === 1) chars.splice(at, 0, alphabet[rand(alphabet.length)]!);
        else chars[at] = alphabet[rand(alphabet.length)]!;
      }
      const text = chars.join('');
      const started = performance.now();
      try {
        parse(text, i % 2 ? 'openmetrics' : 'text');
      } catch (err) {
        expect(err).toBeInstanceOf(ExpositionError);
        const e = err as ExpositionError;
        expect(e.line).toBeGreaterThanOrEqual(1);
        expect(e.line).toBeLessThanOrEqual(text.split('\n').length);
        failures++;
      }
      slowest = Math.max(slowest, performance.now() - started);
    }
    expect(failures).toBeGreaterThan(1000);
    expect(slowest).toBeLessThan(100);
  });
});

describe('exposition bytes', () => {
  it('decodes valid UTF-8, multi-byte characters included', () => {
    expect(decodeExposition(Buffer.from('a{city="Zürich",emoji="🙂"} 1\n'))).toBe('a{city="Zürich",emoji="🙂"} 1\n');
  });

  it('refuses invalid UTF-8 with the line: a stray byte, a truncated sequence, an overlong form', () => {
    for (const [bytes, line] of [
      [[0x61, 0x20, 0x31, 0x0a, 0x62, 0xff, 0x20, 0x32], 2],
      [[0x61, 0x7b, 0x78, 0x3d, 0x22, 0xe2, 0x82, 0x22, 0x7d, 0x20, 0x31], 1],
      [[0x0a, 0x0a, 0xc0, 0xaf, 0x20, 0x31], 3],
    ] as const) {
      const err = (() => {
        try {
          decodeExposition(Uint8Array.from(bytes));
        } catch (e) {
          return e;
        }
      })();
      expect(err).toBeInstanceOf(ExpositionError);
      expect((err as ExpositionError).line).toBe(line);
      expect((err as ExpositionError).reason).toMatch(/^invalid UTF-8/);
    }
  });
});
