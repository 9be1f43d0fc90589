import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createSystemBasicCollector } from '../../../src-main/core/collectors/system-basic';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/proc/${name}`, import.meta.url), 'utf8');

describe('system collector', () => {
  it('reports memory at once and CPU from the second reading on', async () => {
    const stats = [fixture('stat.1'), fixture('stat.2')];
    const collector = createSystemBasicCollector({
      platform: 'linux',
      readProc: (path) => (path === '/proc/stat' ? stats.shift()! : fixture('meminfo.linux-3.10')),
    });
    const first = await collector.sample();
    expect(first.system_cpu_utilization_ratio).toBeUndefined();
    expect(first.system_memory_total_bytes).toBe(2048000 * 1024);
    expect(first.system_memory_used_bytes).toBe((2048000 - 912000) * 1024);
    expect(first.system_memory_utilization_ratio).toBeCloseTo(1 - 912000 / 2048000, 9);
    const second = await collector.sample();
    expect(second.system_cpu_utilization_ratio).toBeCloseTo(102 / 201, 6);
  });

  it('declares every series it produces', async () => {
    const collector = createSystemBasicCollector();
    await collector.sample();
    await new Promise((r) => setTimeout(r, 50));
    const values = await collector.sample();
    const declared = collector.series().map((s) => s.id).sort();
    expect(Object.keys(values).sort()).toEqual(declared);
  });

  it('reads the real machine on Linux: CPU within 0..1, memory adding up', async () => {
    const collector = createSystemBasicCollector();
    await collector.sample();
    await new Promise((r) => setTimeout(r, 100));
    const v = await collector.sample();
    expect(v.system_cpu_utilization_ratio).toBeGreaterThanOrEqual(0);
    expect(v.system_cpu_utilization_ratio).toBeLessThanOrEqual(1);
    expect(v.system_memory_used_bytes! + v.system_memory_available_bytes!).toBe(v.system_memory_total_bytes);
  });

  it('falls back to systeminformation on other systems', async () => {
    const collector = createSystemBasicCollector({ platform: 'darwin' });
    const v = await collector.sample();
    expect(v.system_cpu_utilization_ratio).toBeGreaterThanOrEqual(0);
    expect(v.system_memory_total_bytes).toBeGreaterThan(0);
  });
});
