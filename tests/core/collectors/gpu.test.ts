import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createGpuCollector, parseGpuRow, type GpuCollector } from '../../../src-main/core/collectors/gpu';

const FAKE = resolve(import.meta.dirname, '../../fixtures/bin/nvidia-smi');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let c: GpuCollector | null = null;
afterEach(() => c?.close?.());

describe('GPU collector (nvidia-smi stream)', () => {
  it('parses nvidia-smi CSV rows, with [N/A] fields left out', () => {
    expect(parseGpuRow('0, NVIDIA H100 80GB HBM3, 47, 20480, 81559, 51, 187.42')).toEqual({
      index: '0',
      name: 'NVIDIA H100 80GB HBM3',
      utilization: 0.47,
      memoryUsedBytes: 20480 * 1024 * 1024,
      memoryTotalBytes: 81559 * 1024 * 1024,
      temperatureC: 51,
      powerW: 187.42,
    });
    expect(parseGpuRow('1, X, [N/A], 1, 2, 3, [Not Supported]')!.powerW).toBeNull();
    expect(parseGpuRow('No devices were found')).toBeNull();
  });

  it('reads every GPU from one long-lived stream, and GPU memory per process', async () => {
    c = createGpuCollector({ command: FAKE, log: () => {} });
    await c.sample();
    await sleep(600);
    const v = await c.sample();
    expect(v['system_gpu_utilization_ratio{gpu="0",name="NVIDIA H100 80GB HBM3"}']).toBeGreaterThanOrEqual(0.4);
    expect(v['system_gpu_memory_total_bytes{gpu="1",name="NVIDIA H100 80GB HBM3"}']).toBe(81559 * 1024 * 1024);
    expect(v['system_gpu_power_watts{gpu="0",name="NVIDIA H100 80GB HBM3"}']).toBe(187.42);
    expect(Object.keys(v).some((k) => k.startsWith('system_gpu_power_watts{gpu="1"'))).toBe(false);
    expect(c.processMemory().get(4242)).toBe(479 * 1024 * 1024);
    expect(c.pids()).toHaveLength(2);
  });

  it('starts the stream again when it dies', async () => {
    const logs: string[] = [];
    process.env.FAKE_SMI_LINES = '1';
    try {
      c = createGpuCollector({ command: FAKE, log: (l) => logs.push(l) });
      await c.sample();
      // Each stream prints one period and exits; it is started again after 1 s.
      const seen = new Set<number>();
      for (let i = 0; i < 20; i++) {
        for (const pid of c.pids()) seen.add(pid);
        await sleep(100);
      }
      expect(seen.size).toBeGreaterThanOrEqual(4); // two streams, each started twice
    } finally {
      delete process.env.FAKE_SMI_LINES;
    }
  });

  it('says once that there is no GPU tooling, then stays quiet', async () => {
    const logs: string[] = [];
    c = createGpuCollector({ command: 'nvidia-smi-not-installed-here', log: (l) => logs.push(l) });
    await c.sample();
    await sleep(100);
    for (let i = 0; i < 5; i++) expect(await c.sample()).toEqual({});
    expect(logs).toEqual(['gpu: no NVIDIA GPU tooling (nvidia-smi-not-installed-here not found); GPU charts stay empty']);
  });
});

describe('GPU memory of a watched process group', () => {
  it('is summed over the group from the compute-apps stream', async () => {
    const { createProcessCollector } = await import('../../../src-main/core/collectors/processes');
    c = createGpuCollector({ command: FAKE, log: () => {} });
    await c.sample();
    await sleep(600);
    // The fake reports its parent (this test process) as a GPU app using 20000 MiB.
    const gpu = c;
    const p = createProcessCollector([{ name: 'me', pid: process.pid }], { gpuMemory: () => gpu.processMemory(), readKernelLog: () => null });
    const v = await p.sample();
    expect(v['process_gpu_memory_bytes{target="me"}']).toBe(20000 * 1024 * 1024);
  });
});
