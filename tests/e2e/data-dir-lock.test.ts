// Two `serve` processes on one data dir: the second runs in memory only and names the first's
// PID; once the first is gone, the dir is free again.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { MonitorInfo } from '../../src-main/shared/api';
import { startServe, type Served } from './support/serve';

const running: Served[] = [];
afterEach(async () => {
  for (const s of running.splice(0)) await s.stop();
});

async function info(s: Served): Promise<MonitorInfo> {
  const res = await fetch(`${s.origin}/api/info`, { headers: { Authorization: `Bearer ${s.token}` } });
  return (await res.json()) as MonitorInfo;
}

describe('one monitor per data dir', () => {
  it('runs a second serve on the same dir in memory only, naming the PID that holds it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'am-e2e-lock-'));
    const first = await startServe(['--port', '0', '--data-dir', dir]);
    running.push(first);
    expect((await info(first)).history).not.toBeNull();

    const second = await startServe(['--port', '0', '--data-dir', dir]);
    running.push(second);
    const secondInfo = await info(second);
    expect(secondInfo.history).toBeNull();
    expect(secondInfo.notices.join('\n')).toContain(`data dir ${dir} is in use by another Assistant Monitor (PID ${first.child.pid}); this one runs in memory only`);

    await first.stop();
    await second.stop();
    running.splice(0);
    const third = await startServe(['--port', '0', '--data-dir', dir]);
    running.push(third);
    expect((await info(third)).history).not.toBeNull();
  }, 60_000);
});
