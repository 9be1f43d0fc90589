import { describe, expect, it } from 'vitest';
import { LiveStore } from '../../src-main/core/live-store';

describe('LiveStore', () => {
  it('aligns series of different collectors on the union of their timestamps', () => {
    const store = new LiveStore(() => 100);
    store.add({ t: 1000, collector: 'a', values: { a_total: 1 } });
    store.add({ t: 1500, collector: 'b', values: { b_bytes: 7 } });
    store.add({ t: 2000, collector: 'a', values: { a_total: 2 } });
    const r = store.query({ series: ['a_total', 'b_bytes'], from: 0, to: 5000 });
    expect(r.t).toEqual([1000, 1500, 2000]);
    expect(r.values).toEqual([
      [1, null, 2],
      [null, 7, null],
    ]);
  });

  it('counts out-of-order samples instead of storing them', () => {
    const store = new LiveStore(() => 10);
    store.add({ t: 2000, collector: 'a', values: { x: 1 } });
    store.add({ t: 1000, collector: 'a', values: { x: 2 } });
    expect(store.outOfOrder).toBe(1);
    expect(store.query({ series: ['x'], from: 0, to: 3000 }).values).toEqual([[1]]);
  });

  it('forgets samples older than its capacity', () => {
    const store = new LiveStore(() => 2);
    for (let t = 1; t <= 4; t++) store.add({ t, collector: 'a', values: { x: t } });
    expect(store.query({ series: ['x'], from: 0, to: 10 })).toEqual({ series: ['x'], t: [3, 4], values: [[3, 4]] });
  });
});
