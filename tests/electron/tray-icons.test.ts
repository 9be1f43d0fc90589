// The shipped tray icons: every state at 1x and 2x, coloured and macOS template variants, real
// PNGs of the right size (as scripts/make-tray-icons.js draws them).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const DIR = join(import.meta.dirname, '../../resources/tray');

function pngInfo(file: string): { width: number; height: number; colorType: number } {
  const b = readFileSync(file);
  expect(b.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(b.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20), colorType: b[25]! };
}

describe('tray icons', () => {
  for (const state of ['healthy', 'degraded', 'down', 'unknown', 'paused']) {
    it(`exist for ${state} at 16 px and 32 px, with alpha`, () => {
      for (const variant of ['', 'Template']) {
        expect(pngInfo(join(DIR, `${state}${variant}.png`))).toEqual({ width: 16, height: 16, colorType: 6 });
        expect(pngInfo(join(DIR, `${state}${variant}@2x.png`))).toEqual({ width: 32, height: 32, colorType: 6 });
      }
    });
  }
});
