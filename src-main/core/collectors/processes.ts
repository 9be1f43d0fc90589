// Watches the assistant's processes: each target is found by PID file, process name, command-line
// pattern or listening TCP port, and watched with all its children as a group. The full /proc
// scan that finds them runs every few seconds; each tick reads only the group's own files.
import { closeSync, existsSync, openSync, readdirSync, readFileSync, readlinkSync, readSync, constants } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import type { ProcessGroupStatus, ProcessInfo, ProcessRestart } from '../../shared/api';
import { formatSeriesId } from '../../shared/series-id';
import { seriesOf, type Collector } from '../collector';
import { CLK_TCK, listeningInodes, parseMaxOpenFiles, parsePidIo, parsePidStat, parseUptime, type PidStat } from './procfs';

export interface ProcessTarget {
  name: string;
  /** A known process id (the monitor watching itself). */
  pid?: number;
  pidFile?: string;
  /** Exact process name (as in /proc/<pid>/comm, at most 15 characters). */
  process?: string;
  /** Regular expression over the command line. */
  cmdline?: string;
  /** TCP port the process listens on. */
  port?: number;
}

export const MAX_MATCHES = 50;
const DISCOVERY_MS = 5000;
/** Files read between yields to the event loop during a scan (a few hundred µs of work). */
const YIELD_EVERY = 24;
/** Longest stretch of scanning between yields: some processes hold thousands of descriptors. */
const SLICE_MS = 4;

const yieldToLoop = () => new Promise<void>((r) => setImmediate(r));

interface Group {
  target: ProcessTarget;
  state: ProcessGroupStatus['state'];
  reason: string | null;
  root: { pid: number; startTicks: number } | null;
  pids: number[];
  maxFds: number | null;
  restarts: number;
  prevTicks: Map<number, number>;
  /** CPU seconds the group used while watched (sum of per-tick deltas, so exits keep theirs). */
  cpuSeconds: number;
  prevIo: Map<number, { readBytes: number; writeBytes: number }>;
  readTotal: number;
  writeTotal: number;
  processes: ProcessInfo[];
}

export interface ProcessCollector extends Collector {
  groups(): ProcessGroupStatus[];
  /** The last tick's totals of one group, or null. */
  totals(target: string): GroupTotals | null;
  restarts(): ProcessRestart[];
  onRestart(listener: (r: ProcessRestart) => void): () => void;
}

export interface GroupTotals {
  /** CPU of the last tick, in cores. */
  cpuRatio: number | null;
  /** CPU seconds used since watching began: a counter, for averages over any span. */
  cpuSeconds: number;
  rssBytes: number;
  count: number;
}

export interface ProcessCollectorOptions {
  intervalMs?: number;
  /** Where /proc is (tests use the real one; kept for symmetry with the system collectors). */
  proc?: string;
  /** Reads new kernel log lines; null when unreadable. Replaced in tests. */
  readKernelLog?: () => string[] | null;
  now?: () => number;
  /** GPU memory per process id (from the GPU collector), summed per group when given. */
  gpuMemory?: () => Map<number, number>;
}

function errCode(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException).code;
}

/** New lines of the kernel ring buffer, read without blocking; null when not readable (not root). */
export function readKmsg(): string[] | null {
  let fd: number;
  try {
    fd = openSync('/dev/kmsg', constants.O_RDONLY | constants.O_NONBLOCK);
  } catch {
    return null;
  }
  const lines: string[] = [];
  const buf = Buffer.alloc(8192);
  try {
    for (let i = 0; i < 10_000; i++) {
      let n: number;
      try {
        n = readSync(fd, buf, 0, buf.length, null);
      } catch (err) {
        if (errCode(err) === 'EAGAIN') break;
        if (errCode(err) === 'EPIPE') continue; // records overwritten meanwhile
        throw err;
      }
      if (n <= 0) break;
      const rec = buf.toString('utf8', 0, n);
      lines.push(rec.slice(rec.indexOf(';') + 1).trim());
    }
  } finally {
    closeSync(fd);
  }
  return lines;
}

