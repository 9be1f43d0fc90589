import { describe, expect, it } from 'vitest';
import { parseDuration, parsePromQL } from '../../../src-main/core/promql/parser';

describe('PromQL parser', () => {
  it('parses the reference dashboard and alert expressions', () => {
    for (const q of [
      'sum(rate(http_requests_total[5m]))',
      'sum(rate(http_requests_total{status=~"5.."}[5m])) / sum(rate(http_requests_total[5m]))',
      'histogram_quantile(0.95, rate(http_request_duration_seconds_bucket[5m])) > 1.0',
      'rate(voice_transcription_accuracy_sum[10m]) / rate(voice_transcription_accuracy_count[10m])',
      'sum by (le) (rate(x_bucket[1m]))',
      'sum(rate(x[1m])) by (job)',
      '-1 + 2 * 3',
      "up{job='a'} == bool 0",
    ]) {
      expect(() => parsePromQL(q), q).not.toThrow();
    }
  });

  it('binds * tighter than + and comparisons loosest', () => {
    const e = parsePromQL('a + b * c > 1');
    expect(e).toMatchObject({ kind: 'binary', op: '>', lhs: { kind: 'binary', op: '+', rhs: { kind: 'binary', op: '*' } } });
  });

  it.each([
    ['', 'at position 1: empty expression'],
    ['rate(x)', 'rate() needs a range selector such as metric[5m]'],
    ['rate(x[5q])', 'invalid duration "5q"'],
    ['sum(x', 'expected ")", got end of expression'],
    ['x{a="1"', 'expected'],
    ['x{a=1}', 'expected a quoted label value'],
    ['x{a=~"("}', 'invalid regular expression'],
    ['{a=""}', 'needs a metric name or a matcher that does not match the empty string'],
    ['predict_linear(x[5m], 60)', 'unknown or unsupported function predict_linear()'],
    ['a and b', 'and is not supported'],
    ['x $ y', 'unexpected character "$"'],
  ])('refuses %j: %s', (q, message) => {
    expect(() => parsePromQL(q)).toThrow(message);
  });

  it('reads compound durations', () => {
    expect(parseDuration('1m30s')).toBe(90_000);
    expect(parseDuration('500ms')).toBe(500);
    expect(() => parseDuration('5')).toThrow(/invalid duration/);
  });
});
