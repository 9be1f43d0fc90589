import { describe, expect, it } from 'vitest';
import { decodeChunk, encodeChunk } from '../../../src-main/core/history/codec';

function roundTrip(ts: number[], vs: number[]) {
  const bytes = encodeChunk(ts, vs);
  const back = decodeChunk(bytes);
  expect(back.ts).toEqual(ts);
  expect(back.vs.map((v) => (Number.isNaN(v) ? 'NaN' : v))).toEqual(vs.map((v) => (Number.isNaN(v) ? 'NaN' : v)));
  return bytes.length;
}

const seconds = (n: number, jitter = 3) => Array.from({ length: n }, (_, i) => 1_795_000_000_000 + i * 1000 + ((i * 7919) % (2 * jitter + 1)) - jitter);

describe('chunk codec', () => {
  it('stores 1 Hz CPU ratios rounded to 0.01 % in about 3 bytes a sample', () => {
    let v = 0.2;
    const vs = Array.from({ length: 120 }, (_, i) => {
      v = Math.min(1, Math.max(0, v + Math.sin(i * 12.9898) * 0.03));
      return Math.round(v * 1e4) / 1e4;
    });
    expect(roundTrip(seconds(120), vs) / 120).toBeLessThan(3.2);
  });

  it('stores memory in kB units and counters in one or two bytes a sample', () => {
    let mem = 8 * 1024 ** 3;
    const memory = Array.from({ length: 120 }, (_, i) => (mem += 1024 * Math.round(Math.sin(i) * 300)));
    expect(roundTrip(seconds(120), memory) / 120).toBeLessThan(3.5);
    let c = 1000;
    const counter = Array.from({ length: 120 }, (_, i) => (c += i % 5));
    expect(roundTrip(seconds(120), counter) / 120).toBeLessThan(2.2);
  });

  it('keeps arbitrary floats exactly, special values included', () => {
    roundTrip([1, 2, 3, 4, 5], [0.1 + 0.2, Math.PI, -1e300, Infinity, NaN]);
    roundTrip([5], [1e-7]);
    roundTrip([], []);
    roundTrip([1, 1000, 999_999_999_999], [-5, 12.5, 0]);
  });

  it('refuses a truncated chunk', () => {
    const bytes = encodeChunk([1, 2, 3], [1.5, 2.5, 3.25]);
    expect(() => decodeChunk(bytes.subarray(0, bytes.length - 2))).toThrow(/truncated/);
  });
});
