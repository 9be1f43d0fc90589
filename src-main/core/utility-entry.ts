// Entry of the core when it runs in an Electron utility process (out/main/core.js): sampling,
// storage and parsing stay off the main process's event loop. Uses only Node APIs plus the
// `process.parentPort` that Electron gives utility processes; never imports electron.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { bootCore } from './boot';
import type { FromCore, PortLike, ToCore } from './rpc/protocol';
import { servePort } from './rpc/serve-port';

interface ParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
  off(event: 'message', listener: (e: { data: unknown }) => void): void;
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
if (!parentPort) {
  console.error('assistant-monitor core: no parentPort; this entry runs only as an Electron utility process');
  process.exit(1);
}

const port: PortLike<ToCore, FromCore> = {
  post: (message) => parentPort.postMessage(message),
  onMessage(handler) {
    const listener = (e: { data: unknown }) => handler(e.data as ToCore);
    parentPort.on('message', listener);
    return () => parentPort.off('message', listener);
  },
};

// The shell passes the app's data directory; the config file lives in it (optional).
const { values } = parseArgs({ args: process.argv.slice(2), options: { 'data-dir': { type: 'string' }, 'app-pid': { type: 'string' } }, strict: false });
const dataDir = typeof values['data-dir'] === 'string' ? values['data-dir'] : null;
const appPid = typeof values['app-pid'] === 'string' && /^\d+$/.test(values['app-pid']) ? Number(values['app-pid']) : undefined;
const { core, log } = bootCore({ configFile: dataDir ? join(dataDir, 'monitor.json') : null, configOptional: true, dataDir, appPid });
core.start();
log?.info('core started in the utility process');
servePort(port, core.api, () => {
  // Quitting: the last second of samples reaches the database before the process goes.
  core.stop();
  process.exit(0);
});
