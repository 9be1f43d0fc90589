// Total CPU utilization and memory, every second. On Linux straight from /proc (two small reads,
// no child process); elsewhere through systeminformation.
import { readFileSync } from 'node:fs';
import type { SeriesInfo } from '../../shared/api';
import type { Collector } from '../collector';
import { cpuUtilization, parseMemInfo, parseProcStatCpu, type CpuTimes } from './procfs';

export const SYSTEM_BASIC_SERIES: SeriesInfo[] = [
  { id: 'system_cpu_utilization_ratio', help: 'Share of CPU time spent busy, all cores', unit: 'ratio', collector: 'system' },
  { id: 'system_memory_used_bytes', help: 'Memory in use (total minus available)', unit: 'bytes', collector: 'system' },
  { id: 'system_memory_available_bytes', help: 'Memory available for new work without swapping', unit: 'bytes', collector: 'system' },
  { id: 'system_memory_total_bytes', help: 'Physical memory', unit: 'bytes', collector: 'system' },
  { id: 'system_memory_utilization_ratio', help: 'Share of physical memory in use', unit: 'ratio', collector: 'system' },
];

export interface SystemBasicOptions {
  intervalMs?: number;
  /** Reads a /proc file; replaced in tests. Sync on purpose: procfs reads are in-memory and
   * cheaper than a round trip through the libuv thread pool. */
  readProc?: (path: string) => string;
  platform?: NodeJS.Platform;
}

type Values = Record<string, number>;

function memoryValues(totalBytes: number, availableBytes: number): Values {
  const used = totalBytes - availableBytes;
  return {
    system_memory_used_bytes: used,
    system_memory_available_bytes: availableBytes,
    system_memory_total_bytes: totalBytes,
    system_memory_utilization_ratio: totalBytes > 0 ? used / totalBytes : 0,
  };
}

export function createSystemBasicCollector(options: SystemBasicOptions = {}): Collector {
  const intervalMs = options.intervalMs ?? 1000;
  const platform = options.platform ?? process.platform;
  const readProc = options.readProc ?? ((path: string) => readFileSync(path, 'utf8'));
  let prevCpu: CpuTimes | null = null;

  const sampleLinux = (): Values => {
    const cpu = parseProcStatCpu(readProc('/proc/stat'));
    const mem = parseMemInfo(readProc('/proc/meminfo'));
    const values = memoryValues(mem.totalBytes, mem.availableBytes);
    const util = prevCpu ? cpuUtilization(prevCpu, cpu) : null;
    prevCpu = cpu;
    if (util !== null) values.system_cpu_utilization_ratio = util;
    return values;
  };

  const sampleOther = async (): Promise<Values> => {
    const si = await import('systeminformation');
    const [load, mem] = await Promise.all([si.currentLoad(), si.mem()]);
    return { ...memoryValues(mem.total, mem.available), system_cpu_utilization_ratio: load.currentLoad / 100 };
  };

  return {
    name: 'system',
    intervalMs,
    timeoutMs: Math.max(250, Math.floor(intervalMs * 0.8)),
    series: () => SYSTEM_BASIC_SERIES,
    sample: platform === 'linux' ? sampleLinux : sampleOther,
  };
}
