// Parsers for the Linux /proc files the collectors read. Pure functions over file text, so they
// are tested against real captured files.

export interface CpuTimes {
  /** Jiffies spent not idle (user, nice, system, irq, softirq, steal). */
  busy: number;
  /** Jiffies idle or waiting for IO. */
  idle: number;
}

/** The aggregate `cpu` line of /proc/stat. */
export function parseProcStatCpu(text: string): CpuTimes {
  const line = text.split('\n', 1)[0] ?? '';
  const fields = line.trim().split(/\s+/);
  if (fields[0] !== 'cpu' || fields.length < 5) {
    throw new Error(`/proc/stat: first line is not the aggregate cpu line: ${JSON.stringify(line.slice(0, 80))}`);
  }
  const n = fields.slice(1, 9).map(Number);
  if (n.some((x) => !Number.isFinite(x))) throw new Error(`/proc/stat: non-numeric cpu field in ${JSON.stringify(line.slice(0, 80))}`);
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = n;
  // guest and guest_nice are already counted in user and nice, so they are left out.
  return { busy: user + nice + system + irq + softirq + steal, idle: idle + iowait };
}

/** Share of time busy between two readings, 0..1; null when no time passed. */
export function cpuUtilization(prev: CpuTimes, cur: CpuTimes): number | null {
  const busy = cur.busy - prev.busy;
  const total = busy + (cur.idle - prev.idle);
  if (total <= 0) return null;
  return Math.min(1, Math.max(0, busy / total));
}

export interface MemInfo {
  totalBytes: number;
  availableBytes: number;
}

/** /proc/meminfo, in bytes. */
export function parseMemInfo(text: string): MemInfo {
  const kib = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^(\w+):\s+(\d+)/.exec(line);
    if (m) kib.set(m[1]!, Number(m[2]));
  }
  const total = kib.get('MemTotal');
  if (total === undefined) throw new Error('/proc/meminfo: no MemTotal line');
  // MemAvailable exists since Linux 3.14; before that free + buffers + cache is the usual estimate.
  const available = kib.get('MemAvailable') ?? (kib.get('MemFree') ?? 0) + (kib.get('Buffers') ?? 0) + (kib.get('Cached') ?? 0);
  return { totalBytes: total * 1024, availableBytes: Math.min(total, available) * 1024 };
}
