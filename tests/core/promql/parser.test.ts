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
    ['rate(x)', 'at position 6: rate() needs a range selector such as metric[5m] (or a subquery) as argument 1, got instant vector'],
    ['rate(x[5q])', 'at position 8: invalid number or duration "5q"'],
    ['sum(x', 'expected ")", got end of expression'],
    ['x{a="1"', 'expected'],
    ['x{a=1}', 'expected a quoted label value'],
    ['x{a=~"("}', 'invalid regular expression'],
    ['{a=""}', 'needs a metric name or a matcher that does not match the empty string'],
    ['nosuch(x)', 'at position 1: unknown function nosuch()'],
    ['holt_winters(x[5m], 0.5, 0.5)', 'at position 1: holt_winters() was removed in Prometheus 3'],
    ['histogram_count(x)', 'at position 1: histogram_count() works on native histograms'],
    ['limitk(2, x)', 'at position 1: limitk is experimental'],
    ['1 and 2', 'at position 3: set operator and needs instant vectors on both sides'],
    ['(a + b) offset 5m', 'at position 9: offset must follow a selector or a subquery'],
    ['rate(x[5m]) @ 100', 'at position 13: @ must follow a selector or a subquery'],
    ['x offset 1m offset 2m', 'at position 13: offset given twice'],
    ['sum(x) [5m]', 'at position 8: a range [..] needs an instant vector selector'],
    ['x[5m][1m:]', 'at position 6: a subquery needs an instant vector, got range vector'],
    ['1 > 2', 'at position 3: comparisons between scalars need the bool modifier'],
    ['a + bool b', 'at position 5: bool is only allowed after a comparison operator'],
    ['a * group_left b', 'at position 5: group_left needs on(...) or ignoring(...) before it'],
    ['a and on(x) group_left b', 'at position 13: group_left is not allowed with the set operator and'],
    ['x + 5m', 'at position 5: a duration (5m) is only allowed in a range, a subquery or after offset'],
    ['x[1m30]', 'at position 3: invalid number or duration'],
    ['x{a=~"a(?U)b"}', 'at position 6: invalid regular expression "a(?U)b": the U (ungreedy) flag is not supported'],
    ['topk(x)', 'at position 6: expected scalar in the first argument of topk, got instant vector'],
    ['count_values(1, x)', 'at position 14: expected string in the first argument of count_values, got scalar'],
    ['label_replace(x, "a", "b", "c")', 'at position 1: label_replace() takes 5 argument(s), got 4'],
    ['"a" + 1', 'at position 1: + needs scalars or instant vectors, got string'],
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
