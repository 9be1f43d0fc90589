// Restarts of watched groups: when a group's root process changes, the change is logged (with
// the kernel's word on how the old one died, if any) and told to listeners.
import type { ProcessRestart } from '../../../shared/api';
import { deathEvidence } from './kernel-log';

/** Restarts kept for the UI. */
const MAX_RESTARTS = 200;
/** Kernel lines kept between restarts, so evidence from just before a crash is still there. */
const MAX_KERNEL_LINES = 500;

export interface RestartLog {
  record(target: string, oldPid: number | null, newPid: number): ProcessRestart;
  list(): ProcessRestart[];
  onRestart(listener: (r: ProcessRestart) => void): () => void;
}

export function createRestartLog(readKernelLog: () => string[] | null, now: () => number): RestartLog {
  const log: ProcessRestart[] = [];
  const listeners = new Set<(r: ProcessRestart) => void>();
  let kernelLines: string[] = [];
  return {
    record(target, oldPid, newPid) {
      const fresh = readKernelLog();
      if (fresh) kernelLines = [...kernelLines, ...fresh].slice(-MAX_KERNEL_LINES);
      const r: ProcessRestart = { target, at: now(), oldPid, newPid, evidence: oldPid === null ? [] : deathEvidence(kernelLines, oldPid) };
      log.push(r);
      if (log.length > MAX_RESTARTS) log.shift();
      for (const l of listeners) l(r);
      return r;
    },
    list: () => log.map((r) => ({ ...r, evidence: [...r.evidence] })),
    onRestart(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
