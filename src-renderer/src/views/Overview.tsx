import { useMemo } from 'react';
import type { MonitorApi } from '../../../src-main/shared/api';
import { TimeSeriesChart } from '../charts/TimeSeriesChart';
import { StatCard } from '../components/StatCard';
import { formatBytes, formatPercent } from '../format';
import { LiveWindow } from '../live/live-window';
import { useLiveSeries } from '../live/use-monitor';

export const CPU_COLOR = '#4c9aff';
export const MEMORY_COLOR = '#f5a623';
const WINDOW_MS = 5 * 60_000;

/** The machine: CPU and memory now and over the last five minutes. */
export function Overview({ api }: { api: MonitorApi }) {
  const windows = useMemo(() => [new LiveWindow(['system_cpu_utilization_ratio', 'system_memory_utilization_ratio'], WINDOW_MS)], []);
  const latest = useLiveSeries(api, windows);
  const cpu = latest.system_cpu_utilization_ratio;
  const used = latest.system_memory_used_bytes;
  const total = latest.system_memory_total_bytes;
  const available = latest.system_memory_available_bytes;

  return (
    <>
      <section className="stats">
        <StatCard label="CPU" value={cpu === undefined ? '–' : formatPercent(cpu)} detail="all cores, last second" testId="cpu-value" accent={CPU_COLOR} />
        <StatCard
          label="Memory used"
          value={used === undefined ? '–' : formatBytes(used)}
          detail={total === undefined || used === undefined ? undefined : `${formatPercent(used / total, 0)} of ${formatBytes(total)}`}
          testId="memory-value"
          accent={MEMORY_COLOR}
        />
        <StatCard label="Memory available" value={available === undefined ? '–' : formatBytes(available)} detail="without swapping" testId="memory-available" />
      </section>
      <section className="card">
        <h2>CPU and memory · last 5 minutes</h2>
        <TimeSeriesChart
          window={windows[0]!}
          series={[
            { label: 'CPU', color: CPU_COLOR, format: (v) => formatPercent(v) },
            { label: 'Memory', color: MEMORY_COLOR, format: (v) => formatPercent(v) },
          ]}
          yRange={[0, 1]}
          formatAxis={(v) => formatPercent(v, 0)}
          testId="chart-cpu-memory"
        />
      </section>
    </>
  );
}
