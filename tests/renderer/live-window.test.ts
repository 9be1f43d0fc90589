import { describe, expect, it } from 'vitest';
import { LiveWindow } from '../../src-renderer/src/live/live-window';

const batch = (t: number, values: Record<string, number>) => ({ t, collector: 'system', values });

describe('LiveWindow', () => {
  it('appends live batches as columns in seconds and keeps only the window', () => {
    const w = new LiveWindow(['cpu', 'mem'], 3000);
    for (let s = 1; s <= 5; s++) w.add(batch(s * 1000, { cpu: s / 10, mem: 0.5 }));
    expect(w.data).toEqual([
      [2, 3, 4, 5],
      [0.2, 0.3, 0.4, 0.5],
      [0.5, 0.5, 0.5, 0.5],
    ]);
    expect(w.latest('cpu')).toBe(0.5);
  });

  it('ignores batches without its series and batches not newer than the last', () => {
    const w = new LiveWindow(['cpu'], 60_000);
    expect(w.add(batch(1000, { other: 1 }))).toBe(false);
    expect(w.add(batch(2000, { cpu: 1 }))).toBe(true);
    expect(w.add(batch(2000, { cpu: 2 }))).toBe(false);
    expect(w.data).toEqual([[2], [1]]);
  });

  it('merges history around live samples without duplicating or reordering, gaps stay null', () => {
    const w = new LiveWindow(['cpu', 'mem'], 60_000);
    w.add(batch(5000, { cpu: 0.5, mem: 0.1 }));
    w.merge({ series: ['mem', 'cpu'], t: [3000, 4000, 5000], values: [[0.3, null, 0.9], [0.03, 0.04, 0.99]] });
    expect(w.data).toEqual([
      [3, 4, 5],
      [0.03, 0.04, 0.5],
      [0.3, null, 0.1],
    ]);
  });

  it('tells listeners on every change (the chart feeds on it)', () => {
    const w = new LiveWindow(['cpu'], 60_000);
    let n = 0;
    const stop = w.onChange(() => n++);
    w.add(batch(1000, { cpu: 1 }));
    w.merge({ series: ['cpu'], t: [], values: [[]] });
    stop();
    w.add(batch(2000, { cpu: 1 }));
    expect(n).toBe(2);
  });
});
