import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSystemCollectors } from '../../../src-main/core/collectors/system';

const ROOT = resolve(import.meta.dirname, '../../fixtures/linux-root');
const fixture = (name: string) => readFileSync(resolve(import.meta.dirname, '../../fixtures/proc', name), 'utf8');

describe('system collectors (Linux, from captured /proc and /sys)', () => {
  it('reports memory, load and uptime at once, and CPU per mode and core from the second reading on', async () => {
    const stats = [fixture('stat.1'), fixture('stat.2')];
    const read = (p: string) => (p.endsWith('/proc/stat') ? stats.shift()! : readFileSync(p, 'utf8'));
    const [cpu] = createSystemCollectors({ platform: 'linux', root: ROOT, readProc: read });
    const first = await cpu!.sample();
    expect(first.system_cpu_utilization_ratio).toBeUndefined();
    expect(first.system_memory_total_bytes).toBeGreaterThan(0);
    expect(first.system_load1).toBeGreaterThanOrEqual(0);
    expect(first.system_uptime_seconds).toBeGreaterThan(0);
    const second = await cpu!.sample();
    expect(second.system_cpu_utilization_ratio).toBe(0.5075);
    expect(second['system_cpu_mode_ratio{mode="user"}']).toBe(0.4975);
    expect(second['system_cpu_core_utilization_ratio{cpu="0"}']).toBeGreaterThanOrEqual(0);
    expect(second['system_cpu_core_mode_ratio{cpu="1",mode="iowait"}']).toBeGreaterThanOrEqual(0);
  });

  it('reads whole disks (not loop devices or partitions), interfaces other than lo, and CPU temperature sensors', async () => {
    const [, io] = createSystemCollectors({ platform: 'linux', root: ROOT });
    const v = await io!.sample();
    expect(v['system_disk_read_bytes_total{device="nvme0n1"}']).toBe(400000 * 512);
    expect(v['system_disk_writes_completed_total{device="nvme0n1"}']).toBe(7000);
    expect(Object.keys(v).some((k) => k.includes('nvme0n1p1') || k.includes('loop0'))).toBe(false);
    expect(v['system_network_receive_bytes_total{device="eth0"}']).toBeGreaterThan(0);
    expect(Object.keys(v).some((k) => k.includes('device="lo"'))).toBe(false);
    expect(v['system_cpu_temperature_celsius{sensor="x86_pkg_temp"}']).toBe(47);
    expect(v['system_cpu_temperature_celsius{sensor="coretemp Package id 0"}']).toBe(51);
    expect(Object.keys(v).some((k) => k.includes('iwlwifi'))).toBe(false);
  });

  it('sizes real file systems only, reading the real one mounted at /', async () => {
    const [, , fs] = createSystemCollectors({ platform: 'linux', root: ROOT });
    const v = await fs!.sample();
    const size = v['system_filesystem_size_bytes{device="/dev/vda",fstype="ext4",mountpoint="/"}']!;
    const used = v['system_filesystem_used_bytes{device="/dev/vda",fstype="ext4",mountpoint="/"}']!;
    expect(size).toBeGreaterThan(0);
    expect(used).toBeGreaterThan(0);
    expect(used).toBeLessThanOrEqual(size);
    expect(Object.keys(v).some((k) => k.includes('/proc') || k.includes('/run'))).toBe(false);
  });

  it('runs the three groups at 1 s, 5 s and 30 s by default', () => {
    expect(createSystemCollectors({ platform: 'linux' }).map((c) => [c.name, c.intervalMs])).toEqual([
      ['system', 1000],
      ['system-io', 5000],
      ['system-fs', 30_000],
    ]);
  });

  it('reads the real machine: shares within 0..1 and memory adding up', async () => {
    const [cpu] = createSystemCollectors();
    await cpu!.sample();
    await new Promise((r) => setTimeout(r, 100));
    const v = await cpu!.sample();
    expect(v.system_cpu_utilization_ratio).toBeGreaterThanOrEqual(0);
    expect(v.system_cpu_utilization_ratio).toBeLessThanOrEqual(1);
    expect(v.system_memory_used_bytes! + v.system_memory_available_bytes!).toBe(v.system_memory_total_bytes);
  });

  it('falls back to systeminformation elsewhere, per core included', async () => {
    const [cpu] = createSystemCollectors({ platform: 'darwin' });
    const v = await cpu!.sample();
    expect(v.system_cpu_utilization_ratio).toBeGreaterThanOrEqual(0);
    expect(v['system_cpu_core_utilization_ratio{cpu="0"}']).toBeGreaterThanOrEqual(0);
    expect(v.system_memory_total_bytes).toBeGreaterThan(0);
  });
});
