// Parsers for the Linux /proc files the collectors read. Pure functions over file text, so they
// are tested against real captured files.

export interface MemInfo {
  totalBytes: number;
  availableBytes: number;
}

function meminfoKib(text: string): Map<string, number> {
  const kib = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^(\w+):\s+(\d+)/.exec(line);
    if (m) kib.set(m[1]!, Number(m[2]));
  }
  return kib;
}

/** /proc/meminfo, in bytes. */
export function parseMemInfo(text: string): MemInfo {
  return memFromKib(meminfoKib(text));
}

function memFromKib(kib: Map<string, number>): MemInfo {
  const total = kib.get('MemTotal');
  if (total === undefined) throw new Error('/proc/meminfo: no MemTotal line');
  // MemAvailable exists since Linux 3.14; before that free + buffers + cache is the usual estimate.
  const available = kib.get('MemAvailable') ?? (kib.get('MemFree') ?? 0) + (kib.get('Buffers') ?? 0) + (kib.get('Cached') ?? 0);
  return { totalBytes: total * 1024, availableBytes: Math.min(total, available) * 1024 };
}

/** Jiffies per CPU mode, from one `cpu` line of /proc/stat. */
export interface CpuModes {
  user: number;
  nice: number;
  system: number;
  idle: number;
  iowait: number;
  irq: number;
  softirq: number;
  steal: number;
}

/** Every `cpu` line of /proc/stat: the aggregate first, then one per core (by its number). */
export function parseProcStatModes(text: string): { total: CpuModes; cores: Map<string, CpuModes> } {
  const cores = new Map<string, CpuModes>();
  let total: CpuModes | null = null;
  for (const line of text.split('\n')) {
    if (!line.startsWith('cpu')) {
      if (total) break; // the cpu lines come first and together
      continue;
    }
    const f = line.trim().split(/\s+/);
    const n = f.slice(1, 9).map(Number);
    if (n.length < 4 || n.some((x) => !Number.isFinite(x))) throw new Error(`/proc/stat: malformed line ${JSON.stringify(line.slice(0, 80))}`);
    const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = n;
    const modes = { user, nice, system, idle, iowait, irq, softirq, steal };
    if (f[0] === 'cpu') total = modes;
    else cores.set(f[0]!.slice(3), modes);
  }
  if (!total) throw new Error('/proc/stat: no aggregate cpu line');
  return { total, cores };
}

export interface CpuShares {
  utilization: number;
  user: number;
  system: number;
  iowait: number;
  steal: number;
}

/** Shares of time per mode between two readings; null when no time passed (or a counter went back). */
export function cpuShares(prev: CpuModes, cur: CpuModes): CpuShares | null {
  const d = (k: keyof CpuModes) => cur[k] - prev[k];
  const user = d('user') + d('nice');
  const system = d('system') + d('irq') + d('softirq');
  const idle = d('idle');
  const iowait = d('iowait');
  const steal = d('steal');
  const total = user + system + idle + iowait + steal;
  if (total <= 0 || [user, system, idle, iowait, steal].some((x) => x < 0)) return null;
  const r = (x: number) => Math.round((x / total) * 1e4) / 1e4;
  return { utilization: r(user + system + steal), user: r(user), system: r(system), iowait: r(iowait), steal: r(steal) };
}

export interface MemDetail {
  totalBytes: number;
  availableBytes: number;
  cachedBytes: number;
  swapTotalBytes: number;
  swapFreeBytes: number;
}

export function parseMemDetail(text: string): MemDetail {
  const kib = meminfoKib(text);
  const base = memFromKib(kib);
  return {
    ...base,
    cachedBytes: ((kib.get('Cached') ?? 0) + (kib.get('SReclaimable') ?? 0)) * 1024,
    swapTotalBytes: (kib.get('SwapTotal') ?? 0) * 1024,
    swapFreeBytes: (kib.get('SwapFree') ?? 0) * 1024,
  };
}

export function parseLoadAvg(text: string): [number, number, number] {
  const f = text.trim().split(/\s+/).slice(0, 3).map(Number);
  if (f.length < 3 || f.some((x) => !Number.isFinite(x))) throw new Error(`/proc/loadavg: malformed ${JSON.stringify(text.slice(0, 60))}`);
  return f as [number, number, number];
}

export function parseUptime(text: string): number {
  const v = Number(text.trim().split(/\s+/)[0]);
  if (!Number.isFinite(v)) throw new Error(`/proc/uptime: malformed ${JSON.stringify(text.slice(0, 60))}`);
  return v;
}

export interface DiskCounters {
  readsTotal: number;
  writesTotal: number;
  readBytesTotal: number;
  writtenBytesTotal: number;
}

