import { useEffect, useMemo, useState } from 'react';
import type { MonitorApi } from '../../../src-main/shared/api';
import { TimeSeriesChart } from '../charts/TimeSeriesChart';
import { Panel } from '../components/Panel';
import { StatCard } from '../components/StatCard';
import { formatBytes, formatPercent, type Unit } from '../format';
import { LiveWindow } from '../live/live-window';
import { PRESETS, STREAMED_SPAN_MS, useTimeRange, type TimeRange } from '../live/time-range';
import { useLiveSeries } from '../live/use-monitor';

export const CPU_COLOR = '#4c9aff';
export const MEMORY_COLOR = '#f5a623';
const SERIES = ['system_cpu_utilization_ratio', 'system_memory_utilization_ratio'];

function describeRange(range: TimeRange): string {
  if (range.kind === 'fixed') return `${new Date(range.from).toLocaleString()} – ${new Date(range.to).toLocaleString()}`;
  const preset = PRESETS.find((p) => p.spanMs === range.spanMs);
  return `last ${preset?.label ?? `${Math.round(range.spanMs / 60_000)}m`}`;
}

/** The machine: CPU and memory now and over the chosen range. */
export function Overview({ api }: { api: MonitorApi }) {
  const { range, setRange } = useTimeRange();
  const span = range.kind === 'live' ? range.spanMs : range.to - range.from;
  // A new window (and chart) per range; within a range the chart is only fed.
  const windows = useMemo(() => [new LiveWindow(SERIES, span)], [range]); // eslint-disable-line react-hooks/exhaustive-deps
  const latest = useLiveSeries(api, windows, range);
  const streamed = range.kind === 'live' && range.spanMs <= STREAMED_SPAN_MS;
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (range.kind !== 'live' || streamed) return;
    const t = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(t);
  }, [range, streamed]);
  const xRange = streamed ? null : range.kind === 'fixed' ? range : { from: now - range.spanMs, to: now };
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
        <h2>CPU and memory · {describeRange(range)}</h2>
        <TimeSeriesChart
          key={windows[0]!.windowMs + JSON.stringify(range)}
          window={windows[0]!}
          xRange={xRange}
          onZoom={(from, to) => setRange({ kind: 'fixed', from, to })}
          series={[
            { label: 'CPU', color: CPU_COLOR, format: (v) => formatPercent(v) },
            { label: 'Memory', color: MEMORY_COLOR, format: (v) => formatPercent(v) },
          ]}
          yRange={[0, 1]}
          formatAxis={(v) => formatPercent(v, 0)}
          testId="chart-cpu-memory"
        />
      </section>
      <div className="panels">
        {SYSTEM_PANELS.map((p) => (
          <Panel key={p.title} api={api} title={p.title} unit={p.unit} queries={p.queries} expects={p.expects} testId={`system-${p.title}`} />
        ))}
      </div>
    </>
  );
}

const q = (expr: string, legend: string) => ({ expr, legend });

/** The rest of the machine, as PromQL over the system collectors' series. */
const SYSTEM_PANELS: { title: string; unit: Unit; queries: { expr: string; legend: string }[]; expects: string[] }[] = [
  { title: 'CPU per core', unit: 'ratio', expects: ['system_cpu_core_utilization_ratio'], queries: [q('system_cpu_core_utilization_ratio', 'core')] },
  { title: 'CPU by mode', unit: 'ratio', expects: ['system_cpu_mode_ratio'], queries: [q('system_cpu_mode_ratio', 'mode')] },
  {
    title: 'Load average',
    unit: 'count',
    expects: ['system_load1'],
    queries: [q('system_load1', '1 min'), q('system_load5', '5 min'), q('system_load15', '15 min')],
  },
  {
    title: 'Memory and swap',
    unit: 'bytes',
    expects: ['system_memory_used_bytes'],
    queries: [q('system_memory_used_bytes', 'used'), q('system_memory_cached_bytes', 'cached'), q('system_swap_used_bytes', 'swap used')],
  },
  {
    title: 'Disk throughput',
    unit: 'bytesPerSecond',
    expects: ['system_disk_read_bytes_total'],
    queries: [q('sum(rate(system_disk_read_bytes_total[30s]))', 'read'), q('sum(rate(system_disk_written_bytes_total[30s]))', 'written')],
  },
  {
    title: 'Disk operations',
    unit: 'perSecond',
    expects: ['system_disk_reads_completed_total'],
    queries: [q('sum(rate(system_disk_reads_completed_total[30s]))', 'reads'), q('sum(rate(system_disk_writes_completed_total[30s]))', 'writes')],
  },
  {
    title: 'Network',
    unit: 'bytesPerSecond',
    expects: ['system_network_receive_bytes_total'],
    queries: [q('sum(rate(system_network_receive_bytes_total[30s]))', 'received'), q('sum(rate(system_network_transmit_bytes_total[30s]))', 'sent')],
  },
  {
    title: 'Network errors',
    unit: 'perSecond',
    expects: ['system_network_receive_errors_total'],
    queries: [q('sum(rate(system_network_receive_errors_total[1m]))', 'receive'), q('sum(rate(system_network_transmit_errors_total[1m]))', 'transmit')],
  },
  { title: 'File systems used', unit: 'ratio', expects: ['system_filesystem_used_bytes'], queries: [q('system_filesystem_used_bytes / system_filesystem_size_bytes', 'used')] },
  { title: 'GPU utilization', unit: 'ratio', expects: ['system_gpu_utilization_ratio'], queries: [q('system_gpu_utilization_ratio', 'gpu')] },
  {
    title: 'GPU memory used',
    unit: 'ratio',
    expects: ['system_gpu_memory_used_bytes'],
    queries: [q('system_gpu_memory_used_bytes / system_gpu_memory_total_bytes', 'gpu')],
  },
  { title: 'CPU temperature', unit: 'celsius', expects: ['system_cpu_temperature_celsius'], queries: [q('system_cpu_temperature_celsius', 'temperature')] },
];
