import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cpuUtilization, parseMemInfo, parseProcStatCpu } from '../../../src-main/core/collectors/procfs';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/proc/${name}`, import.meta.url), 'utf8');

describe('/proc parsers', () => {
  it('computes utilization between two real /proc/stat captures (one of two cores kept busy)', () => {
    const a = parseProcStatCpu(fixture('stat.1'));
    const b = parseProcStatCpu(fixture('stat.2'));
    // 102 busy jiffies and 99 idle ones between the captures.
    expect(cpuUtilization(a, b)).toBeCloseTo(102 / 201, 6);
  });

  it('counts iowait as idle and steal as busy, and leaves guest out (already in user)', () => {
    const a = parseProcStatCpu('cpu  100 0 0 100 0 0 0 0 0 0\n');
    const b = parseProcStatCpu('cpu  110 0 0 120 20 0 0 10 50 0\n');
    expect(b.busy - a.busy).toBe(20);
    expect(b.idle - a.idle).toBe(40);
  });

  it('gives no utilization when no time passed between readings', () => {
    const a = parseProcStatCpu('cpu  1 2 3 4 5 6 7 8 0 0');
    expect(cpuUtilization(a, a)).toBeNull();
  });

  it('names the file and shows the line when /proc/stat is not what it should be', () => {
    expect(() => parseProcStatCpu('intr 1 2 3')).toThrow(/\/proc\/stat: first line is not the aggregate cpu line: "intr 1 2 3"/);
    expect(() => parseProcStatCpu('cpu  a b c d')).toThrow(/non-numeric/);
  });

  it('reads total and available memory in bytes from a real /proc/meminfo', () => {
    const text = fixture('meminfo');
    const mem = parseMemInfo(text);
    const kib = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(text)![1]) * 1024;
    expect(mem).toEqual({ totalBytes: kib('MemTotal'), availableBytes: kib('MemAvailable') });
  });

  it('estimates available memory on kernels without MemAvailable', () => {
    expect(parseMemInfo(fixture('meminfo.linux-3.10'))).toEqual({ totalBytes: 2048000 * 1024, availableBytes: (512000 + 100000 + 300000) * 1024 });
  });

  it('refuses a meminfo without MemTotal', () => {
    expect(() => parseMemInfo('MemFree: 1 kB')).toThrow(/\/proc\/meminfo: no MemTotal line/);
  });
});
