// Finding a target's processes: a full /proc scan, then the target's roots by PID, PID file,
// process name, command line or listening TCP port, and all their children. Runs every few
// seconds beside the ticks, so it gives the event loop back every few milliseconds.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { ProcessGroupStatus } from '../../../shared/api';
import { listeningInodes, parseMaxOpenFiles, parsePidStat, type PidStat } from '../procfs';

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

/** Roots a pattern may match; the group holds at most four times as many processes. */
export const MAX_MATCHES = 50;
/** Longest stretch of scanning between yields to the event loop. */
const SLICE_MS = 4;

/** A target that is not running, or cannot be looked at, with the reason. */
export class StatusError extends Error {
  constructor(
    readonly state: ProcessGroupStatus['state'],
    message: string,
  ) {
    super(message);
  }
}

export interface Found {
  root: { pid: number; startTicks: number };
  /** Root first, then its descendants, breadth first. */
  pids: number[];
  /** Display name per member. */
  names: Map<number, string>;
  maxFds: number | null;
  /** Set when the pattern matched more than MAX_MATCHES roots. */
  warning: string | null;
}

/** Awaited between pieces of work: yields to the event loop once SLICE_MS have passed. */
function slicer(): () => Promise<void> | undefined {
  let start = performance.now();
  return () => {
    if (performance.now() - start <= SLICE_MS) return undefined;
    return new Promise<void>((r) =>
      setImmediate(() => {
        start = performance.now();
        r();
      }),
    );
  };
}

function errCode(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException).code;
}

const read = (path: string) => readFileSync(path, 'utf8');

export function describeTarget(t: ProcessTarget): string {
  if (t.pid !== undefined) return `process ${t.pid}`;
  if (t.pidFile) return `PID file ${t.pidFile}`;
  if (t.port !== undefined) return `a process listening on TCP port ${t.port}`;
  if (t.process !== undefined) return `process name ${JSON.stringify(t.process)}`;
  return `command line /${t.cmdline}/`;
}

/** The executable's base name from argv[0] (Node, for one, names its main thread "MainThread"). */
export function commandName(proc: string, pid: number): string | null {
  try {
    const argv0 = read(`${proc}/${pid}/cmdline`).split('\0', 1)[0] ?? '';
    return argv0 ? argv0.slice(argv0.lastIndexOf('/') + 1) : null;
  } catch {
    return null;
  }
}

/** Every process's stat line, by PID. */
export async function scanAll(proc: string): Promise<Map<number, PidStat>> {
  const all = new Map<number, PidStat>();
  const pause = slicer();
  for (const name of readdirSync(proc)) {
    const c = name.charCodeAt(0);
    if (c < 48 || c > 57) continue;
    await pause();
    try {
      const st = parsePidStat(read(`${proc}/${name}/stat`));
      all.set(st.pid, st);
    } catch {
      // exited while we looked
    }
  }
  return all;
}

/** Processes holding a socket that listens on the port. */
export async function pidsOnPort(proc: string, port: number, all: Map<number, PidStat>): Promise<number[]> {
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
  const pause = slicer();
  for (const pid of all.keys()) {
    await pause();
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
export async function findRoots(proc: string, t: ProcessTarget, all: Map<number, PidStat>): Promise<number[]> {
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
  if (t.port !== undefined) matches = await pidsOnPort(proc, t.port, all);
  else if (t.process !== undefined) matches = [...all.values()].filter((p) => p.comm === t.process || commandName(proc, p.pid) === t.process).map((p) => p.pid);
  else if (t.cmdline !== undefined) {
    const re = new RegExp(t.cmdline);
    const pause = slicer();
    for (const pid of all.keys()) {
      await pause();
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

/** Children of every process, from one scan. */
export function childrenOf(all: Map<number, PidStat>): Map<number, number[]> {
  const children = new Map<number, number[]>();
  for (const p of all.values()) {
    const list = children.get(p.ppid);
    if (list) list.push(p.pid);
    else children.set(p.ppid, [p.pid]);
  }
  return children;
}

/**
 * The target's group: the oldest matching root with all matches and their descendants. Throws
 * StatusError when nothing matches or the target cannot be looked at.
 */
export async function findGroup(proc: string, target: ProcessTarget, all: Map<number, PidStat>, children: Map<number, number[]>): Promise<Found> {
  let roots = await findRoots(proc, target, all);
  if (roots.length === 0) throw new StatusError('not found', `no process matches ${describeTarget(target)}`);
  // Oldest first: the longest-running match is the group's root.
  roots.sort((a, b) => all.get(a)!.startTicks - all.get(b)!.startTicks);
  let warning: string | null = null;
  if (roots.length > MAX_MATCHES) {
    warning = `${describeTarget(target)} matches ${roots.length} processes; watching the ${MAX_MATCHES} oldest, narrow the pattern`;
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
  const names = new Map(pids.map((pid) => [pid, commandName(proc, pid) ?? all.get(pid)!.comm]));
  let maxFds: number | null;
  try {
    maxFds = parseMaxOpenFiles(read(`${proc}/${root.pid}/limits`));
  } catch {
    maxFds = null;
  }
  return { root: { pid: root.pid, startTicks: root.startTicks }, pids, names, maxFds, warning };
}
