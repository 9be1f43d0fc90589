// Operators and aggregations as the Prometheus documentation defines them.
import { describe, expect, it } from 'vitest';
import { evaluateInstant } from '../../../src-main/core/promql/evaluate';
import { all, at, one, storeWith } from './store';

describe('arithmetic', () => {
  const store = storeWith({ x: [[1, 3]] });

  it('^ binds tighter than unary minus and is right-associative', async () => {
    expect(await one(store, '2 ^ 3 ^ 2', 1)).toBe(512);
    expect(await one(store, '-2 ^ 2', 1)).toBe(-4);
    expect(await one(store, '2 * 3 ^ 2', 1)).toBe(18);
    expect(await one(store, 'x ^ 2', 1)).toBe(9);
  });

  it('% and atan2 sit with * and /', async () => {
    expect(await one(store, '1 + 7 % 4 * 2', 1)).toBe(7);
    expect(await one(store, '-7 % 4', 1)).toBe(-3);
  });

  it('keywords and aggregators are case-insensitive', async () => {
    const s = storeWith({ 'a{k="1"}': [[1, 2]], 'a{k="2"}': [[1, 5]], 'b{k="1"}': [[1, 1]] });
    expect(await all(s, 'SUM BY (k) (a) AND ON (k) b', 1)).toEqual({ '{k="1"}': 2 });
    expect(await one(s, 'Max(a) > BOOL 4', 1)).toBe(1);
  });
});

describe('comparisons', () => {
  const store = storeWith({ 'm{i="1"}': [[1, 1]], 'm{i="2"}': [[1, 5]] });

  it('filter and keep the metric name; with bool give 0/1 without it', async () => {
    expect(await all(store, 'm > 2', 1)).toEqual({ 'm{i="2"}': 5 });
    expect(await all(store, '2 < m', 1)).toEqual({ 'm{i="2"}': 5 });
    expect(await all(store, 'm > bool 2', 1)).toEqual({ '{i="1"}': 0, '{i="2"}': 1 });
  });
});

describe('set operators', () => {
  const store = storeWith({ 'a{k="1"}': [[1, 1]], 'a{k="2"}': [[1, 2]], 'b{k="2"}': [[1, 20]], 'b{k="3"}': [[1, 30]] });

  it('and keeps left series with a match, unless those without, or adds unmatched right series', async () => {
    expect(await all(store, 'a and b', 1)).toEqual({ 'a{k="2"}': 2 });
    expect(await all(store, 'a unless b', 1)).toEqual({ 'a{k="1"}': 1 });
    expect(await all(store, 'a or b', 1)).toEqual({ 'a{k="1"}': 1, 'a{k="2"}': 2, 'b{k="3"}': 30 });
    expect(await all(store, 'a and on() b', 1)).toEqual({ 'a{k="1"}': 1, 'a{k="2"}': 2 });
  });

  it('or binds looser than and', async () => {
    expect(await all(store, 'a or b and a', 1)).toEqual({ 'a{k="1"}': 1, 'a{k="2"}': 2 });
  });
});

describe('vector matching', () => {
  const store = storeWith({
    'errors{method="get",code="500"}': [[1, 24]],
    'errors{method="get",code="404"}': [[1, 30]],
    'errors{method="put",code="501"}': [[1, 3]],
    'requests{method="get"}': [[1, 600]],
    'requests{method="put"}': [[1, 300]],
    'info{method="get",owner="web"}': [[1, 1]],
  });

  it('group_left divides many by one and may copy labels from the one side', async () => {
    expect(await all(store, 'errors / ignoring(code) group_left requests', 1)).toEqual({
      '{code="404",method="get"}': 0.05,
      '{code="500",method="get"}': 0.04,
      '{code="501",method="put"}': 0.01,
    });
    expect(await all(store, 'requests * on(method) group_left(owner) info', 1)).toEqual({ '{method="get",owner="web"}': 600 });
  });

  it('group_right is the mirror image', async () => {
    expect(await all(store, 'requests / ignoring(code) group_right errors', 1)).toEqual({
      '{code="404",method="get"}': 20,
      '{code="500",method="get"}': 25,
      '{code="501",method="put"}': 100,
    });
  });

  it('refuses a many-to-one match without group_left, naming the operator and position', async () => {
    await expect(evaluateInstant(store, 'errors / ignoring(code) requests', at(1))).rejects.toThrow(/\/ at position 8: .*many-to-one matching must be explicit/);
  });
});

describe('aggregations', () => {
  const store = storeWith({
    'v{job="a",i="1"}': [[1, 2]],
    'v{job="a",i="2"}': [[1, 4]],
    'v{job="a",i="3"}': [[1, 4]],
    'v{job="a",i="4"}': [[1, 4]],
    'v{job="b",i="5"}': [[1, 5]],
    'v{job="b",i="6"}': [[1, 5]],
    'v{job="b",i="7"}': [[1, 7]],
    'v{job="b",i="8"}': [[1, 9]],
  });

  it('stddev and stdvar are the population standard deviation and variance', async () => {
    expect(await one(store, 'stddev(v)', 1)).toBe(2);
    expect(await one(store, 'stdvar(v)', 1)).toBe(4);
  });

  it('topk and bottomk keep whole series, labels and name included, per group', async () => {
    expect(await all(store, 'topk(2, v)', 1)).toEqual({ 'v{i="7",job="b"}': 7, 'v{i="8",job="b"}': 9 });
    expect(await all(store, 'bottomk by (job) (1, v)', 1)).toEqual({ 'v{i="1",job="a"}': 2, 'v{i="5",job="b"}': 5 });
  });

  it('quantile, count_values, group, count, avg, without', async () => {
    expect(await one(store, 'quantile(0.5, v)', 1)).toBe(4.5);
    expect(await all(store, 'count_values("value", v)', 1)).toEqual({ '{value="2"}': 1, '{value="4"}': 3, '{value="5"}': 2, '{value="7"}': 1, '{value="9"}': 1 });
    expect(await all(store, 'group by (job) (v)', 1)).toEqual({ '{job="a"}': 1, '{job="b"}': 1 });
    expect(await all(store, 'count without (i) (v)', 1)).toEqual({ '{job="a"}': 4, '{job="b"}': 4 });
    expect(await all(store, 'avg(v) by (job)', 1)).toEqual({ '{job="a"}': 3.5, '{job="b"}': 6.5 });
  });
});

describe('selectors', () => {
  const store = storeWith({ 'r{path="/API/Users"}': [[1, 1]], 'r{path="/api/items"}': [[1, 2]], 'r{path="/other"}': [[1, 3]] });

  it('(?i) makes a regex matcher case-insensitive; regexes are fully anchored', async () => {
    expect(Object.keys(await all(store, 'r{path=~"(?i)/api/.*"}', 1)).sort()).toEqual(['r{path="/API/Users"}', 'r{path="/api/items"}']);
    expect(Object.keys(await all(store, 'r{path=~"/api"}', 1))).toEqual([]);
    expect(Object.keys(await all(store, 'r{path!~"/(?i:api)/.*"}', 1))).toEqual(['r{path="/other"}']);
  });

  it('string literals in single, double and back quotes', async () => {
    expect(await one(store, "r{path='/other'}", 1)).toBe(3);
    expect(await one(store, 'r{path=`/other`}', 1)).toBe(3);
    expect(await one(store, 'r{path="\\x2fother"}', 1)).toBe(3);
  });
});
