import { describe, expect, it } from 'vitest';
import { CHUNK_FORMAT, decodeChunk, encodeChunk } from '../../../src-main/core/history/codec';

/** Encodes, decodes, checks every timestamp and value bit for bit, and returns bytes per sample. */
function roundTrip(ts: number[], vs: number[]): number {
  const bytes = encodeChunk(ts, vs);
  const back = decodeChunk(bytes, CHUNK_FORMAT);
  expect(back.ts).toEqual(ts);
  expect(back.vs.length).toBe(vs.length);
  vs.forEach((v, i) => expect(Object.is(back.vs[i], v), `value ${i}: ${back.vs[i]} for ${v}`).toBe(true));
  return bytes.length / Math.max(1, ts.length);
}

const seconds = (n: number, jitter = 3) => Array.from({ length: n }, (_, i) => 1_795_000_000_000 + i * 1000 + ((i * 7919) % (2 * jitter + 1)) - jitter);

describe('chunk codec', () => {
  it('stores 1 Hz CPU ratios rounded to 0.01 %, with a few ms of timestamp jitter, in under 2 bytes a sample', () => {
    let v = 0.2;
    const vs = Array.from({ length: 600 }, (_, i) => {
      v = Math.min(1, Math.max(0, v + Math.sin(i * 12.9898) * 0.03));
      return Math.round(v * 1e4) / 1e4;
    });
    expect(roundTrip(seconds(600), vs)).toBeLessThan(2);
  });

  it('stores memory in kB units in under 2 bytes a sample, counters on a regular clock in under half a byte', () => {
    let mem = 8 * 1024 ** 3;
    const memory = Array.from({ length: 600 }, (_, i) => (mem += 1024 * Math.round(Math.sin(i) * 300)));
    expect(roundTrip(seconds(600), memory)).toBeLessThan(2);
    let c = 1000;
    const counter = Array.from({ length: 600 }, (_, i) => (c += i % 5));
    expect(roundTrip(seconds(600, 0), counter)).toBeLessThan(0.5);
    // A constant on a regular clock: almost nothing but the header.
    expect(encodeChunk(seconds(600, 0), new Array(600).fill(7)).length).toBeLessThan(40);
  });

  it('keeps arbitrary floats and special values exactly, Prometheus’s stale-marker NaN included', () => {
    const staleMarker = new DataView(new Uint8Array([0x7f, 0xf0, 0, 0, 0, 0, 0, 2]).buffer).getFloat64(0);
    roundTrip([1, 2, 3, 4, 5, 6, 7], [0.1 + 0.2, Math.PI, -1e300, Infinity, NaN, -Infinity, -0]);
    const back = decodeChunk(encodeChunk([1, 2, 3], [1.5, staleMarker, 2.5]));
    const bits = new DataView(new ArrayBuffer(8));
    bits.setFloat64(0, back.vs[1]!);
    expect(bits.getUint32(4)).toBe(2);
    roundTrip([5], [1e-7]);
    roundTrip([], []);
    roundTrip([1, 1000, 999_999_999_999], [-5, 12.5, 0]);
  });

  it('round-trips counter resets, huge integers, sudden jumps and irregular clocks', () => {
    const ts = [0, 1, 2, 10, 10_000, 10_001, 86_400_000, 86_400_001, 86_400_999, 90_000_000];
    roundTrip(ts, [1e12, 1e12 + 5, 3, 4, 2 ** 47, -(2 ** 47), 0, 1, 0.5, 0.25]);
    roundTrip(ts, [2 ** 53, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    let x = 12345;
    const random = Array.from({ length: 500 }, () => ((x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 1e6 - 5e5);
    roundTrip(seconds(500, 40), random);
    roundTrip(seconds(500), random.map((v) => Math.round(v)));
  });

  it('still reads chunks written by format 1 (before the bit stream)', () => {
    expect(decodeChunk(Uint8Array.from([4, 128, 188, 217, 242, 158, 52, 208, 15, 6, 13, 1, 2, 25, 50, 2, 2, 2]), 1)).toEqual({
      ts: [1795000000000, 1795000001000, 1795000002003, 1795000002999],
      vs: [0.25, 0.5, 0.75, 1],
    });
    const floats = decodeChunk(Uint8Array.from([3, 128, 188, 217, 242, 158, 52, 208, 15, 0, 2, 24, 45, 68, 84, 251, 33, 9, 64, 0, 0, 0, 0, 0, 0, 248, 127, 0, 0, 0, 0, 0, 0, 240, 255]), 1);
    expect(floats.vs[0]).toBe(Math.PI);
    expect(floats.vs[1]).toBeNaN();
    expect(floats.vs[2]).toBe(-Infinity);
  });

  it('refuses a truncated chunk and an unknown format', () => {
    const bytes = encodeChunk([1, 2, 3], [1.5, 2.5, 3.25]);
    expect(() => decodeChunk(bytes.subarray(0, bytes.length - 2))).toThrow(/truncated/);
    expect(() => decodeChunk(bytes, 9)).toThrow(/unknown chunk format 9/);
  });
});
