import { describe, expect, it } from 'vitest';
import { SeriesRegistry } from '../../../src-main/core/history/series-registry';

describe('series registry', () => {
  it('hands out ids after the stored ones and finds series by name and by words', () => {
    const r = new SeriesRegistry();
    r.load('cpu_ratio{core="0"}', 7);
    r.load('not a series id {', 8);
    expect(r.add('cpu_ratio{core="1"}')).toEqual({ id: 8, key: 'cpu_ratio{core="1"}', name: 'cpu_ratio', labels: '{"core":"1"}' });
    expect(r.add('mem_bytes')!.id).toBe(9);
    expect(r.add('{')).toBeNull();
    expect(r.idOf('cpu_ratio{core="0"}')).toBe(7);
    expect(r.keyOf(9)).toBe('mem_bytes');
    expect(r.named('cpu_ratio').map((s) => s.key)).toEqual(['cpu_ratio{core="0"}', 'cpu_ratio{core="1"}']);
    expect(r.find('CPU 1', 10)).toEqual([{ id: 'cpu_ratio{core="1"}', name: 'cpu_ratio', labels: { core: '1' } }]);
    expect(r.size).toBe(3);
  });
});
