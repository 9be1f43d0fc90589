import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PinStore } from '../../../src-main/core/pins/store';

const dir = () => mkdtempSync(join(tmpdir(), 'am-pins-'));

describe('pinned charts', () => {
  it('survive a restart', () => {
    const d = dir();
    const notices: string[] = [];
    const a = new PinStore(d, (l) => notices.push(l));
    const pin = a.add({ title: 'Voice p99', expr: 'histogram_quantile(0.99, rate(x_bucket[5m]))', unit: 'seconds' });
    const b = new PinStore(d, (l) => notices.push(l));
    expect(b.list()).toEqual([pin]);
    b.remove(pin.id);
    expect(new PinStore(d, () => {}).list()).toEqual([]);
    expect(notices).toEqual([]);
  });

  it('says when there is no pin to remove', () => {
    const s = new PinStore(null, () => {});
    expect(() => s.remove('nope')).toThrow('no pinned chart with id nope');
  });

  it('moves a corrupt pins file aside with a notice instead of failing', () => {
    const d = dir();
    writeFileSync(join(d, 'pins.json'), '{not json');
    const notices: string[] = [];
    const s = new PinStore(d, (l) => notices.push(l));
    expect(s.list()).toEqual([]);
    expect(notices[0]).toMatch(/pins\.json: could not read pinned charts .*; moved aside to .*pins\.json\.broken-\d+/);
    expect(readdirSync(d).some((f) => f.startsWith('pins.json.broken-'))).toBe(true);
    s.add({ title: 't', expr: 'up', unit: 'count' });
    expect(JSON.parse(readFileSync(join(d, 'pins.json'), 'utf8'))).toHaveLength(1);
  });
});
