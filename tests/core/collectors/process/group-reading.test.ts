import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { newUsage, readGroup } from '../../../../src-main/core/collectors/process/group-reading';

describe('group reading (real /proc)', () => {
  it('sums the members, takes CPU as a delta, and keeps a CPU-seconds counter', async () => {
    const child = spawn(process.execPath, ['-e', 'const e = Date.now() + 700; while (Date.now() < e);']);
    try {
      const usage = newUsage();
      const pids = [process.pid, child.pid!];
      const first = readGroup('/proc', pids, new Map([[process.pid, 'vitest']]), usage, null);
      expect(first.cpuRatio).toBeNull(); // nothing to compare with yet
      expect(first.processes.map((p) => p.pid)).toEqual(pids);
      expect(first.processes[0]!.name).toBe('vitest');
      expect(first.rssBytes).toBe(first.processes[0]!.rssBytes + first.processes[1]!.rssBytes);
      expect(first.rootStartSeconds).toBeGreaterThan(0);
      await new Promise((r) => setTimeout(r, 500));
      const second = readGroup('/proc', pids, new Map(), usage, 0.5);
      expect(second.cpuRatio).toBeGreaterThan(0);
      expect(usage.cpuSeconds).toBeCloseTo(second.cpuRatio! * 0.5, 1);
      expect(second.openFds).toBeGreaterThan(0);
    } finally {
      child.kill();
    }
  });

  it('leaves out members that exited, and reads nothing when all did', () => {
    const usage = newUsage();
    const r = readGroup('/proc', [process.pid, 2 ** 22 + 1], new Map(), usage, null);
    expect(r.processes.map((p) => p.pid)).toEqual([process.pid]);
    const none = readGroup('/proc', [2 ** 22 + 1], new Map(), usage, 1);
    expect(none.processes).toEqual([]);
    expect(none.rootStartSeconds).toBeNull();
  });
});
