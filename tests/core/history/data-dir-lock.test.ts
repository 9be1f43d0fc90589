// One monitor per data dir: a second one, in another process, runs in memory only and says who
// holds the dir; a lock left behind by a process that died is taken over.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { prepareDataDir } from '../../../src-main/core/data-dir';
import { LOCK_FILE, lockDataDir, releaseDataDir } from '../../../src-main/core/history/data-dir-lock';

const dir = () => mkdtempSync(join(tmpdir(), 'am-lock-'));
const children: ChildProcess[] = [];

/** Another real process that takes the lock the way a monitor does, and holds it until killed. */
async function otherMonitor(d: string): Promise<ChildProcess> {
  const modulePath = new URL('../../../src-main/core/history/data-dir-lock.ts', import.meta.url).pathname;
  const child = spawn(process.execPath, ['--experimental-strip-types', '--no-warnings', '--input-type=module', '-e', `const m = await import(${JSON.stringify(modulePath)}); const r = m.lockDataDir(${JSON.stringify(d)}); console.log(JSON.stringify(r)); setInterval(() => {}, 1000);`], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  const line = await new Promise<string>((resolve) => child.stdout!.once('data', (b: Buffer) => resolve(b.toString())));
  expect(JSON.parse(line)).toEqual({ ok: true });
  return child;
}

afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
});

describe('data dir lock', () => {
  it('refuses a dir another live monitor holds, naming its PID, so this one runs in memory only', async () => {
    const d = dir();
    const other = await otherMonitor(d);
    const notices: string[] = [];
    expect(prepareDataDir(d, (l) => notices.push(l))).toBeNull();
    expect(notices).toEqual([expect.stringContaining(`data dir ${d} is in use by another Assistant Monitor (PID ${other.pid}); this one runs in memory only`)]);
    expect(notices[0]).toContain(`give this one its own --data-dir; if no monitor is running, delete ${join(d, LOCK_FILE)}`);
  });

  it('takes over the lock of a monitor that was killed', async () => {
    const d = dir();
    const other = await otherMonitor(d);
    other.kill('SIGKILL');
    await new Promise((r) => other.once('exit', r));
    expect(existsSync(join(d, LOCK_FILE))).toBe(true);
    expect(prepareDataDir(d, () => {})).toBe(d);
    expect(readFileSync(join(d, LOCK_FILE), 'utf8')).toMatch(new RegExp(`^${process.pid} `));
    releaseDataDir(d);
    expect(existsSync(join(d, LOCK_FILE))).toBe(false);
  });

  it('treats a PID now used by an unrelated process as stale', () => {
    const d = dir();
    // Our parent is alive, but it started at another time than the lock records.
    writeFileSync(join(d, LOCK_FILE), `${process.ppid} 1\n`);
    expect(lockDataDir(d)).toEqual({ ok: true });
    releaseDataDir(d);
  });
});
