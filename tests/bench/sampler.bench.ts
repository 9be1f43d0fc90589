// npm run bench -- sampler [seconds]
// The default collector set at its rates (1 s CPU/memory/processes/GPU, 5 s disks/network, 30 s
// file systems; the GPU stream stays off where there is no nvidia-smi) watching one process group
// found three ways, by PID, by the TCP port it listens on and by a command-line pattern (so the
// /proc scans that discover them every 5 s are counted), and in the same run the same set
// gathered through systeminformation (its process list and socket table every 5 s for the same
// discovery). Each runs in a child process of its own so its CPU (children included) is
// measured alone.
import { fork, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Hub } from '../../src-main/core/hub';
import type { Collector } from '../../src-main/core/collector';
import { createGpuCollector } from '../../src-main/core/collectors/gpu';
import { createProcessCollector } from '../../src-main/core/collectors/processes';
import { createSelfCollector, SELF_TARGET } from '../../src-main/core/collectors/self';
import { createSystemCollectors } from '../../src-main/core/collectors/system';

const seconds = Number(process.argv[2] ?? 60);

/** CPU time of this process and of the children it waited for (systeminformation spawns some), ms. */
function cpuMsWithChildren(): number {
  const f = readFileSync('/proc/self/stat', 'utf8');
  const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
  // Fields 14-17: utime, stime, cutime, cstime (clock ticks).
  return (Number(rest[11]) + Number(rest[12]) + Number(rest[13]) + Number(rest[14])) * 10;
}

function timed(c: Collector, durations: number[]): Collector {
  return {
    ...c,
    async sample() {
      const t0 = performance.now();
      const v = await c.sample();
      if (c.intervalMs <= 1000) durations.push(performance.now() - t0);
      return v;
    },
  };
}

/** Marks the watched process's command line for the command-line target. */
const MARKER = 'am-bench-watched';

interface Watched {
  pid: number;
  port: number;
}

async function baselineCollectors({ pid }: Watched): Promise<Collector[]> {
  const si = await import('systeminformation');
  const mk = (name: string, intervalMs: number, fn: () => Promise<unknown>): Collector => ({
    name,
    intervalMs,
    timeoutMs: intervalMs,
    series: () => [],
    async sample() {
      await fn();
      return { x: 1 };
    },
  });
  return [
    mk('cpu-mem', 1000, () => Promise.all([si.currentLoad(), si.mem()])),
    mk('process', 1000, () => si.processLoad(String(pid))),
    // Finding the targets again: by command line (the process list) and by port (the socket table).
    mk('discovery', 5000, () => Promise.all([si.processes(), si.networkConnections()])),
    mk('io', 5000, () => Promise.all([si.disksIO(), si.networkStats('*')])),
    mk('fs', 30_000, () => si.fsSize()),
  ];
}

async function runVariant(mode: 'ours' | 'baseline' | 'control', watched: Watched): Promise<void> {
  const durations: number[] = [];
  // control: no collectors at all, to show how much the machine itself stalls an idle event loop.
  const collectors =
    mode === 'control'
      ? []
      : mode === 'ours'
      ? (() => {
          // As the core sets it up: one process collector for the watched group and the monitor itself.
          const gpu = createGpuCollector({ log: () => {} });
          const targets = [
            { name: 'by-pid', pid: watched.pid },
            { name: 'by-port', port: watched.port },
            { name: 'by-cmdline', cmdline: MARKER },
            { name: SELF_TARGET, pid: process.pid },
          ];
          const processes = createProcessCollector(targets, {
            readKernelLog: () => null,
            gpuMemory: () => gpu.processMemory(),
          });
          return [...createSystemCollectors(), gpu, processes, createSelfCollector({ processes, hubStatus: () => [] })];
        })()
      : await baselineCollectors(watched);
  const hub = new Hub(collectors.map((c) => timed(c, durations)));
  // Let imports and first reads settle before measuring.
  hub.start();
  await new Promise((r) => setTimeout(r, 1500));
  durations.length = 0;
  // CPU first, with nothing else running: the event-loop monitor's own timer would cost more
  // than the sampling it watches.
  const cpu0 = cpuMsWithChildren();
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const cpuMs = cpuMsWithChildren() - cpu0;
  const wallMs = performance.now() - t0;
  // Then stalls: a timer every 10 ms notices any tick that blocks the loop for longer.
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  await new Promise((r) => setTimeout(r, Math.min(30, seconds) * 1000));
  loop.disable();
  hub.stop();
  durations.sort((a, b) => a - b);
  process.send!({
    cpuPct: (cpuMs / wallMs) * 100,
    tickP99: durations[Math.min(durations.length - 1, Math.floor(durations.length * 0.99))] ?? 0,
    tickMax: durations.at(-1) ?? 0,
    // The histogram counts the timer's own period; the stall is what comes on top of it.
    maxStallMs: Math.max(0, loop.max / 1e6 - 10),
    ticks: durations.length,
  });
}

function measure(mode: 'ours' | 'baseline' | 'control', watched: Watched): Promise<{ cpuPct: number; tickP99: number; tickMax: number; maxStallMs: number; ticks: number }> {
  return new Promise((resolve, reject) => {
    const child = fork(process.argv[1]!, [String(seconds)], { env: { ...process.env, SAMPLER_MODE: mode, SAMPLER_WATCHED: JSON.stringify(watched) } });
    child.once('message', (m) => resolve(m as never));
    child.once('exit', (code) => code !== 0 && reject(new Error(`${mode} run exited with ${code}`)));
  });
}

if (process.env.SAMPLER_MODE) {
  await runVariant(process.env.SAMPLER_MODE as 'ours' | 'baseline', JSON.parse(process.env.SAMPLER_WATCHED!) as Watched);
  process.exit(0);
} else {
  // The watched group: a small Node server with a child, as an assistant with a worker would be.
  const server = "require('node:child_process').spawn('sleep', ['600']); const s = require('node:net').createServer().listen(0, '127.0.0.1', () => console.log(s.address().port))";
  const child = spawn(process.execPath, ['-e', server, MARKER], { stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    const port = await new Promise<number>((resolve) => child.stdout.once('data', (d) => resolve(Number(String(d).trim()))));
    const watched: Watched = { pid: child.pid!, port };
    const ours = await measure('ours', watched);
    const base = await measure('baseline', watched);
    const control = await measure('control', watched);
    console.log(
      JSON.stringify({
        bench: 'sampler',
        seconds,
        targets: ['pid', 'port', 'cmdline', 'self'],
        monitor_cpu_pct_of_core: Number(ours.cpuPct.toFixed(3)),
        baseline_cpu_pct_of_core: Number(base.cpuPct.toFixed(3)),
        ratio: Number((base.cpuPct / ours.cpuPct).toFixed(1)),
        tick_p99_ms: Number(ours.tickP99.toFixed(3)),
        tick_max_ms: Number(ours.tickMax.toFixed(3)),
        baseline_tick_p99_ms: Number(base.tickP99.toFixed(3)),
        max_loop_stall_ms: Number(ours.maxStallMs.toFixed(2)),
        baseline_max_loop_stall_ms: Number(base.maxStallMs.toFixed(2)),
        control_max_loop_stall_ms: Number(control.maxStallMs.toFixed(2)),
        control_cpu_pct_of_core: Number(control.cpuPct.toFixed(3)),
        node: process.version,
      }),
    );
  } finally {
    child.kill();
  }
}
