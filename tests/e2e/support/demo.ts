// Starts the built `assistant-monitor demo-assistant` (supervisor + worker) and reads its URL.
import { spawn, type ChildProcess } from 'node:child_process';
import { BIN, ROOT } from './serve';

export interface DemoProcess {
  url: string;
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

export function startDemo(args: string[] = []): Promise<DemoProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'demo-assistant', '--port', '0', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const timer = setTimeout(() => reject(new Error(`demo printed no URL: ${out}`)), 15_000);
    child.stdout.on('data', () => {
      const m = /Demo assistant listening on (http:\/\/\S+)/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      resolve({
        url: m[1]!,
        child,
        output: () => out,
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
  });
}
