import { describe, expect, it } from 'vitest';
import { addSample, addToBuckets, bucketFromRow, bucketRow, emptyBucket, mergeBucket, type Bucket } from '../../../src-main/core/history/buckets';

function bucketOf(samples: [number, number][]): Bucket {
  const b = emptyBucket();
  for (const [t, v] of samples) addSample(b, t, v);
  return b;
}

describe('rollup buckets', () => {
  it('keep min, max, sum and count of finite samples only, and the latest sample as it was', () => {
    const b = bucketOf([
      [1, 3],
      [2, NaN],
      [3, Infinity],
      [4, -1],
      [5, -Infinity],
    ]);
    expect(b).toEqual({ min: -1, max: 3, sum: 2, count: 2, last: -Infinity, lastT: 5 });
  });

  it('merge into one the same as if every sample had gone into one bucket, in any order', () => {
    const early = bucketOf([
      [1, 5],
      [2, NaN],
    ]);
    const late = bucketOf([
      [3, 1],
      [4, 7],
    ]);
    const a = emptyBucket();
    mergeBucket(a, late);
    mergeBucket(a, early);
    expect(a).toEqual(bucketOf([[1, 5], [2, NaN], [3, 1], [4, 7]]));
  });

  it('group samples by the start of their bucket', () => {
    const map = new Map<number, Bucket>();
    for (const t of [0, 59_999, 60_000, 125_000]) addToBuckets(map, t, t / 1000, 60_000);
    expect([...map.keys()]).toEqual([0, 60_000, 120_000]);
    expect(map.get(0)!.count).toBe(2);
  });

  it('store a bucket without finite samples as NULL min and max, and read NULL last as NaN', () => {
    const onlyNaN = bucketOf([[1, NaN]]);
    expect(bucketRow(onlyNaN)).toEqual([null, null, 0, 0, NaN]);
    const back = bucketFromRow(0, null, null, 0, 0, null);
    expect(back.count).toBe(0);
    expect(back.last).toBeNaN();
    expect(bucketRow(bucketOf([[1, 2]]))).toEqual([2, 2, 2, 1, 2]);
  });
});
