// The monitor's own cost, always on: CPU and resident memory of all its processes (on Linux the
// whole process tree of the app, e.g. the Electron main process with its renderer and this core;
// elsewhere this process), and per collector the last sample's duration and the ticks skipped.
import type { CollectorStatus } from '../../shared/api';
import type { SelfMetrics } from '../module';
import { formatSeriesId } from '../../shared/series-id';
import { seriesOf, type Collector } from '../collector';
import type { ProcessCollector } from './processes';

/** The toolbar's CPU figure spans this long: one 1-s tick holds 0 or 1 clock tick (10 ms) of a
 * process using under 1 %, so a single tick reads 0.00 % or 1.00 % at random. */
export const CPU_AVERAGE_MS = 60_000;

export const SELF_TARGET = 'assistant-monitor';

export interface SelfOptions {
  /**
   * The process collector that also watches the app's own tree (target SELF_TARGET), so one /proc
   * scan serves both; absent (other systems) this process alone is measured.
   */
  processes?: Pick<ProcessCollector, 'totals'> | null;
  hubStatus: () => CollectorStatus[];
  /** The modules' own numbers (history size, live series, ...), read at each sample. */
  modules?: readonly SelfMetrics[];
  intervalMs?: number;
  /** Milliseconds on a monotonic clock; tests drive it. */
  now?: () => number;
}

export function createSelfCollector(options: SelfOptions): Collector {
  const tree = options.processes ?? null;
  const now = options.now ?? (() => performance.now());
  /** Readings of the CPU-seconds counter: the oldest one at or just before the average's start. */
  let readings: { at: number; cpuSeconds: number }[] = [];

  const averageCpu = (cpuSeconds: number): number | null => {
    const at = now();
    if (readings.length > 0 && cpuSeconds < readings.at(-1)!.cpuSeconds) readings = []; // counter restarted
    readings.push({ at, cpuSeconds });
    while (readings.length > 2 && readings[1]!.at <= at - CPU_AVERAGE_MS) readings.shift();
    const first = readings[0]!;
    if (at <= first.at) return null;
    return Math.round(((cpuSeconds - first.cpuSeconds) / ((at - first.at) / 1000)) * 1e4) / 1e4;
  };

  const ownCpuSeconds = () => {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) / 1e6;
  };
  // This process's counter starts with it, so the first sample already has a span to average.
  if (!tree) readings.push({ at: now(), cpuSeconds: ownCpuSeconds() });

  const s = seriesOf('self');
  return {
    name: 'self',
    intervalMs: options.intervalMs ?? 5000,
    timeoutMs: 1000,
    series: () => [
      s('assistant_monitor_cpu_ratio', "The monitor's own CPU, in cores (all its processes), averaged over the last minute", 'ratio'),
      s('assistant_monitor_cpu_seconds_total', "CPU time the monitor's processes used since it started", 'seconds'),
      s('assistant_monitor_resident_memory_bytes', "The monitor's own resident memory (all its processes)", 'bytes'),
      s('assistant_monitor_processes', 'Processes the monitor runs as', 'count'),
      s('assistant_monitor_collector_duration_seconds', 'Duration of the last sample, per collector', 'seconds'),
      s('assistant_monitor_collector_skipped_ticks_total', 'Ticks skipped because the previous one was still running, per collector', 'count'),
      s('assistant_monitor_collector_failures_total', 'Samples that failed or timed out, per collector', 'count'),
      ...(options.modules ?? []).flatMap((m) => m.series),
    ],
    sample() {
      const totals = tree?.totals(SELF_TARGET);
      let cpuSeconds: number;
      let out: Record<string, number>;
      if (totals) {
        cpuSeconds = totals.cpuSeconds;
        out = { assistant_monitor_resident_memory_bytes: totals.rssBytes, assistant_monitor_processes: totals.count };
      } else {
        cpuSeconds = ownCpuSeconds();
        out = { assistant_monitor_resident_memory_bytes: process.memoryUsage.rss(), assistant_monitor_processes: 1 };
      }
      out.assistant_monitor_cpu_seconds_total = Math.round(cpuSeconds * 1e3) / 1e3;
      // Until there is a span to average (the first sample), the last tick's figure stands in.
      const cpu = averageCpu(cpuSeconds) ?? totals?.cpuRatio ?? null;
      if (cpu !== null) out.assistant_monitor_cpu_ratio = cpu;
      for (const m of options.modules ?? []) Object.assign(out, m.collect());
      for (const c of options.hubStatus()) {
        const labels = { collector: c.name };
        if (c.lastDurationMs !== null) out[formatSeriesId('assistant_monitor_collector_duration_seconds', labels)] = Math.round(c.lastDurationMs * 1000) / 1e6;
        out[formatSeriesId('assistant_monitor_collector_skipped_ticks_total', labels)] = c.skippedTicks;
        out[formatSeriesId('assistant_monitor_collector_failures_total', labels)] = c.failures;
      }
      return out;
    },
  };
}
