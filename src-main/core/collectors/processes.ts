// Watches the assistant's processes: each target is found by PID file, process name, command-line
// pattern or listening TCP port, and watched with all its children as a group. The full /proc
// scan that finds them (process/discovery) runs every few seconds; each tick reads only the
// group's own files (process/group-reading); a changed root is a restart (process/restarts).
import { existsSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import type { ProcessGroupStatus, ProcessInfo, ProcessRestart } from '../../shared/api';
import { formatSeriesId } from '../../shared/series-id';
import { seriesOf, type Collector } from '../collector';
import { childrenOf, findGroup, scanAll, StatusError, type ProcessTarget } from './process/discovery';
import { newUsage, readGroup, type Usage } from './process/group-reading';
import { readKmsg } from './process/kernel-log';
import { createRestartLog } from './process/restarts';
import { parseUptime } from './procfs';

export { MAX_MATCHES, type ProcessTarget } from './process/discovery';
export { readKmsg } from './process/kernel-log';

const DISCOVERY_MS = 5000;

interface Group {
  target: ProcessTarget;
  state: ProcessGroupStatus['state'];
  reason: string | null;
  root: { pid: number; startTicks: number } | null;
  pids: number[];
  names: Map<number, string>;
  maxFds: number | null;
  restarts: number;
  usage: Usage;
  processes: ProcessInfo[];
}

export interface GroupTotals {
  /** CPU of the last tick, in cores. */
  cpuRatio: number | null;
  /** CPU seconds used since watching began: a counter, for averages over any span. */
  cpuSeconds: number;
  rssBytes: number;
  count: number;
}

export interface ProcessCollector extends Collector {
  groups(): ProcessGroupStatus[];
  /** The last tick's totals of one group, or null. */
  totals(target: string): GroupTotals | null;
  restarts(): ProcessRestart[];
  onRestart(listener: (r: ProcessRestart) => void): () => void;
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

const series = seriesOf('processes');
const PROCESS_SERIES = [
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
];

export function createProcessCollector(targets: ProcessTarget[], options: ProcessCollectorOptions = {}): ProcessCollector {
  const proc = options.proc ?? '/proc';
  const now = options.now ?? Date.now;
  const cores = Math.max(1, cpus().length);
  const restartLog = createRestartLog(options.readKernelLog ?? readKmsg, now);
  const groups: Group[] = targets.map((target) => ({
    target,
    state: 'not found',
    reason: 'not looked for yet',
    root: null,
    pids: [],
    names: new Map(),
    maxFds: null,
    restarts: 0,
    usage: newUsage(),
    processes: [],
  }));
  const lastTotals = new Map<string, GroupTotals>();
  let lastDiscovery = -Infinity;
  let lastTickAt: number | null = null;

  async function discover(): Promise<void> {
    const all = await scanAll(proc);
    const children = childrenOf(all);
    for (const g of groups) {
      try {
        const found = await findGroup(proc, g.target, all, children);
        if (g.root && (g.root.pid !== found.root.pid || g.root.startTicks !== found.root.startTicks)) {
          g.restarts++; // before listeners hear of it, so groups() agrees with them
          restartLog.record(g.target.name, g.root.pid, found.root.pid);
        }
        Object.assign(g, { root: found.root, pids: found.pids, names: found.names, maxFds: found.maxFds, state: 'running', reason: found.warning });
      } catch (err) {
        g.state = err instanceof StatusError ? err.state : 'error';
        g.reason = (err as Error).message;
        g.pids = [];
      }
    }
  }

  /**
   * The full /proc scan runs beside the ticks, yielding to the event loop as it goes, and its
   * result applies from the next tick; only the very first tick waits for it.
   */
  let discovering: Promise<void> | null = null;
  async function scheduleDiscovery(t: number): Promise<void> {
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
  }

  /** One group's series for this tick. */
  function sampleGroup(g: Group, wall: number | null, bootSeconds: number, out: Record<string, number>): void {
    const key = (name: string) => formatSeriesId(name, { target: g.target.name });
    out[key('process_up')] = g.state === 'running' ? 1 : 0;
    out[key('process_restarts_total')] = g.restarts;
    if (g.state !== 'running') {
      g.processes = [];
      lastTotals.delete(g.target.name);
      return;
    }
    const r = readGroup(proc, g.pids, g.names, g.usage, wall);
    if (r.processes.length === 0) {
      g.state = 'not found';
      g.reason = 'the watched processes exited';
      g.processes = [];
      out[key('process_up')] = 0;
      return;
    }
    g.pids = r.processes.map((p) => p.pid);
    g.processes = r.processes;
    if (r.ioDenied || r.openFds === null) {
      g.reason = `access denied to ${[r.openFds === null ? 'open files' : null, r.ioDenied ? 'IO counters' : null].filter(Boolean).join(' and ')} of some processes (run the monitor as the same user)`;
    }
    lastTotals.set(g.target.name, { cpuRatio: r.cpuRatio, cpuSeconds: g.usage.cpuSeconds, rssBytes: r.rssBytes, count: r.processes.length });
    out[key('process_group_processes')] = r.processes.length;
    if (r.cpuRatio !== null) {
      out[key('process_cpu_ratio')] = r.cpuRatio;
      out[key('process_cpu_machine_ratio')] = Math.round((r.cpuRatio / cores) * 1e4) / 1e4;
    }
    out[key('process_resident_memory_bytes')] = r.rssBytes;
    if (options.gpuMemory) {
      const perPid = options.gpuMemory();
      if (perPid.size > 0) out[key('process_gpu_memory_bytes')] = g.pids.reduce((a, pid) => a + (perPid.get(pid) ?? 0), 0);
    }
    out[key('process_virtual_memory_bytes')] = r.vmsBytes;
    out[key('process_threads')] = r.threads;
    if (r.openFds !== null) out[key('process_open_fds')] = r.openFds;
    if (g.maxFds !== null) out[key('process_max_fds')] = g.maxFds;
    if (!r.ioDenied) {
      out[key('process_read_bytes_total')] = g.usage.readTotal;
      out[key('process_written_bytes_total')] = g.usage.writeTotal;
    }
    if (r.rootStartSeconds !== null) out[key('process_uptime_seconds')] = Math.max(0, Math.round(bootSeconds - r.rootStartSeconds));
  }

  async function sample(): Promise<Record<string, number>> {
    const t = now();
    await scheduleDiscovery(t);
    const wall = lastTickAt === null ? null : (t - lastTickAt) / 1000;
    lastTickAt = t;
    const bootSeconds = parseUptime(readFileSync(`${proc}/uptime`, 'utf8'));
    const out: Record<string, number> = {};
    for (const g of groups) sampleGroup(g, wall, bootSeconds, out);
    return out;
  }

  return {
    name: 'processes',
    intervalMs: options.intervalMs ?? 1000,
    timeoutMs: 800,
    series: () => PROCESS_SERIES,
    sample,
    totals: (target) => lastTotals.get(target) ?? null,
    groups: () =>
      groups.map((g) => ({ target: g.target.name, state: g.state, reason: g.reason, rootPid: g.root?.pid ?? null, processes: g.processes.map((p) => ({ ...p })), restarts: g.restarts })),
    restarts: () => restartLog.list(),
    onRestart: (listener) => restartLog.onRestart(listener),
  };
}