export function createProcessCollector(targets: ProcessTarget[], options: ProcessCollectorOptions = {}): ProcessCollector {
  const proc = options.proc ?? '/proc';
  const now = options.now ?? Date.now;
  const readKernelLog = options.readKernelLog ?? readKmsg;
  const cores = Math.max(1, cpus().length);
  const groups: Group[] = targets.map((target) => ({
    target,
    state: 'not found',
    reason: 'not looked for yet',
    root: null,
    pids: [],
    maxFds: null,
    restarts: 0,
    prevTicks: new Map(),
    cpuSeconds: 0,
    prevIo: new Map(),
    readTotal: 0,
    writeTotal: 0,
    processes: [],
  }));
  const restartLog: ProcessRestart[] = [];
  const lastTotals = new Map<string, GroupTotals>();
  const listeners = new Set<(r: ProcessRestart) => void>();
  let lastDiscovery = -Infinity;
  let lastTickAt: number | null = null;
  // Kernel lines seen since the last restart check, so evidence from just before a crash is kept.
  let kernelLines: string[] = [];

  const read = (path: string) => readFileSync(path, 'utf8');
  /** The executable's base name from argv[0] (Node, for one, names its main thread "MainThread"). */
  const commandName = (pid: number): string | null => {
    try {
      const argv0 = read(`${proc}/${pid}/cmdline`).split('\0', 1)[0] ?? '';
      return argv0 ? argv0.slice(argv0.lastIndexOf('/') + 1) : null;
    } catch {
      return null;
    }
  };
  /** Display names of watched processes, looked up once per discovery. */
  const names = new Map<number, string>();

  async function scanAll(): Promise<Map<number, PidStat>> {
    const all = new Map<number, PidStat>();
    let n = 0;
    for (const name of readdirSync(proc)) {
      const c = name.charCodeAt(0);
      if (c < 48 || c > 57) continue;
      if (++n % YIELD_EVERY === 0) await yieldToLoop();
      try {
        const st = parsePidStat(read(`${proc}/${name}/stat`));
        all.set(st.pid, st);
      } catch {
        // exited while we looked
      }
    }
    return all;
  }

  async function pidsOnPort(port: number, all: Map<number, PidStat>): Promise<number[]> {
    const inodes = new Set<number>();
    for (const f of ['net/tcp', 'net/tcp6']) {
      try {
        // The socket tables are generated on read, which can take tens of ms on a busy (or
        // virtualised) kernel: read them through the thread pool, not on the loop.
        for (const i of listeningInodes(await readFile(`${proc}/${f}`, 'utf8'), port)) inodes.add(i);
      } catch {
        // no IPv6
      }
    }
    if (inodes.size === 0) return [];
    const out: number[] = [];
    let sliceStart = performance.now();
    for (const pid of all.keys()) {
      if (performance.now() - sliceStart > SLICE_MS) {
        await yieldToLoop();
        sliceStart = performance.now();
      }
      let fds: string[];
      try {
        fds = readdirSync(`${proc}/${pid}/fd`);
      } catch {
        continue;
      }
      for (const fd of fds) {
        try {
          const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`${proc}/${pid}/fd/${fd}`));
          if (m && inodes.has(Number(m[1]))) {
            out.push(pid);
            break;
          }
        } catch {
          // closed meanwhile
        }
      }
    }
    return out;
  }

  /** Roots of a target: its matching processes, without those whose parent also matches. */
  async function findRoots(g: Group, all: Map<number, PidStat>): Promise<number[]> {
    const t = g.target;
    let matches: number[] = [];
    if (t.pid !== undefined) {
      if (!all.has(t.pid)) throw new StatusError('not found', `process ${t.pid} is not running`);
      return [t.pid];
    }
    if (t.pidFile) {
      let text: string;
      try {
        text = read(t.pidFile).trim();
      } catch (err) {
        const code = errCode(err);
        throw new StatusError(code === 'EACCES' ? 'access denied' : 'not found', `PID file ${t.pidFile} cannot be read (${code ?? (err as Error).message})`);
      }
      if (!/^\d{1,10}$/.test(text)) throw new StatusError('error', `PID file ${t.pidFile} does not hold a process id (starts with ${JSON.stringify(text.slice(0, 20))})`);
      if (!all.has(Number(text))) throw new StatusError('not found', `PID file ${t.pidFile} names process ${text}, which is not running`);
      return [Number(text)];
    }
    if (t.port !== undefined) matches = await pidsOnPort(t.port, all);
    else if (t.process !== undefined) matches = [...all.values()].filter((p) => p.comm === t.process || commandName(p.pid) === t.process).map((p) => p.pid);
    else if (t.cmdline !== undefined) {
      const re = new RegExp(t.cmdline);
      let n = 0;
      for (const pid of all.keys()) {
        if (++n % YIELD_EVERY === 0) await yieldToLoop();
        if (pid === process.pid) continue; // never ourselves
        try {
          if (re.test(read(`${proc}/${pid}/cmdline`).replace(/\0/g, ' ').trim())) matches.push(pid);
        } catch {
          // exited
        }
      }
    }
    const set = new Set(matches);
    return matches.filter((pid) => !set.has(all.get(pid)?.ppid ?? -1));
  }

  async function discover(): Promise<void> {
    const all = await scanAll();
    names.clear();
    const children = new Map<number, number[]>();
    for (const p of all.values()) {
      const list = children.get(p.ppid);
      if (list) list.push(p.pid);
      else children.set(p.ppid, [p.pid]);
    }
    for (const g of groups) {
      let roots: number[];
      try {
        roots = await findRoots(g, all);
      } catch (err) {
        g.state = err instanceof StatusError ? err.state : 'error';
        g.reason = (err as Error).message;
        g.pids = [];
        continue;
      }
      if (roots.length === 0) {
        g.state = 'not found';
        g.reason = `no process matches ${describe(g.target)}`;
        g.pids = [];
        continue;
      }
      // Oldest first: the longest-running match is the group's root.
      roots.sort((a, b) => all.get(a)!.startTicks - all.get(b)!.startTicks);
      let warning: string | null = null;
      if (roots.length > MAX_MATCHES) {
        warning = `${describe(g.target)} matches ${roots.length} processes; watching the ${MAX_MATCHES} oldest, narrow the pattern`;
        roots = roots.slice(0, MAX_MATCHES);
      }
      const pids: number[] = [];
      const queue = [...roots];
      while (queue.length > 0 && pids.length < 4 * MAX_MATCHES) {
        const pid = queue.shift()!;
        pids.push(pid);
        queue.push(...(children.get(pid) ?? []));
      }
      const root = all.get(roots[0]!)!;
      const next = { pid: root.pid, startTicks: root.startTicks };
      if (g.root && (g.root.pid !== next.pid || g.root.startTicks !== next.startTicks)) recordRestart(g, g.root.pid, next.pid);
      g.root = next;
      g.pids = pids;
      for (const pid of pids) names.set(pid, commandName(pid) ?? all.get(pid)!.comm);
      g.state = 'running';
      g.reason = warning;
      try {
        g.maxFds = parseMaxOpenFiles(read(`${proc}/${root.pid}/limits`));
      } catch {
        g.maxFds = null;
      }
    }
  }

  function recordRestart(g: Group, oldPid: number | null, newPid: number): void {
    const fresh = readKernelLog();
    if (fresh) kernelLines = [...kernelLines, ...fresh].slice(-500);
    const evidence = oldPid === null ? [] : kernelLines.filter((l) => new RegExp(`\\b${oldPid}\\b`).test(l) && /kill|oom|out of memory|segfault/i.test(l));
    const r: ProcessRestart = { target: g.target.name, at: now(), oldPid, newPid, evidence };
    g.restarts++;
    restartLog.push(r);
    if (restartLog.length > 200) restartLog.shift();
    for (const l of listeners) l(r);
  }

  /**
   * The full /proc scan runs beside the ticks, yielding to the event loop as it goes, and its
   * result applies from the next tick; only the very first tick waits for it.
   */
  let discovering: Promise<void> | null = null;
  async function sample(): Promise<Record<string, number>> {
    const t = now();
    // Rediscover on schedule, or at once when a watched root vanished (a restart is being missed).
    const rootGone = groups.some((g) => g.root && g.state === 'running' && !existsSync(`${proc}/${g.root.pid}`));
    const due = t - lastDiscovery >= DISCOVERY_MS || rootGone || groups.some((g) => g.state !== 'running' && t - lastDiscovery >= 1000);
    if (lastDiscovery === -Infinity) {
      lastDiscovery = t;
      await discover();
    } else if (due && !discovering) {
      lastDiscovery = t;
      // Started after this tick returns, so not even the scan's first chunk lands in the tick.
      discovering = new Promise<void>((r) => setImmediate(r))
        .then(discover)
        .finally(() => (discovering = null));
    }
    const wall = lastTickAt === null ? null : (t - lastTickAt) / 1000;
    lastTickAt = t;
    const bootSeconds = parseUptime(read(`${proc}/uptime`));
    const out: Record<string, number> = {};
    for (const g of groups) {
      const labels = { target: g.target.name };
      out[formatSeriesId('process_up', labels)] = g.state === 'running' ? 1 : 0;
      out[formatSeriesId('process_restarts_total', labels)] = g.restarts;
      if (g.state !== 'running') {
        g.processes = [];
        lastTotals.delete(g.target.name);
        continue;
      }
      let cpu = 0;
      let cpuKnown = false;
      let rss = 0;
      let vms = 0;
      let threads = 0;
      let fds = 0;
      let fdsKnown = true;
      let ioDenied = false;
      const processes: ProcessInfo[] = [];
      const alive: number[] = [];
      for (const pid of g.pids) {
        let st: PidStat;
        try {
          st = parsePidStat(read(`${proc}/${pid}/stat`));
        } catch {
          g.prevTicks.delete(pid);
          continue; // exited between discovery and now
        }
        alive.push(pid);
        const before = g.prevTicks.get(pid);
        g.prevTicks.set(pid, st.cpuTicks);
        let ratio: number | null = null;
        if (before !== undefined && wall && wall > 0) {
          const used = Math.max(0, (st.cpuTicks - before) / CLK_TCK);
          g.cpuSeconds += used;
          ratio = used / wall;
          cpu += ratio;
          cpuKnown = true;
        }
        let open: number | null = null;
        try {
          open = readdirSync(`${proc}/${pid}/fd`).length;
          fds += open;
        } catch (err) {
          if (errCode(err) === 'EACCES') fdsKnown = false;
        }
        try {
          const io = parsePidIo(read(`${proc}/${pid}/io`));
          const prev = g.prevIo.get(pid);
          if (prev) {
            g.readTotal += Math.max(0, io.readBytes - prev.readBytes);
            g.writeTotal += Math.max(0, io.writeBytes - prev.writeBytes);
          }
          g.prevIo.set(pid, io);
        } catch (err) {
          if (errCode(err) === 'EACCES') ioDenied = true;
        }
        rss += st.rssBytes;
        vms += st.vsizeBytes;
        threads += st.threads;
        processes.push({ pid, ppid: st.ppid, name: names.get(pid) ?? st.comm, cpuRatio: ratio === null ? null : Math.round(ratio * 1e4) / 1e4, rssBytes: st.rssBytes, threads: st.threads, openFds: open });
      }
      if (alive.length === 0) {
        g.state = 'not found';
        g.reason = 'the watched processes exited';
        g.processes = [];
        out[formatSeriesId('process_up', labels)] = 0;
        continue;
      }
      g.pids = alive;
      g.processes = processes;
      if (ioDenied || !fdsKnown) g.reason = `access denied to ${[!fdsKnown ? 'open files' : null, ioDenied ? 'IO counters' : null].filter(Boolean).join(' and ')} of some processes (run the monitor as the same user)`;
      const root = processes[0]!;
      lastTotals.set(g.target.name, { cpuRatio: cpuKnown ? Math.round(cpu * 1e4) / 1e4 : null, cpuSeconds: g.cpuSeconds, rssBytes: rss, count: processes.length });
      out[formatSeriesId('process_group_processes', labels)] = processes.length;
      if (cpuKnown) {
        out[formatSeriesId('process_cpu_ratio', labels)] = Math.round(cpu * 1e4) / 1e4;
        out[formatSeriesId('process_cpu_machine_ratio', labels)] = Math.round((cpu / cores) * 1e4) / 1e4;
      }
      out[formatSeriesId('process_resident_memory_bytes', labels)] = rss;
      if (options.gpuMemory) {
        const perPid = options.gpuMemory();
        if (perPid.size > 0) out[formatSeriesId('process_gpu_memory_bytes', labels)] = g.pids.reduce((a, pid) => a + (perPid.get(pid) ?? 0), 0);
      }
      out[formatSeriesId('process_virtual_memory_bytes', labels)] = vms;
      out[formatSeriesId('process_threads', labels)] = threads;
      if (fdsKnown) out[formatSeriesId('process_open_fds', labels)] = fds;
      if (g.maxFds !== null) out[formatSeriesId('process_max_fds', labels)] = g.maxFds;
      if (!ioDenied) {
        out[formatSeriesId('process_read_bytes_total', labels)] = g.readTotal;
        out[formatSeriesId('process_written_bytes_total', labels)] = g.writeTotal;
      }
      try {
        const rootStat = parsePidStat(read(`${proc}/${root.pid}/stat`));
        out[formatSeriesId('process_uptime_seconds', labels)] = Math.max(0, Math.round(bootSeconds - rootStat.startTicks / CLK_TCK));
      } catch {
        // root exited this very moment; next tick rediscovers
      }
    }
    return out;
  }

  const series = seriesOf('processes');
  return {
    name: 'processes',
    intervalMs: options.intervalMs ?? 1000,
    timeoutMs: 800,
    series: () => [
      series('process_up', '1 while a watched process group is running', 'count'),
      series('process_cpu_ratio', 'CPU of the group, in cores (1 = one full core)', 'ratio'),
      series('process_cpu_machine_ratio', 'CPU of the group, as a share of the whole machine', 'ratio'),
      series('process_resident_memory_bytes', 'Resident memory of the group', 'bytes'),
      series('process_virtual_memory_bytes', 'Virtual memory of the group', 'bytes'),
      series('process_gpu_memory_bytes', 'GPU memory used by the group (NVIDIA)', 'bytes'),
      series('process_threads', 'Threads of the group', 'count'),
      series('process_open_fds', 'Open file descriptors of the group', 'count'),
      series('process_max_fds', 'Open file limit of the root process', 'count'),
      series('process_read_bytes_total', 'Bytes the group read from storage', 'bytes'),
      series('process_written_bytes_total', 'Bytes the group wrote to storage', 'bytes'),
      series('process_uptime_seconds', 'Time since the root process started', 'seconds'),
      series('process_group_processes', 'Processes in the group', 'count'),
      series('process_restarts_total', 'Restarts seen (PID or start time of the root changed)', 'count'),
    ],
    sample,
    totals: (target) => lastTotals.get(target) ?? null,
    groups: () =>
      groups.map((g) => ({ target: g.target.name, state: g.state, reason: g.reason, rootPid: g.root?.pid ?? null, processes: g.processes.map((p) => ({ ...p })), restarts: g.restarts })),
    restarts: () => restartLog.map((r) => ({ ...r, evidence: [...r.evidence] })),
    onRestart(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

class StatusError extends Error {
  constructor(
    readonly state: ProcessGroupStatus['state'],
    message: string,
  ) {
    super(message);
  }
}

function describe(t: ProcessTarget): string {
  if (t.pid !== undefined) return `process ${t.pid}`;
  if (t.pidFile) return `PID file ${t.pidFile}`;
  if (t.port !== undefined) return `a process listening on TCP port ${t.port}`;
  if (t.process !== undefined) return `process name ${JSON.stringify(t.process)}`;
  return `command line /${t.cmdline}/`;
}
