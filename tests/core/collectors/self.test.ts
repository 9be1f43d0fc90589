import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createProcessCollector } from '../../../src-main/core/collectors/processes';
import { CPU_AVERAGE_MS, createSelfCollector, SELF_TARGET } from '../../../src-main/core/collectors/self';

describe('self collector', () => {
  it('counts the CPU and memory of the whole process tree, and reports each collector', async () => {
    // A busy child of this process is part of "the monitor" as the tree sees it.
    const child = spawn(process.execPath, ['-e', 'const e = Date.now() + 3000; while (Date.now() < e);']);
    try {
      const processes = createProcessCollector([{ name: SELF_TARGET, pid: process.pid }], { readKernelLog: () => null });
      const c = createSelfCollector({
        processes,
        hubStatus: () => [{ name: 'system', state: 'ok', intervalMs: 1000, ticks: 9, skippedTicks: 2, failures: 1, lastDurationMs: 0.42, lastError: null }],
      });
      await processes.sample();
      await c.sample();
      await new Promise((r) => setTimeout(r, 1000));
      await processes.sample();
      const v = await c.sample();
      expect(v.assistant_monitor_processes).toBeGreaterThanOrEqual(2);
      expect(v.assistant_monitor_cpu_ratio).toBeGreaterThan(0.5);
      expect(v.assistant_monitor_resident_memory_bytes).toBeGreaterThan(process.memoryUsage.rss());
      expect(v['assistant_monitor_collector_duration_seconds{collector="system"}']).toBe(0.00042);
      expect(v['assistant_monitor_collector_skipped_ticks_total{collector="system"}']).toBe(2);
      expect(v['assistant_monitor_collector_failures_total{collector="system"}']).toBe(1);
    } finally {
      child.kill();
    }
  });

  it('measures this process alone without a process collector (other systems)', async () => {
    const c = createSelfCollector({ hubStatus: () => [] });
    const v = await c.sample();
    expect(v.assistant_monitor_resident_memory_bytes).toBeGreaterThan(10 * 1024 * 1024);
    expect(v.assistant_monitor_cpu_ratio).toBeGreaterThanOrEqual(0);
  });

  it('shows its CPU averaged over the last minute, not one tick (0.45 % reads 0.45 %, not 0.00 %)', async () => {
    let t = 0;
    let cpuSeconds = 0;
    const tree = { totals: () => ({ cpuRatio: 0.01, cpuSeconds, rssBytes: 50e6, count: 2 }) };
    const c = createSelfCollector({ processes: tree, hubStatus: () => [], now: () => t });
    expect((await c.sample()).assistant_monitor_cpu_ratio).toBe(0.01); // nothing to average yet: the last tick's figure
    // A burst of 30 s of CPU, then a minute and more at 0.45 % of a core.
    t += 5000;
    cpuSeconds += 30;
    expect((await c.sample()).assistant_monitor_cpu_ratio).toBe(6);
    for (let i = 0; i < CPU_AVERAGE_MS / 5000; i++) {
      t += 5000;
      cpuSeconds += 0.0225;
      await c.sample();
    }
    t += 5000;
    cpuSeconds += 0.0225;
    const v = await c.sample();
    expect(v.assistant_monitor_cpu_ratio).toBe(0.0045);
    expect(v.assistant_monitor_cpu_seconds_total).toBe(30.293);
  });
});
