// Draws the tray icons, one per status, at 1x (16 px) and 2x (32 px): coloured for Windows and
// Linux, black-with-alpha "Template" images for the macOS menu bar (which tints them itself, so
// there the shape carries the status). Written as plain PNGs with Node's zlib: no image tool
// needed. Run `node scripts/make-tray-icons.js`; the PNGs are committed under resources/tray/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';

const OUT = join(import.meta.dirname, '../resources/tray');

/** Colour and shape per status: shape alone must tell them apart (template images, colour blindness). */
const STATES = {
  healthy: { rgb: [46, 160, 67], shape: 'disc' },
  degraded: { rgb: [219, 154, 4], shape: 'ring-dot' },
  down: { rgb: [218, 54, 51], shape: 'cross' },
  unknown: { rgb: [139, 148, 158], shape: 'ring' },
  paused: { rgb: [56, 139, 253], shape: 'bars' },
};

/** Coverage (0..1) of the shape at pixel centre (x, y) in a unit square, 4x4 supersampled. */
function coverage(shape, px, py, size) {
  let hit = 0;
  for (let sy = 0; sy < 4; sy++) {
    for (let sx = 0; sx < 4; sx++) {
      const x = (px + (sx + 0.5) / 4) / size - 0.5;
      const y = (py + (sy + 0.5) / 4) / size - 0.5;
      if (inside(shape, x, y)) hit++;
    }
  }
  return hit / 16;
}

function inside(shape, x, y) {
  const r = Math.hypot(x, y);
  switch (shape) {
    case 'disc':
      return r <= 0.42;
    case 'ring':
      return r <= 0.42 && r >= 0.28;
    case 'ring-dot':
      return (r <= 0.42 && r >= 0.3) || r <= 0.14;
    case 'cross':
      return Math.max(Math.abs(x), Math.abs(y)) <= 0.4 && (Math.abs(x - y) <= 0.11 || Math.abs(x + y) <= 0.11);
    case 'bars':
      return Math.abs(y) <= 0.36 && ((x >= -0.3 && x <= -0.08) || (x >= 0.08 && x <= 0.3));
    default:
      throw new Error(`unknown shape ${shape}`);
  }
}

function png(size, pixel) {
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    for (let x = 0; x < size; x++) raw.set(pixel(x, y), y * (size * 4 + 1) + 1 + x * 4);
  }
  const chunk = (type, data) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'ascii');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
    return Buffer.concat([head, data, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

mkdirSync(OUT, { recursive: true });
for (const [state, { rgb, shape }] of Object.entries(STATES)) {
  for (const [suffix, size] of [['', 16], ['@2x', 32]]) {
    const alpha = (x, y) => Math.round(coverage(shape, x, y, size) * 255);
    writeFileSync(join(OUT, `${state}${suffix}.png`), png(size, (x, y) => [...rgb, alpha(x, y)]));
    writeFileSync(join(OUT, `${state}Template${suffix}.png`), png(size, (x, y) => [0, 0, 0, alpha(x, y)]));
  }
}
console.log(`tray icons written to ${OUT}`);
