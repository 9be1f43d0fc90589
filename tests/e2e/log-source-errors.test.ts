// Bad log sources as a user meets them through `serve`: a file the monitor may not read, a path
// that is a directory, and a file with binary garbage and invalid UTF-8 beside good lines. Each
// is a state with a reason on its own source; the good lines are still stored and searchable.
// Run as root, the monitor is started as user nobody (setpriv) so "permission denied" is real.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogPage, LogSourceStatus } from '../../src-main/shared/api';
import { BIN, ROOT } from './support/serve';

const asNobody = process.getuid?.() === 0 && existsSync('/usr/bin/setpriv');

describe('log sources with bad input, through serve', () => {
  let child: ChildProcess;
  let base = '';
  let token = '';
  const dir = mkdtempSync(join(tmpdir(), 'am-e2e-badlogs-'));

  beforeAll(async () => {
    chmodSync(dir, 0o777);
    const secret = join(dir, 'secret.log');
    writeFileSync(secret, 'you may not read this\n');
    chmodSync(secret, 0o600);
    mkdirSync(join(dir, 'dir.log'));
    writeFileSync(
      join(dir, 'mixed.log'),
      Buffer.concat([Buffer.from('2026-11-27 10:00:00 INFO first good line\n'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 1, 0xff, 10]), Buffer.from('caf\xe9 latin-1 text\n', 'latin1'), Buffer.from('2026-11-27 10:00:01 ERROR second good line\n')]),
    );
    const config = join(dir, 'monitor.json');
    writeFileSync(
      config,
      JSON.stringify({
        logs: {
          sources: [
            { name: 'secret', path: join(dir, 'secret.log') },
            { name: 'directory', path: join(dir, 'dir.log') },
            { name: 'mixed', path: join(dir, 'mixed.log') },
          ],
        },
      }),
    );
    chmodSync(config, 0o644);
    const data = join(dir, 'data');
    mkdirSync(data, { mode: 0o777 });
    chmodSync(data, 0o777);
    const cmd = asNobody ? ['/usr/bin/setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, BIN]] : [process.execPath, [BIN]];
    child = spawn(cmd[0] as string, [...(cmd[1] as string[]), 'serve', '--port', '0', '--config', config, '--data-dir', data], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    await new Promise<void>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`serve printed no URL: ${out}`)), 15_000);
      child.stdout!.on('data', (d) => {
        out += d;
        const m = /listening on (http:\/\/[^/]+)\/\?token=([A-Za-z0-9_-]+)/.exec(out);
        if (!m) return;
        clearTimeout(timer);
        base = m[1]!;
        token = m[2]!;
        resolve();
      });
      child.stderr!.on('data', (d) => (out += d));
    });
  });
  afterAll(() => {
    child?.kill('SIGTERM');
  });

  const get = async <T>(path: string): Promise<T> => (await (await fetch(base + path, { headers: { Authorization: `Bearer ${token}` } })).json()) as T;

  it('gives each bad source a state with the reason, and keeps tailing the others', async () => {
    let sources: LogSourceStatus[] = [];
    for (let i = 0; i < 50; i++) {
      sources = await get<LogSourceStatus[]>('/api/logs/sources');
      if (sources.find((s) => s.name === 'mixed')?.lines === 3) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const by = Object.fromEntries(sources.map((s) => [s.name, s]));
    if (asNobody || process.getuid?.() !== 0) expect(by.secret).toMatchObject({ state: 'error', reason: `permission denied reading ${join(dir, 'secret.log')}` });
    expect(by.directory).toMatchObject({ state: 'error', reason: `${join(dir, 'dir.log')} is a directory, not a log file` });
    expect(by.mixed).toMatchObject({ state: 'ok', lines: 3, binaryLines: 1, invalidUtf8Lines: 1 });
    expect(by.mixed!.reason).toBe('1 binary lines skipped; 1 lines with invalid UTF-8 (shown with U+FFFD)');
    const page = await get<LogPage>(`/api/logs?from=0&to=${Date.now() + 60_000}&source=mixed&text=good`);
    expect(page.lines.map((l) => [l.level, l.message])).toEqual([
      ['error', 'second good line'],
      ['info', 'first good line'],
    ]);
  });
});
