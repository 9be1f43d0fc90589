import { describe, expect, it } from 'vitest';
import { InputError } from '../../src-main/shared/errors';
import { checked, rangeQueryInput } from '../../src-main/shared/inputs';

const parseRangeQuery = (raw: unknown) => checked(rangeQueryInput, raw);

describe('range query input', () => {
  it('accepts objects from IPC and strings from a URL alike', () => {
    expect(parseRangeQuery({ series: ['a_total', 'b:c'], from: 1, to: 2 })).toEqual({ series: ['a_total', 'b:c'], from: 1, to: 2, maxPoints: 1000 });
    expect(parseRangeQuery({ series: 'a_total', from: '1', to: '2', maxPoints: '300' })).toEqual({ series: ['a_total'], from: 1, to: 2, maxPoints: 300 });
    expect(parseRangeQuery({ series: ['up{target="a,b"}'], from: 1, to: 2 }).series).toEqual(['up{target="a,b"}']);
  });

  it.each([
    [null, 'query must be an object'],
    [{ from: 1, to: 2 }, 'series must list at least one series id'],
    [{ series: ['ok'], from: 'x', to: 2 }, 'from must be a time in milliseconds since the epoch, got "x"'],
    [{ series: ['ok'], from: 1, to: -5 }, 'to must be a time in milliseconds since the epoch, got -5'],
    [{ series: ['ok'], from: 1, to: Infinity }, 'to must be a time'],
    [{ series: ['ok'], from: 3, to: 2 }, 'from (3) is after to (2)'],
    [{ series: ['up{target="x"'], from: 1, to: 2 }, 'series id "up{target=\\"x\\"" is not a valid metric name'],
    [{ series: ['ok'], from: 1, to: 2, maxPoints: 5 }, 'maxPoints must be a whole number from 10 to 20000, got 5'],
    [{ series: ['1abc'], from: 1, to: 2 }, 'series id "1abc" is not a valid metric name with optional {labels}'],
    [{ series: [7], from: 1, to: 2 }, 'series id 7 is not a valid metric name'],
    [{ series: Array.from({ length: 65 }, (_, i) => `s${i}`), from: 1, to: 2 }, 'series lists 65 ids; at most 64 per query'],
  ])('rejects %j: %s', (input, message) => {
    expect(() => parseRangeQuery(input)).toThrow(InputError);
    expect(() => parseRangeQuery(input)).toThrow(message);
  });
});
