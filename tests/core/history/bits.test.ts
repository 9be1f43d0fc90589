import { describe, expect, it } from 'vitest';
import { BitReader, BitWriter, bestRice, bitLength, unzigzag, zigzag } from '../../../src-main/core/history/bits';

describe('bit streams', () => {
  it('read back what was written, from single bits to 53-bit integers', () => {
    const w = new BitWriter();
    const items: [number, number][] = [
      [1, 1],
      [0, 3],
      [0x1fffff, 21],
      [2 ** 53 - 1, 53],
      [12345, 30],
      [5, 3],
    ];
    for (const [v, n] of items) w.bits(v, n);
    w.uint(2 ** 40 + 3);
    w.int(-77);
    const r = new BitReader(w.bytes());
    for (const [v, n] of items) expect(r.bits(n)).toBe(v);
    expect(r.uint()).toBe(2 ** 40 + 3);
    expect(r.int()).toBe(-77);
    expect(() => r.bits(16)).toThrow(/truncated/);
  });

  it('Rice-codes small numbers in few bits and escapes large ones without loss', () => {
    const us = [0, 1, 2, 3, 1, 0, 2, 1_000_000_000, 2 ** 52];
    const w = new BitWriter();
    for (const u of us) w.rice(u, 1);
    const r = new BitReader(w.bytes());
    expect(us.map(() => r.rice(1))).toEqual(us);
    const small = new BitWriter();
    for (let i = 0; i < 80; i++) small.rice(i % 4, 1);
    expect(small.bytes().length).toBeLessThanOrEqual(30);
  });

  it('choose a Rice parameter near the size of the numbers', () => {
    expect(bestRice(new Array(100).fill(0)).k).toBe(0);
    expect(bestRice(Array.from({ length: 100 }, (_, i) => 1000 + i)).k).toBeGreaterThanOrEqual(8);
  });

  it('zigzag signed numbers and measure bit lengths exactly up to 2^53', () => {
    expect([0, -1, 1, -2, 2].map(zigzag)).toEqual([0, 1, 2, 3, 4]);
    expect([0, 1, 2, 3, 4].map(unzigzag)).toEqual([0, -1, 1, -2, 2]);
    expect([0, 1, 2, 255, 256, 2 ** 53 - 1].map(bitLength)).toEqual([0, 1, 2, 8, 9, 53]);
  });
});
