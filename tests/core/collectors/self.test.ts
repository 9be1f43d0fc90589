import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createProcessCollector } from '../../../src-main/core/collectors/processes';
import { createSelfCollector, SELF_TARGET } from '../../../src-main/core/collectors/self';

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
});
