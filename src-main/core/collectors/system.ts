// The machine, in three groups with their own rates: CPU, memory, load and uptime every second;
// disks, network and temperatures every 5 s; file systems every 30 s. On Linux everything comes
// from /proc and /sys (small reads, no child process); elsewhere CPU and memory come from
// systeminformation and the other groups are not offered.
import { readdirSync, readFileSync } from 'node:fs';
import type { SeriesInfo } from '../../shared/api';
import { formatSeriesId } from '../../shared/series-id';
import { seriesOf, type Collector } from '../collector';
import { filesystemCollector, type FsSizes } from './filesystems';
import {
  cpuShares,
  parseDiskStats,
  parseLoadAvg,
  parseMemDetail,
  parseNetDev,
  parseProcStatModes,
  parseUptime,
  type CpuModes,
} from './procfs';

export interface SystemOptions {
  /** Interval of the CPU/memory group; io and fs groups use 5 s and 30 s unless given. */
  intervalMs?: number;
  ioIntervalMs?: number;
  fsIntervalMs?: number;
  /** Reads a /proc or /sys file; replaced in tests. Sync on purpose: these are in-memory files and
   * cheaper to read directly than through the libuv thread pool. */
  readProc?: (path: string) => string;
  platform?: NodeJS.Platform;
  /** Root of /proc and /sys (tests point it at fixtures). */
  root?: string;
  /** statfs off the event loop; replaced in tests by one that hangs. */
  statfs?: (path: string) => Promise<FsSizes>;
}

type Values = Record<string, number>;
const id = formatSeriesId;
const MODES = ['user', 'system', 'iowait', 'steal'] as const;

const sys = seriesOf('system');
const io = seriesOf('system-io');

export const SYSTEM_SERIES: SeriesInfo[] = [
  sys('system_cpu_utilization_ratio', 'Share of CPU time spent busy, all cores', 'ratio'),
  sys('system_cpu_mode_ratio', 'Share of CPU time per mode (user, system, iowait, steal), all cores', 'ratio'),
  sys('system_cpu_core_utilization_ratio', 'Share of CPU time spent busy, per core', 'ratio'),
  sys('system_cpu_core_mode_ratio', 'Share of CPU time per mode, per core', 'ratio'),
  sys('system_memory_used_bytes', 'Memory in use (total minus available)', 'bytes'),
  sys('system_memory_available_bytes', 'Memory available for new work without swapping', 'bytes'),
  sys('system_memory_total_bytes', 'Physical memory', 'bytes'),
  sys('system_memory_utilization_ratio', 'Share of physical memory in use', 'ratio'),
  sys('system_memory_cached_bytes', 'Page cache and reclaimable kernel memory', 'bytes'),
  sys('system_swap_used_bytes', 'Swap in use', 'bytes'),
  sys('system_swap_total_bytes', 'Swap configured', 'bytes'),
  sys('system_load1', 'Load average over 1 minute', 'count'),
  sys('system_load5', 'Load average over 5 minutes', 'count'),
  sys('system_load15', 'Load average over 15 minutes', 'count'),
  sys('system_uptime_seconds', 'Time since the machine booted', 'seconds'),
];

function memoryValues(totalBytes: number, availableBytes: number): Values {
  const used = totalBytes - availableBytes;
  return {
    system_memory_used_bytes: used,
    system_memory_available_bytes: availableBytes,
    system_memory_total_bytes: totalBytes,
    system_memory_utilization_ratio: totalBytes > 0 ? Math.round((used / totalBytes) * 1e4) / 1e4 : 0,
  };
}

function cpuValues(prev: { total: CpuModes; cores: Map<string, CpuModes> } | null, cur: { total: CpuModes; cores: Map<string, CpuModes> }): Values {
  const out: Values = {};
  if (!prev) return out;
  const total = cpuShares(prev.total, cur.total);
  if (total) {
    out.system_cpu_utilization_ratio = total.utilization;
    for (const m of MODES) out[id('system_cpu_mode_ratio', { mode: m })] = total[m];
  }
  for (const [cpu, modes] of cur.cores) {
    const before = prev.cores.get(cpu);
    const sh = before ? cpuShares(before, modes) : null;
    if (!sh) continue;
    out[id('system_cpu_core_utilization_ratio', { cpu })] = sh.utilization;
    for (const m of MODES) out[id('system_cpu_core_mode_ratio', { cpu, mode: m })] = sh[m];
  }
  return out;
}

function linuxCpuMemory(read: (p: string) => string, root: string, intervalMs: number): Collector {
  let prev: ReturnType<typeof parseProcStatModes> | null = null;
  return {
    name: 'system',
    intervalMs,
    timeoutMs: Math.max(250, Math.floor(intervalMs * 0.8)),
    series: () => SYSTEM_SERIES,
    sample() {
      const cur = parseProcStatModes(read(`${root}/proc/stat`));
      const mem = parseMemDetail(read(`${root}/proc/meminfo`));
      const [l1, l5, l15] = parseLoadAvg(read(`${root}/proc/loadavg`));
      const values: Values = {
        ...memoryValues(mem.totalBytes, mem.availableBytes),
        ...cpuValues(prev, cur),
        system_memory_cached_bytes: mem.cachedBytes,
        system_swap_used_bytes: mem.swapTotalBytes - mem.swapFreeBytes,
        system_swap_total_bytes: mem.swapTotalBytes,
        system_load1: l1,
        system_load5: l5,
        system_load15: l15,
        system_uptime_seconds: Math.round(parseUptime(read(`${root}/proc/uptime`))),
      };
      prev = cur;
      return values;
    },
  };
}

