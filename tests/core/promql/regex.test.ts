// Label matchers are RE2, anchored, with `.` matching newlines; the JavaScript translation must
// accept what users copy from Prometheus rule files and match the same strings.
import { describe, expect, it } from 'vitest';
import { compileLabelRegex } from '../../../src-main/core/promql/regex';

const matches = (re: string, s: string) => compileLabelRegex(re).test(s);

describe('RE2 label regexes', () => {
  it('are fully anchored and let . match a newline', () => {
    expect(matches('api', 'api')).toBe(true);
    expect(matches('api', 'my-api')).toBe(false);
    expect(matches('a.b', 'a\nb')).toBe(true);
    expect(matches('a|b', 'b')).toBe(true);
  });

  it('(?i) applies to the rest of its group, as in RE2', () => {
    expect(matches('(?i)get', 'GeT')).toBe(true);
    expect(matches('x(?i)get', 'XGET')).toBe(false);
    expect(matches('x(?i)get', 'xGET')).toBe(true);
    expect(matches('(a(?i)b)c', 'aBc')).toBe(true);
    expect(matches('(a(?i)b)c', 'aBC')).toBe(false);
    expect(matches('(?i)a|b', 'B')).toBe(true);
    expect(matches('(?i:a)b', 'Ab')).toBe(true);
  });

  it('named groups, \\A, \\z, \\Q...\\E and POSIX classes', () => {
    expect(matches('(?P<host>[a-z]+):(?P<port>\\d+)', 'web:80')).toBe(true);
    expect(matches('\\Aab\\z', 'ab')).toBe(true);
    expect(matches('\\Q1.5+\\E', '1.5+')).toBe(true);
    expect(matches('\\Q1.5+\\E', '105')).toBe(false);
    expect(matches('[[:digit:]]+[[:alpha:]]', '42x')).toBe(true);
  });

  it('refuses what it cannot translate, by name', () => {
    expect(() => compileLabelRegex('a(?U)b*')).toThrow('the U (ungreedy) flag is not supported');
    expect(() => compileLabelRegex('\\C')).toThrow('\\C (any byte) is not supported');
    expect(() => compileLabelRegex('[[:nope:]]')).toThrow('POSIX class [:nope:] is not supported');
    expect(() => compileLabelRegex('(a')).toThrow();
  });
});
