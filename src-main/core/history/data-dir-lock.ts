// One monitor per data dir. Two processes writing one history database mix their series up (each
// hands out series ids of its own), so the first takes a lock file holding its PID and the second
// runs in memory only. The lock is a plain file, not an SQLite lock: a reader such as the
// diagnostics bundle can still open the database read-only beside a running monitor.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const LOCK_FILE = 'monitor.lock';

export type LockResult = { ok: true } | { ok: false; pid: number; file: string };

/**
 * When a process started, in clock ticks since boot (Linux; null elsewhere). Stored beside the
 * PID so a PID reused by an unrelated process after a crash or reboot reads as stale.
 */
function startTicks(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 22, counted after the command name, which may itself hold spaces and parentheses.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

function isAlive(pid: number, ticks: string | null): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    // EPERM: alive, but another user's.
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const now = startTicks(pid);
  return ticks === null || now === null || now === ticks;
}

function readHolder(file: string): { pid: number; ticks: string | null } | null {
  try {
    const [pid, ticks] = readFileSync(file, 'utf8').trim().split(/\s+/);
    const n = Number(pid);
    return Number.isSafeInteger(n) && n > 0 ? { pid: n, ticks: ticks || null } : null;
  } catch {
    return null;
  }
}

const held = new Set<string>();

/**
 * Takes the data dir for this process until it exits. A lock left by a process that is gone
 * (kill -9, power loss) is taken over; one held by a live process is refused, naming its PID.
 */
export function lockDataDir(dir: string): LockResult {
  const file = join(dir, LOCK_FILE);
  if (held.has(file)) return { ok: true };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, `${process.pid} ${startTicks(process.pid) ?? ''}\n`, { flag: 'wx' });
      held.add(file);
      process.once('exit', () => releaseDataDir(dir));
      return { ok: true };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = readHolder(file);
    if (holder && holder.pid !== process.pid && isAlive(holder.pid, holder.ticks)) return { ok: false, pid: holder.pid, file };
    rmSync(file, { force: true });
  }
  const holder = readHolder(file);
  return { ok: false, pid: holder?.pid ?? 0, file };
}

/** Gives the data dir back (on exit, or when a test is done with it). */
export function releaseDataDir(dir: string): void {
  const file = join(dir, LOCK_FILE);
  if (!held.delete(file)) return;
  if (readHolder(file)?.pid === process.pid) rmSync(file, { force: true });
}

/** The one line a second monitor on the same dir shows. */
export function lockedNotice(dir: string, lock: Extract<LockResult, { ok: false }>): string {
  return `data dir ${dir} is in use by another Assistant Monitor (PID ${lock.pid}); this one runs in memory only (no history beyond 15 minutes, pinned charts are not kept). Stop the other one or give this one its own --data-dir; if no monitor is running, delete ${lock.file}`;
}
