// GPUs through one long-lived `nvidia-smi ... -l N` process per query (not a spawn per sample):
// it prints a CSV row per GPU every period and the collector keeps the latest. If it dies it is
// started again with backoff; with no NVIDIA tooling the collector says so once and stays quiet.
// Other vendors (rocm-smi, Apple's powermetrics) fit the same GpuSource shape.
import { spawn as nodeSpawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { formatSeriesId } from '../../shared/series-id';
import { seriesOf, type Collector } from '../collector';

export interface GpuRow {
  index: string;
  name: string;
  utilization: number | null;
  memoryUsedBytes: number | null;
  memoryTotalBytes: number | null;
  temperatureC: number | null;
  powerW: number | null;
}

export interface GpuOptions {
  command?: string;
  intervalMs?: number;
  spawn?: typeof nodeSpawn;
  /** Told once when there is no GPU tooling, and when a stream keeps failing. */
  log?: (line: string) => void;
}

const GPU_QUERY = 'index,name,utilization.gpu,memory.used,memory.total,temperature.gpu,power.draw';
const MIB = 1024 * 1024;
const MAX_BACKOFF_MS = 60_000;

/** A number from nvidia-smi's CSV, or null for "[N/A]", "[Not Supported]" and the like. */
function num(field: string | undefined): number | null {
  if (field === undefined) return null;
  const v = Number(field.trim());
  return field.trim() !== '' && Number.isFinite(v) ? v : null;
}

export function parseGpuRow(line: string): GpuRow | null {
  const f = line.split(',').map((x) => x.trim());
  if (f.length < 7 || !/^\d+$/.test(f[0]!)) return null;
  const used = num(f[3]);
  const total = num(f[4]);
  const util = num(f[2]);
  return {
    index: f[0]!,
    name: f[1]!,
    utilization: util === null ? null : util / 100,
    memoryUsedBytes: used === null ? null : used * MIB,
    memoryTotalBytes: total === null ? null : total * MIB,
    temperatureC: num(f[5]),
    powerW: num(f[6]),
  };
}

/** One long-lived stream of CSV lines from a command, restarted with backoff when it exits. */
class Stream {
  private child: ChildProcess | null = null;
  private failures = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;
  /** Set when the command does not exist: nothing to restart. */
  missing = false;
  lastError: string | null = null;

  constructor(
    private readonly spawn: typeof nodeSpawn,
    private readonly command: string,
    private readonly args: string[],
    private readonly onLine: (line: string) => void,
    private readonly log: (line: string) => void,
  ) {}

  start(): void {
    if (this.stopped || this.child) return;
    const startedAt = Date.now();
    const child = this.spawn(this.command, this.args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-500)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      this.failures = 0;
      this.onLine(line);
    });
    child.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') {
        this.missing = true;
        this.lastError = `${this.command} not found`;
      } else this.lastError = err.message;
    });
    child.on('close', (code) => {
      this.child = null;
      if (this.stopped || this.missing) return;
      // A stream that ran a minute was healthy; count failures again from one.
      this.failures = Date.now() - startedAt > 60_000 ? 1 : this.failures + 1;
      this.lastError = `${this.command} exited with code ${code}${stderr.trim() ? `: ${stderr.trim().split('\n')[0]}` : ''}`;
      const delay = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (this.failures - 1));
      if (this.failures === 3) this.log(`gpu: ${this.lastError}; retrying with backoff up to ${MAX_BACKOFF_MS / 1000} s`);
      this.timer = setTimeout(() => this.start(), delay);
      this.timer.unref();
    });
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.child?.kill();
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }
}

export interface GpuCollector extends Collector {
  /** GPU memory per process id, from --query-compute-apps (empty where unsupported). */
  processMemory(): Map<number, number>;
  /** Process ids of the streams, so the monitor counts them as its own. */
  pids(): number[];
}

export function createGpuCollector(options: GpuOptions = {}): GpuCollector {
  const command = options.command ?? 'nvidia-smi';
  const intervalMs = options.intervalMs ?? 1000;
  const seconds = Math.max(1, Math.round(intervalMs / 1000));
  const log = options.log ?? ((line: string) => console.error(line));
  const spawn = options.spawn ?? nodeSpawn;
  const latest = new Map<string, { row: GpuRow; at: number }>();
  // Compute apps arrive as one block per period with no separator: a PID seen again in the
  // current block means a new block began. No line for three periods means no apps.
  let apps = new Map<number, number>();
  let appsBatch = new Map<number, number>();
  let appsAt = 0;
  let saidMissing = false;

  const gpus = new Stream(spawn, command, [`--query-gpu=${GPU_QUERY}`, '--format=csv,noheader,nounits', '-l', String(seconds)], (line) => {
    const row = parseGpuRow(line);
    if (row) latest.set(row.index, { row, at: Date.now() });
  }, log);
  const procs = new Stream(spawn, command, ['--query-compute-apps=pid,used_memory', '--format=csv,noheader,nounits', '-l', String(seconds)], (line) => {
    const [pid, mem] = line.split(',').map((x) => x.trim());
    const p = Number(pid);
    const m = num(mem);
    if (!Number.isInteger(p) || m === null) return;
    if (appsBatch.has(p)) {
      apps = appsBatch;
      appsBatch = new Map();
    }
    appsBatch.set(p, m * MIB);
    appsAt = Date.now();
  }, log);
  let started = false;

  const s = seriesOf('gpu');
  return {
    name: 'gpu',
    intervalMs,
    timeoutMs: 500,
    series: () => [
      s('system_gpu_utilization_ratio', 'GPU busy share, per GPU', 'ratio'),
      s('system_gpu_memory_used_bytes', 'GPU memory in use, per GPU', 'bytes'),
      s('system_gpu_memory_total_bytes', 'GPU memory, per GPU', 'bytes'),
      s('system_gpu_temperature_celsius', 'GPU temperature, per GPU', 'count'),
      s('system_gpu_power_watts', 'GPU power draw, per GPU', 'count'),
    ],
    sample() {
      if (!started) {
        started = true;
        gpus.start();
        procs.start();
      }
      if (gpus.missing) {
        if (!saidMissing) {
          saidMissing = true;
          log(`gpu: no NVIDIA GPU tooling (${command} not found); GPU charts stay empty`);
        }
        return {};
      }
      const out: Record<string, number> = {};
      const fresh = Date.now() - 3 * Math.max(intervalMs, seconds * 1000);
      for (const { row, at } of latest.values()) {
        if (at < fresh) continue;
        const labels = { gpu: row.index, name: row.name };
        if (row.utilization !== null) out[formatSeriesId('system_gpu_utilization_ratio', labels)] = row.utilization;
        if (row.memoryUsedBytes !== null) out[formatSeriesId('system_gpu_memory_used_bytes', labels)] = row.memoryUsedBytes;
        if (row.memoryTotalBytes !== null) out[formatSeriesId('system_gpu_memory_total_bytes', labels)] = row.memoryTotalBytes;
        if (row.temperatureC !== null) out[formatSeriesId('system_gpu_temperature_celsius', labels)] = row.temperatureC;
        if (row.powerW !== null) out[formatSeriesId('system_gpu_power_watts', labels)] = row.powerW;
      }
      return out;
    },
    processMemory: () => (Date.now() - appsAt > 3 * seconds * 1000 ? new Map() : new Map([...apps, ...appsBatch])),
    pids: () => [gpus.pid, procs.pid].filter((p): p is number => p !== undefined),
    close() {
      gpus.stop();
      procs.stop();
    },
  };
}
