// Runs the core in an Electron utility process and keeps it running: when it exits, the window
// is told (connection lost) and the process is started again with backoff.
import { utilityProcess, type UtilityProcess } from 'electron';
import { createPortClient, type PortClient } from '../core/rpc/port-client';
import type { FromCore, ToCore, PortLike } from '../core/rpc/protocol';

const MAX_BACKOFF_MS = 30_000;

export interface CoreHost {
  client: PortClient;
  stop(): void;
}

/** `dataDir`: the app's own folder (userData); its monitor.json, if any, configures the core. */
export function startCoreHost(entryPath: string, dataDir: string): CoreHost {
  const client = createPortClient();
  let child: UtilityProcess | null = null;
  let stopping = false;
  let failures = 0;

  const spawn = () => {
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
      setTimeout(spawn, Math.min(MAX_BACKOFF_MS, 500 * 2 ** (failures - 1)));
    });
  };
  spawn();

  return {
    client,
    stop() {
      stopping = true;
      child?.kill();
    },
  };
}
