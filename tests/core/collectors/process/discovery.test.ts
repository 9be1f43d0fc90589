import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childrenOf, describeTarget, findGroup, scanAll, StatusError } from '../../../../src-main/core/collectors/process/discovery';

// A real server with a child, as an assistant with a worker would be.
describe('process discovery (real processes, real /proc)', () => {
  const marker = `am-discovery-${process.pid}`;
  let server: ChildProcess;
  let port: number;

  beforeAll(async () => {
    const code = "require('node:child_process').spawn('sleep', ['60']); const s = require('node:net').createServer().listen(0, '127.0.0.1', () => console.log(s.address().port))";
    server = spawn(process.execPath, ['-e', code, marker], { stdio: ['ignore', 'pipe', 'ignore'] });
    port = await new Promise<number>((resolve) => server.stdout!.once('data', (d) => resolve(Number(String(d).trim()))));
  });
  afterAll(() => {
    server.kill();
  });

  const find = async (target: Parameters<typeof findGroup>[1]) => {
    const all = await scanAll('/proc');
    return findGroup('/proc', target, all, childrenOf(all));
  };

  it('finds the same group by PID, by listening port and by command line: the server first, then its child', async () => {
    for (const target of [{ name: 'a', pid: server.pid! }, { name: 'a', port }, { name: 'a', cmdline: marker }]) {
      const g = await find(target);
      expect(g.root.pid, describeTarget(target)).toBe(server.pid);
      expect(g.pids).toHaveLength(2);
      expect(g.pids[0]).toBe(server.pid);
      expect(g.names.get(g.pids[1]!)).toBe('sleep');
      expect(g.warning).toBeNull();
    }
  });

  it('reads the PID file, saying what is wrong with it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'am-pid-'));
    writeFileSync(join(dir, 'ok.pid'), `${server.pid}\n`);
    writeFileSync(join(dir, 'junk.pid'), 'hello');
    expect((await find({ name: 'a', pidFile: join(dir, 'ok.pid') })).root.pid).toBe(server.pid);
    await expect(find({ name: 'a', pidFile: join(dir, 'junk.pid') })).rejects.toThrow(`PID file ${join(dir, 'junk.pid')} does not hold a process id (starts with "hello")`);
    await expect(find({ name: 'a', pidFile: join(dir, 'none.pid') })).rejects.toMatchObject({ state: 'not found' });
  });

  it('says "not found" with the way it looked when nothing matches', async () => {
    const err = await find({ name: 'a', port: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StatusError);
    expect(err).toMatchObject({ state: 'not found', message: 'no process matches a process listening on TCP port 1' });
    expect(describeTarget({ name: 'a', cmdline: 'x.*y' })).toBe('command line /x.*y/');
  });
});
