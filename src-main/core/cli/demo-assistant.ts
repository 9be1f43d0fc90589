// `assistant-monitor demo-assistant`: a supervisor process that runs the demo assistant in a
// child and starts it again whenever it exits (the `crash` fault), like systemd would.
import { describeListenError } from '../http/listen';
import { fork, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startDemoAssistant } from '../demo/assistant-server';
import { faultError, isFault, type FaultName } from '../demo/faults';
import { argsError, UsageError } from './usage-error';

export const DEFAULT_DEMO_PORT = 8080;
const WORKER_ENV = 'ASSISTANT_MONITOR_DEMO_WORKER';

export interface DemoOptions {
  port: number;
  faults: FaultName[];
  /** Where the assistant writes its JSON logs (rolled daily); null: no logs. */
  logDir: string | null;
}

export function parseDemoArgs(argv: string[]): DemoOptions {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { port: { type: 'string' }, fault: { type: 'string', multiple: true }, 'log-dir': { type: 'string' } }, strict: true, allowPositionals: false });
  } catch (err) {
    throw argsError(err, { port: `a port number such as ${DEFAULT_DEMO_PORT}, or 0 for a free one`, fault: 'a fault name' });
  }
  const portText = parsed.values.port ?? String(DEFAULT_DEMO_PORT);
  if (!/^\d+$/.test(portText) || Number(portText) > 65535) throw new UsageError(`--port must be a number from 0 to 65535, got ${JSON.stringify(portText)}`);
  const faults = parsed.values.fault ?? [];
  for (const f of faults) if (!isFault(f)) throw new UsageError(`--fault: ${faultError(f)}`);
  const logDir = parsed.values['log-dir'];
  if (logDir !== undefined && logDir.trim() === '') throw new UsageError('--log-dir must name a directory');
  return { port: Number(portText), faults: faults as FaultName[], logDir: logDir === undefined ? null : resolve(logDir) };
}

/** Binds the port once to learn it is free (and which one 0 picks), then lets it go. */
function reservePort(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? new Error(`${describeListenError(err, '127.0.0.1', port)}; choose another with --port`, { cause: err }) : err),
    );
    probe.listen(port, '127.0.0.1', () => {
      const chosen = (probe.address() as { port: number }).port;
      probe.close(() => resolve(chosen));
    });
  });
}

async function runWorker(options: DemoOptions): Promise<void> {
  const demo = await startDemoAssistant({ port: options.port, faults: options.faults, logDir: options.logDir });
  process.send?.({ type: 'listening', url: demo.url });
  const stop = () => void demo.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

export async function demoAssistant(options: DemoOptions): Promise<void> {
  if (process.env[WORKER_ENV] === '1') return runWorker(options);
  const port = await reservePort(options.port);
  const args = ['demo-assistant', '--port', String(port), ...options.faults.flatMap((f) => ['--fault', f]), ...(options.logDir ? ['--log-dir', options.logDir] : [])];
  let child: ChildProcess | null = null;
  let stopping = false;
  let announced = false;
  let restarts = 0;

  await new Promise<void>((resolve, reject) => {
    const spawn = () => {
      const startedAt = Date.now();
      child = fork(process.argv[1]!, args, { env: { ...process.env, [WORKER_ENV]: '1' }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      child.on('message', (msg: { type?: string; url?: string }) => {
        if (msg.type !== 'listening' || announced) return;
        announced = true;
        console.log(`Demo assistant listening on ${msg.url} (metrics ${msg.url}/metrics, health ${msg.url}/health, faults ${msg.url}/faults)`);
        resolve();
      });
      child.on('exit', (code, signal) => {
        child = null;
        if (stopping) return;
        if (!announced) {
          reject(new Error(`the demo assistant exited before listening (code ${code ?? signal})`));
          return;
        }
        restarts = Date.now() - startedAt > 60_000 ? 1 : restarts + 1;
        const delay = Math.min(10_000, 1000 * 2 ** (restarts - 1));
        console.error(`demo assistant exited (code ${code ?? signal}); starting it again in ${delay / 1000} s`);
        setTimeout(spawn, delay);
      });
    };
    spawn();
  });

  const shutdown = () => {
    stopping = true;
    const c = child as ChildProcess | null;
    if (c) c.once('exit', () => process.exit(0)).kill('SIGTERM');
    else process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}