/** Temperature sensors worth calling CPU temperature, found once: thermal zones and hwmon chips. */
function findTemperatureSensors(root: string, read: (p: string) => string): { label: string; path: string }[] {
  const out: { label: string; path: string }[] = [];
  const list = (dir: string) => {
    try {
      return readdirSync(`${root}${dir}`);
    } catch {
      return [];
    }
  };
  for (const zone of list('/sys/class/thermal').filter((z) => z.startsWith('thermal_zone'))) {
    try {
      const type = read(`${root}/sys/class/thermal/${zone}/type`).trim();
      if (/pkg|cpu|soc|core|k10|zen|acpitz/i.test(type)) out.push({ label: type, path: `${root}/sys/class/thermal/${zone}/temp` });
    } catch {
      // a zone without a type is skipped
    }
  }
  for (const chip of list('/sys/class/hwmon')) {
    let name: string;
    try {
      name = read(`${root}/sys/class/hwmon/${chip}/name`).trim();
    } catch {
      continue;
    }
    if (!/coretemp|k10temp|zenpower|cpu_thermal/i.test(name)) continue;
    for (const f of list(`/sys/class/hwmon/${chip}`).filter((x) => /^temp\d+_input$/.test(x))) {
      let label = f.replace('_input', '');
      try {
        label = read(`${root}/sys/class/hwmon/${chip}/${f.replace('_input', '_label')}`).trim();
      } catch {
        // unlabeled input keeps its file name
      }
      out.push({ label: `${name} ${label}`, path: `${root}/sys/class/hwmon/${chip}/${f}` });
    }
  }
  return out;
}

function linuxIo(read: (p: string) => string, root: string, intervalMs: number): Collector {
  // Whole disks are the entries of /sys/block, less loop, ram and zram devices.
  let disks: Set<string>;
  try {
    disks = new Set(readdirSync(`${root}/sys/block`).filter((d) => !/^(loop|ram|zram)/.test(d)));
  } catch {
    disks = new Set();
  }
  const sensors = findTemperatureSensors(root, read);
  return {
    name: 'system-io',
    intervalMs,
    timeoutMs: Math.max(500, Math.floor(intervalMs * 0.8)),
    series: () => [
      io('system_disk_read_bytes_total', 'Bytes read, per disk', 'bytes'),
      io('system_disk_written_bytes_total', 'Bytes written, per disk', 'bytes'),
      io('system_disk_reads_completed_total', 'Reads completed, per disk', 'count'),
      io('system_disk_writes_completed_total', 'Writes completed, per disk', 'count'),
      io('system_network_receive_bytes_total', 'Bytes received, per interface', 'bytes'),
      io('system_network_transmit_bytes_total', 'Bytes sent, per interface', 'bytes'),
      io('system_network_receive_errors_total', 'Receive errors, per interface', 'count'),
      io('system_network_transmit_errors_total', 'Transmit errors, per interface', 'count'),
      io('system_cpu_temperature_celsius', 'CPU temperature, per sensor', 'count'),
    ],
    sample() {
      const out: Values = {};
      for (const [device, d] of parseDiskStats(read(`${root}/proc/diskstats`), (n) => disks.has(n))) {
        out[id('system_disk_read_bytes_total', { device })] = d.readBytesTotal;
        out[id('system_disk_written_bytes_total', { device })] = d.writtenBytesTotal;
        out[id('system_disk_reads_completed_total', { device })] = d.readsTotal;
        out[id('system_disk_writes_completed_total', { device })] = d.writesTotal;
      }
      for (const [device, n] of parseNetDev(read(`${root}/proc/net/dev`))) {
        if (device === 'lo') continue;
        out[id('system_network_receive_bytes_total', { device })] = n.rxBytesTotal;
        out[id('system_network_transmit_bytes_total', { device })] = n.txBytesTotal;
        out[id('system_network_receive_errors_total', { device })] = n.rxErrorsTotal;
        out[id('system_network_transmit_errors_total', { device })] = n.txErrorsTotal;
      }
      for (const sensor of sensors) {
        try {
          const milli = Number(read(sensor.path).trim());
          if (Number.isFinite(milli)) out[id('system_cpu_temperature_celsius', { sensor: sensor.label })] = milli / 1000;
        } catch {
          // a sensor that went away is skipped this time
        }
      }
      return out;
    },
  };
}

function otherCpuMemory(intervalMs: number): Collector {
  return {
    name: 'system',
    intervalMs,
    timeoutMs: Math.max(250, Math.floor(intervalMs * 0.8)),
    series: () => SYSTEM_SERIES.filter((x) => !x.id.includes('mode') && !x.id.startsWith('system_swap') && x.id !== 'system_memory_cached_bytes'),
    async sample() {
      const si = await import('systeminformation');
      const [load, mem] = await Promise.all([si.currentLoad(), si.mem()]);
      const out: Values = { ...memoryValues(mem.total, mem.available), system_cpu_utilization_ratio: Math.round(load.currentLoad * 100) / 1e4 };
      load.cpus.forEach((c, i) => (out[id('system_cpu_core_utilization_ratio', { cpu: String(i) })] = Math.round(c.load * 100) / 1e4));
      return out;
    },
  };
}

export function createSystemCollectors(options: SystemOptions = {}): Collector[] {
  const platform = options.platform ?? process.platform;
  const intervalMs = options.intervalMs ?? 1000;
  if (platform !== 'linux') return [otherCpuMemory(intervalMs)];
  const read = options.readProc ?? ((path: string) => readFileSync(path, 'utf8'));
  const root = options.root ?? '';
  return [linuxCpuMemory(read, root, intervalMs), linuxIo(read, root, options.ioIntervalMs ?? 5000), filesystemCollector({ read, root, intervalMs: options.fsIntervalMs ?? 30_000, statfs: options.statfs })];
}
