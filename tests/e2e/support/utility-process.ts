// electron.utilityProcess.fork for tests: a real Node child running the built core through the
// parent-port shim, with the UtilityProcess events the shell listens to (spawn, message, exit).
import { fork, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { resolve } from 'node:path';

const SHIM = resolve(import.meta.dirname, 'parent-port-shim.mjs');

export class FakeUtilityProcess extends EventEmitter {
  constructor(readonly child: ChildProcess) {
    super();
    child.once('spawn', () => this.emit('spawn'));
    child.on('message', (message) => this.emit('message', message));
    child.once('exit', (code, signal) => this.emit('exit', code ?? (signal ? 1 : 0)));
  }
  get pid(): number | undefined {
    return this.child.pid;
  }
  postMessage(message: unknown): void {
    if (this.child.connected) this.child.send(message as never);
  }
  kill(signal: NodeJS.Signals = 'SIGTERM'): boolean {
    return this.child.kill(signal);
  }
}

/** Every process forked so far, oldest first, with when it was forked. */
export const forked: { proc: FakeUtilityProcess; at: number }[] = [];

export const utilityProcess = {
  fork(entry: string, args: string[] = []): FakeUtilityProcess {
    const child = fork(SHIM, [entry, ...args], { serialization: 'advanced', stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    const proc = new FakeUtilityProcess(child);
    forked.push({ proc, at: Date.now() });
    return proc;
  },
};
