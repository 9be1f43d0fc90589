import { describe, expect, it } from 'vitest';
import { emptyBucket, addSample, type Bucket } from '../../../src-main/core/history/buckets';
import { rawPoints, rollupPoints, toColumns } from '../../../src-main/core/history/chart-columns';

describe('chart columns', () => {
  it('keep every raw sample when they fit, and the lowest and highest of each step when not', () => {
    const ts = Array.from({ length: 100 }, (_, i) => i * 1000);
    const vs = ts.map((_, i) => (i === 37 ? 99 : i === 38 ? -5 : 1));
    expect(rawPoints({ ts, vs }, 0, 99_000, 1000).pts).toHaveLength(100);
    const few = rawPoints({ ts, vs }, 0, 99_000, 10);
    expect(few.pts.length).toBeLessThanOrEqual(10);
    expect(few.pts.map((p) => p[1])).toContain(99);
    expect(few.pts.map((p) => p[1])).toContain(-5);
  });

  it('pick extremes among finite samples, and show a stretch of only NaN as NaN', () => {
    const ts = Array.from({ length: 40 }, (_, i) => i * 1000);
    const vs = ts.map((_, i) => (i < 20 ? (i === 3 ? NaN : i === 4 ? Infinity : i) : NaN));
    const pts = rawPoints({ ts, vs }, 0, 39_000, 4).pts;
    expect(pts.slice(0, 2).map((p) => p[1])).toEqual([0, 19]);
    expect(Number.isNaN(pts.at(-1)![1])).toBe(true);
  });

  it('draw rollups as min then max per chart step, and a bucket without finite samples by its last value', () => {
    const b = (vs: number[]): Bucket => {
      const x = emptyBucket();
      vs.forEach((v, i) => addSample(x, i, v));
      return x;
    };
    const { pts } = rollupPoints(
      [
        [0, b([1, 5])],
        [60_000, b([3])],
        [120_000, b([NaN])],
      ],
      60_000,
      120_000,
    );
    expect(pts).toEqual([
      [0, 1],
      [60_000, 5],
      [120_000, NaN],
    ]);
  });

  it('merge series on the union of times with a null where any has a hole', () => {
    const r = toColumns(
      ['a', 'b'],
      [
        { pts: [[0, 1], [1000, 2], [2000, 3], [10_000, 4]], gap: 3000 },
        { pts: [[1000, 7]], gap: Infinity },
      ],
    );
    expect(r.t).toEqual([0, 1000, 2000, 2001, 10_000]);
    expect(r.values).toEqual([
      [1, 2, 3, null, 4],
      [null, 7, null, null, null],
    ]);
  });
});
