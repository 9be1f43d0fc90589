// One tick of a watched group: only its own processes' files (stat, fd, io), with CPU and IO as
// deltas against the previous tick.
import { readdirSync, readFileSync } from 'node:fs';
import type { ProcessInfo } from '../../../shared/api';
import { CLK_TCK, parsePidIo, parsePidStat, type PidStat } from '../procfs';

/** What a group carries from one tick to the next. */
export interface Usage {
  prevTicks: Map<number, number>;
  prevIo: Map<number, { readBytes: number; writeBytes: number }>;
  /** CPU seconds the group used while watched (sum of per-tick deltas, so exits keep theirs). */
  cpuSeconds: number;
  readTotal: number;
  writeTotal: number;
}

export function newUsage(): Usage {
  return { prevTicks: new Map(), prevIo: new Map(), cpuSeconds: 0, readTotal: 0, writeTotal: 0 };
}

export interface GroupReading {
  /** The members still alive, in the order given (root first). */
  processes: ProcessInfo[];
  /** Cores in use since the last tick; null on the first tick. */
  cpuRatio: number | null;
  rssBytes: number;
  vmsBytes: number;
  threads: number;
  /** null when some members' descriptors cannot be listed (another user's processes). */
  openFds: number | null;
  /** Some members' IO counters cannot be read. */
  ioDenied: boolean;
  /** The root's start time after boot, in seconds; null when it exited this very moment. */
  rootStartSeconds: number | null;
}

const round4 = (x: number) => Math.round(x * 1e4) / 1e4;

function errCode(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException).code;
}

/**
 * Reads the members' files once. `wallSeconds` is the time since the last tick (null on the
 * first); `usage` is updated in place.
 */
export function readGroup(proc: string, pids: readonly number[], names: ReadonlyMap<number, string>, usage: Usage, wallSeconds: number | null): GroupReading {
  const read = (path: string) => readFileSync(path, 'utf8');
  let cpu = 0;
  let cpuKnown = false;
  let rss = 0;
  let vms = 0;
  let threads = 0;
  let fds = 0;
  let fdsKnown = true;
  let ioDenied = false;
  const processes: ProcessInfo[] = [];
  let rootStat: PidStat | null = null;
  for (const pid of pids) {
    let st: PidStat;
    try {
      st = parsePidStat(read(`${proc}/${pid}/stat`));
    } catch {
      usage.prevTicks.delete(pid);
      continue; // exited between discovery and now
    }
    rootStat ??= st;
    const before = usage.prevTicks.get(pid);
    usage.prevTicks.set(pid, st.cpuTicks);
    let ratio: number | null = null;
    if (before !== undefined && wallSeconds && wallSeconds > 0) {
      const used = Math.max(0, (st.cpuTicks - before) / CLK_TCK);
      usage.cpuSeconds += used;
      ratio = used / wallSeconds;
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
      const prev = usage.prevIo.get(pid);
      if (prev) {
        usage.readTotal += Math.max(0, io.readBytes - prev.readBytes);
        usage.writeTotal += Math.max(0, io.writeBytes - prev.writeBytes);
      }
      usage.prevIo.set(pid, io);
    } catch (err) {
      if (errCode(err) === 'EACCES') ioDenied = true;
    }
    rss += st.rssBytes;
    vms += st.vsizeBytes;
    threads += st.threads;
    processes.push({ pid, ppid: st.ppid, name: names.get(pid) ?? st.comm, cpuRatio: ratio === null ? null : round4(ratio), rssBytes: st.rssBytes, threads: st.threads, openFds: open });
  }
  return {
    processes,
    cpuRatio: cpuKnown ? round4(cpu) : null,
    rssBytes: rss,
    vmsBytes: vms,
    threads,
    openFds: fdsKnown ? fds : null,
    ioDenied,
    rootStartSeconds: rootStat ? rootStat.startTicks / CLK_TCK : null,
  };
}
