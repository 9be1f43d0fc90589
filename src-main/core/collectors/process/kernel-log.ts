// Why a watched process died, when the kernel knows: the OOM killer and segfaults are logged to
// the kernel ring buffer, readable as root (or with CAP_SYSLOG).
import { closeSync, constants, openSync, readSync } from 'node:fs';

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

/** Kernel lines that name the process and say it was killed, ran out of memory or crashed. */
export function deathEvidence(lines: readonly string[], pid: number): string[] {
  const names = new RegExp(`\\b${pid}\\b`);
  return lines.filter((l) => names.test(l) && /kill|oom|out of memory|segfault/i.test(l));
}
