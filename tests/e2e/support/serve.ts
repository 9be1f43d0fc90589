// Starts the built `assistant-monitor serve` as a user would and reads the URL it prints.
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../../..');
export const BIN = resolve(ROOT, 'bin/assistant-monitor.js');

export interface Served {
  url: string;
  origin: string;
  port: number;
  token: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

export function startServe(args: string[] = ['--port', '0']): Promise<Served> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [BIN, 'serve', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`serve printed no URL within 15 s; stdout: ${out} stderr: ${err}`));
    }, 15_000);
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}: ${err}`));
    });
    child.stdout.on('data', (d) => {
      out += d;
      const m = /^Assistant Monitor listening on (http:\/\/([^/]+):(\d+)\/\?token=([A-Za-z0-9_-]+))$/m.exec(out);
      if (!m) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolvePromise({
        url: m[1]!,
        origin: `http://${m[2]}:${m[3]}`,
        port: Number(m[3]),
        token: m[4]!,
        child,
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
