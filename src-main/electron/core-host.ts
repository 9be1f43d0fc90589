// Runs the core in an Electron utility process and keeps it running: when it exits, the window
// is told (connection lost) and the process is started again with backoff. On quit the core is
// asked to stop and flush history, and killed only if it does not exit in time.
import { utilityProcess, type UtilityProcess } from 'electron';
import type { OwnLogger } from '../core/logs/own-log';
import { createPortClient, type PortClient } from '../core/rpc/port-client';
import type { FromCore, ToCore, PortLike } from '../core/rpc/protocol';

const MAX_BACKOFF_MS = 30_000;
/** How long a quitting core may take to flush before it is killed. */
export const SHUTDOWN_GRACE_MS = 5000;

export interface CoreHost {
  client: PortClient;
  /** Restarts so far (the tray shows when the core is down). */
  readonly restarts: number;
  /** Asks the core to flush and exit; resolves when it has (or was killed after the grace period). */
  stop(): Promise<void>;
}

/** Delay before the next start after `failures` short-lived runs in a row. */
export function restartDelay(failures: number): number {
  return Math.min(MAX_BACKOFF_MS, 500 * 2 ** Math.max(0, failures - 1));
}

/** `dataDir`: the app's own folder (userData); its monitor.json, if any, configures the core. */
export function startCoreHost(entryPath: string, dataDir: string, log: Pick<OwnLogger, 'info' | 'warn'> | null = null): CoreHost {
  const client = createPortClient();
  let child: UtilityProcess | null = null;
  let stopping = false;
  let failures = 0;
  let restarts = 0;
  let restartTimer: ReturnType<typeof setTimeout> | null = null;

  const spawn = () => {
    restartTimer = null;
    const proc = utilityProcess.fork(entryPath, ['--data-dir', dataDir, '--app-pid', String(process.pid)], { serviceName: 'Assistant Monitor core', stdio: 'inherit' });
    child = proc;
    const startedAt = Date.now();
    const port: PortLike<FromCore, ToCore> = {
      post: (message) => proc.postMessage(message),
      onMessage(handler) {
        const listener = (message: unknown) => handler(message as FromCore);
        proc.on('message', listener);
        return () => proc.off('message', listener);
      },
    };
    proc.once('spawn', () => client.attach(port));
    proc.once('exit', (code) => {
      child = null;
      if (stopping) return;
      client.detach(`core process exited with code ${code}`);
      // A core that lived a minute was healthy; start counting failures again.
      failures = Date.now() - startedAt > 60_000 ? 1 : failures + 1;
      restarts++;
      log?.warn(`core process exited with code ${code}; starting it again in ${restartDelay(failures)} ms`);
      restartTimer = setTimeout(spawn, restartDelay(failures));
    });
  };
  spawn();

  return {
    client,
    get restarts() {
      return restarts;
    },
    stop() {
      stopping = true;
      if (restartTimer) clearTimeout(restartTimer);
      const proc = child;
      if (!proc) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const killer = setTimeout(() => proc.kill(), SHUTDOWN_GRACE_MS);
        proc.once('exit', () => {
          clearTimeout(killer);
          resolve();
        });
        proc.postMessage({ kind: 'shutdown' } satisfies ToCore);
      });
    },
  };
}
