// The monitor's own cost, always on: CPU and resident memory of all its processes (on Linux the
// whole process tree of the app, e.g. the Electron main process with its renderer and this core;
// elsewhere this process), and per collector the last sample's duration and the ticks skipped.
import type { CollectorStatus } from '../../shared/api';
import type { SelfMetrics } from '../module';
import { formatSeriesId } from '../../shared/series-id';
import { seriesOf, type Collector } from '../collector';
import type { ProcessCollector } from './processes';

export const SELF_TARGET = 'assistant-monitor';

export interface SelfOptions {
  /**
   * The process collector that also watches the app's own tree (target SELF_TARGET), so one /proc
   * scan serves both; absent (other systems) this process alone is measured.
   */
  processes?: ProcessCollector | null;
  hubStatus: () => CollectorStatus[];
  /** The modules' own numbers (history size, live series, ...), read at each sample. */
  modules?: readonly SelfMetrics[];
  intervalMs?: number;
}

export function createSelfCollector(options: SelfOptions): Collector {
  const tree = options.processes ?? null;
  let lastCpu = process.cpuUsage();
  let lastAt = performance.now();

  const ownProcess = (): Record<string, number> => {
    const now = performance.now();
    const cpu = process.cpuUsage(lastCpu);
    const ratio = (cpu.user + cpu.system) / 1000 / (now - lastAt);
    lastCpu = process.cpuUsage();
    lastAt = now;
    return { assistant_monitor_cpu_ratio: Math.round(ratio * 1e4) / 1e4, assistant_monitor_resident_memory_bytes: process.memoryUsage.rss() };
  };

  const s = seriesOf('self');
  return {
    name: 'self',
    intervalMs: options.intervalMs ?? 5000,
    timeoutMs: 1000,
    series: () => [
      s('assistant_monitor_cpu_ratio', "The monitor's own CPU, in cores (all its processes)", 'ratio'),
      s('assistant_monitor_resident_memory_bytes', "The monitor's own resident memory (all its processes)", 'bytes'),
      s('assistant_monitor_processes', 'Processes the monitor runs as', 'count'),
      s('assistant_monitor_collector_duration_seconds', 'Duration of the last sample, per collector', 'seconds'),
      s('assistant_monitor_collector_skipped_ticks_total', 'Ticks skipped because the previous one was still running, per collector', 'count'),
      s('assistant_monitor_collector_failures_total', 'Samples that failed or timed out, per collector', 'count'),
      ...(options.modules ?? []).flatMap((m) => m.series),
    ],
    sample() {
      let out: Record<string, number>;
      const totals = tree?.totals(SELF_TARGET);
      if (totals) {
        out = { assistant_monitor_resident_memory_bytes: totals.rssBytes, assistant_monitor_processes: totals.count };
        if (totals.cpuRatio !== null) out.assistant_monitor_cpu_ratio = totals.cpuRatio;
      } else out = ownProcess();
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
