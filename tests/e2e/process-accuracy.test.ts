// The process collector against real processes: CPU and memory readings checked against what
// the processes measure of themselves, restarts, appearance, and bad targets.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createProcessCollector, MAX_MATCHES } from '../../src-main/core/collectors/processes';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children) c.kill('SIGKILL');
  children = [];
});

/** A Node child running `code`, tagged with a marker on its command line; resolves on its first line. */
function child(marker: string, code: string): Promise<{ proc: ChildProcess; lines: string[] }> {
  const proc = spawn(process.execPath, ['-e', code, marker], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(proc);
  const lines: string[] = [];
  return new Promise((resolve) => {
    proc.stdout!.on('data', (d: Buffer) => {
      lines.push(...d.toString().trim().split('\n'));
      if (lines.length === 1) resolve({ proc, lines });
    });
  });
}

const DUTY = `
const started = process.cpuUsage(); const t0 = Date.now();
console.log('ready');
setInterval(() => { const end = Date.now() + 50; while (Date.now() < end); }, 100);
process.on('SIGUSR2', () => { const u = process.cpuUsage(started); console.log(JSON.stringify({ cpu: (u.user + u.system) / 1000 / (Date.now() - t0) })); });
`;
const MEMORY = `
const b = Buffer.alloc(256 * 1024 * 1024); for (let i = 0; i < b.length; i += 4096) b[i] = 1;
console.log(JSON.stringify({ rss: process.memoryUsage.rss() }));
setInterval(() => {}, 1000);
`;

describe('process collector with real processes', () => {
  it('reports a child burning 50 % of a core at 50 ± 5 % over 10 s, matching its own measurement', async () => {
    const marker = `am-duty-${process.pid}`;
    const { proc, lines } = await child(marker, DUTY);
    const c = createProcessCollector([{ name: 'duty', cmdline: marker }]);
    await c.sample();
    const readings: number[] = [];
    const t0 = Date.now();
    for (let i = 0; i < 10; i++) {
      await sleep(1000);
      const v = await c.sample();
      readings.push(v['process_cpu_ratio{target="duty"}']!);
    }
    const ours = readings.reduce((a, b) => a + b, 0) / readings.length;
    proc.kill('SIGUSR2');
    await expect.poll(() => lines.length).toBe(2);
    const theirs = (JSON.parse(lines[1]!) as { cpu: number }).cpu;
    console.log(JSON.stringify({ ours, theirs, seconds: (Date.now() - t0) / 1000 }));
    expect(Math.abs(ours - theirs)).toBeLessThanOrEqual(0.05);
    expect(Math.abs(ours - 0.5)).toBeLessThanOrEqual(0.05);
    expect(c.groups()[0]).toMatchObject({ state: 'running', rootPid: proc.pid });
  }, 30_000);

  it('reports the RSS of a child that touched 256 MiB within 5 % of its own reading', async () => {
    const marker = `am-mem-${process.pid}`;
    const { lines } = await child(marker, MEMORY);
    const theirs = (JSON.parse(lines[0]!) as { rss: number }).rss;
    const c = createProcessCollector([{ name: 'mem', cmdline: marker }]);
    const ours = (await c.sample())['process_resident_memory_bytes{target="mem"}']!;
    expect(ours).toBeGreaterThan(256 * 1024 * 1024);
    expect(Math.abs(ours - theirs) / theirs).toBeLessThanOrEqual(0.05);
  });

  it('records exactly one restart when the watched process is killed and started again', async () => {
    const marker = `am-restart-${process.pid}`;
    const code = `console.log('up'); setInterval(() => {}, 1000);`;
    const first = await child(marker, code);
    const c = createProcessCollector([{ name: 'svc', cmdline: marker }]);
    await c.sample();
    first.proc.kill('SIGKILL');
    await sleep(300);
    await c.sample();
    const second = await child(marker, code);
    for (let i = 0; i < 4; i++) {
      await sleep(500);
      await c.sample();
    }
    const restarts = c.restarts();
    expect(restarts).toHaveLength(1);
    expect(restarts[0]).toMatchObject({ target: 'svc', oldPid: first.proc.pid, newPid: second.proc.pid });
    expect(c.groups()[0]).toMatchObject({ state: 'running', restarts: 1 });
  }, 20_000);

  it('shows "not found" for a target that matches nothing, and recovers when the process appears', async () => {
    const marker = `am-later-${process.pid}`;
    const c = createProcessCollector([{ name: 'later', cmdline: marker }]);
    const v = await c.sample();
    expect(v['process_up{target="later"}']).toBe(0);
    expect(c.groups()[0]).toMatchObject({ state: 'not found', reason: `no process matches command line /${marker}/` });
    await child(marker, `console.log('up'); setInterval(() => {}, 1000);`);
    // The scan that finds it runs beside the ticks; it shows up within a couple of them.
    let up = 0;
    for (let i = 0; i < 4 && up !== 1; i++) {
      await sleep(1100);
      up = (await c.sample())['process_up{target="later"}']!;
    }
    expect(up).toBe(1);
    expect(c.groups()[0]!.state).toBe('running');
    expect(c.restarts()).toEqual([]);
  });

  it('turns a garbage or stale PID file into a status with the reason, and keeps sampling the rest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'am-pid-'));
    writeFileSync(join(dir, 'garbage.pid'), 'hello\n');
    writeFileSync(join(dir, 'stale.pid'), '4000000\n');
    const c = createProcessCollector([
      { name: 'garbage', pidFile: join(dir, 'garbage.pid') },
      { name: 'stale', pidFile: join(dir, 'stale.pid') },
      { name: 'missing', pidFile: join(dir, 'missing.pid') },
      { name: 'me', pidFile: '/proc/self/stat-does-not-matter' },
      { name: 'node', process: 'node' },
    ]);
    const v = await c.sample();
    const byName = Object.fromEntries(c.groups().map((g) => [g.target, g]));
    expect(byName.garbage).toMatchObject({ state: 'error', reason: `PID file ${join(dir, 'garbage.pid')} does not hold a process id (starts with "hello")` });
    expect(byName.stale).toMatchObject({ state: 'not found', reason: `PID file ${join(dir, 'stale.pid')} names process 4000000, which is not running` });
    expect(byName.missing!.reason).toMatch(/cannot be read \(ENOENT\)/);
    // Node names its main thread "MainThread"; the executable's name finds it too.
    expect(v['process_up{target="node"}']).toBe(1);
  });

  it(`caps a pattern that matches dozens of processes at ${MAX_MATCHES}, with a warning`, async () => {
    const marker = `am-many-${process.pid}`;
    // bash stays the parent of its sleep (the command is not its last), carrying the marker.
    for (let i = 0; i < MAX_MATCHES + 10; i++) children.push(spawn('bash', ['-c', 'sleep 30; true', marker], { stdio: 'ignore', detached: false }));
    await sleep(800);
    const c = createProcessCollector([{ name: 'many', cmdline: marker }]);
    const v = await c.sample();
    // The 50 oldest matches, each with its sleep child.
    expect(v['process_group_processes{target="many"}']).toBe(2 * MAX_MATCHES);
    expect(c.groups()[0]!.reason).toBe(`command line /${marker}/ matches ${MAX_MATCHES + 10} processes; watching the ${MAX_MATCHES} oldest, narrow the pattern`);
  });

  it('finds a process by the TCP port it listens on, with its children', async () => {
    const marker = `am-port-${process.pid}`;
    const { lines } = await child(
      marker,
      `const s = require('node:net').createServer().listen(0, '127.0.0.1', () => { require('node:child_process').spawn('sleep', ['30']); console.log(s.address().port); });`,
    );
    const port = Number(lines[0]);
    await sleep(200);
    const c = createProcessCollector([{ name: 'web', port }]);
    const v = await c.sample();
    expect(v['process_up{target="web"}']).toBe(1);
    expect(v['process_group_processes{target="web"}']).toBe(2);
    expect(c.groups()[0]!.processes.map((p) => p.name).sort()).toEqual(['node', 'sleep']);
  });
});