/** /proc/diskstats for whole disks only (`isDisk` decides, e.g. from /sys/block). Sectors are 512 bytes. */
export function parseDiskStats(text: string, isDisk: (name: string) => boolean): Map<string, DiskCounters> {
  const out = new Map<string, DiskCounters>();
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 14 || !isDisk(f[2]!)) continue;
    out.set(f[2]!, { readsTotal: Number(f[3]), readBytesTotal: Number(f[5]) * 512, writesTotal: Number(f[7]), writtenBytesTotal: Number(f[9]) * 512 });
  }
  return out;
}

export interface NetCounters {
  rxBytesTotal: number;
  rxErrorsTotal: number;
  txBytesTotal: number;
  txErrorsTotal: number;
}

export function parseNetDev(text: string): Map<string, NetCounters> {
  const out = new Map<string, NetCounters>();
  for (const line of text.split('\n').slice(2)) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim();
    const f = line.slice(colon + 1).trim().split(/\s+/).map(Number);
    if (f.length < 16) continue;
    out.set(name, { rxBytesTotal: f[0]!, rxErrorsTotal: f[2]!, txBytesTotal: f[8]!, txErrorsTotal: f[10]! });
  }
  return out;
}

/** File systems worth showing: real devices and the common network and container ones, no pseudo fs. */
const REAL_FS = new Set(['ext2', 'ext3', 'ext4', 'xfs', 'btrfs', 'zfs', 'f2fs', 'vfat', 'exfat', 'ntfs', 'ntfs3', 'fuseblk', 'nfs', 'nfs4', 'cifs', 'overlay', 'bcachefs', 'jfs', 'reiserfs']);

export function parseMounts(text: string): { device: string; mountpoint: string; fstype: string }[] {
  const seen = new Set<string>();
  const out: { device: string; mountpoint: string; fstype: string }[] = [];
  for (const line of text.split('\n')) {
    const [device, rawMount, fstype] = line.split(' ');
    if (!device || !rawMount || !fstype || !REAL_FS.has(fstype)) continue;
    // Octal escapes (\040 for a space) as the kernel writes them.
    const mountpoint = rawMount.replace(/\\([0-7]{3})/g, (_m, o: string) => String.fromCharCode(parseInt(o, 8)));
    if (seen.has(mountpoint)) continue;
    seen.add(mountpoint);
    out.push({ device, mountpoint, fstype });
  }
  return out;
}

/** Clock ticks per second of /proc/<pid>/stat times; 100 on every mainstream Linux build. */
export const CLK_TCK = 100;
export const PAGE_SIZE = 4096;

export interface PidStat {
  pid: number;
  comm: string;
  state: string;
  ppid: number;
  /** utime + stime, in clock ticks. */
  cpuTicks: number;
  /** Start time after boot, in clock ticks. */
  startTicks: number;
  vsizeBytes: number;
  rssBytes: number;
  threads: number;
}

/** /proc/<pid>/stat. The command name may hold spaces and parentheses, so fields are counted from the last ')'. */
export function parsePidStat(text: string): PidStat {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) throw new Error(`/proc/<pid>/stat: malformed ${JSON.stringify(text.slice(0, 60))}`);
  const f = text.slice(close + 2).split(' ');
  // f[0] is field 3 (state); field n is f[n - 3].
  const num = (n: number) => Number(f[n - 3]);
  return {
    pid: Number(text.slice(0, open).trim()),
    comm: text.slice(open + 1, close),
    state: f[0] ?? '?',
    ppid: num(4),
    cpuTicks: num(14) + num(15),
    startTicks: num(22),
    vsizeBytes: num(23),
    rssBytes: num(24) * PAGE_SIZE,
    threads: num(20),
  };
}

export function parsePidIo(text: string): { readBytes: number; writeBytes: number } {
  const get = (k: string) => Number(new RegExp(`^${k}:\\s*(\\d+)`, 'm').exec(text)?.[1] ?? NaN);
  return { readBytes: get('read_bytes'), writeBytes: get('write_bytes') };
}

export function parseMaxOpenFiles(limits: string): number | null {
  const m = /^Max open files\s+(\S+)/m.exec(limits);
  return m && m[1] !== 'unlimited' ? Number(m[1]) : null;
}

/** Socket inodes listening on `port` in /proc/net/tcp or tcp6. */
export function listeningInodes(tcpText: string, port: number): number[] {
  const out: number[] = [];
  for (const line of tcpText.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 10 || f[3] !== '0A') continue; // 0A = LISTEN
    const local = f[1]!;
    if (parseInt(local.slice(local.lastIndexOf(':') + 1), 16) === port) out.push(Number(f[9]));
  }
  return out;
}
