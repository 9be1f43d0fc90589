import { describe, expect, it } from 'vitest';
import { Ring } from '../../src-main/core/ring';

function all(ring: Ring, from = -Infinity, to = Infinity): [number, number][] {
  const out: [number, number][] = [];
  ring.forEachInRange(from, to, (t, v) => out.push([t, v]));
  return out;
}

describe('Ring', () => {
  it('keeps samples oldest first and overwrites the oldest when full', () => {
    const ring = new Ring(3);
    for (let t = 1; t <= 5; t++) ring.push(t, t * 10);
    expect(ring.size).toBe(3);
    expect(all(ring)).toEqual([[3, 30], [4, 40], [5, 50]]);
    expect(ring.latest()).toEqual({ t: 5, v: 50 });
  });

  it('returns only samples inside an inclusive range, across the wrap-around', () => {
    const ring = new Ring(4);
    for (let t = 1; t <= 7; t++) ring.push(t, t);
    expect(all(ring, 5, 6)).toEqual([[5, 5], [6, 6]]);
    expect(all(ring, 0, 4)).toEqual([[4, 4]]);
    expect(all(ring, 8, 9)).toEqual([]);
  });

  it('refuses a sample that is not newer than the latest', () => {
    const ring = new Ring(4);
    expect(ring.push(10, 1)).toBe(true);
    expect(ring.push(10, 2)).toBe(false);
    expect(ring.push(9, 3)).toBe(false);
    expect(all(ring)).toEqual([[10, 1]]);
  });

  it('rejects a capacity that is not a positive integer', () => {
    expect(() => new Ring(0)).toThrow(/positive integer/);
    expect(() => new Ring(1.5)).toThrow(/positive integer/);
  });
});
