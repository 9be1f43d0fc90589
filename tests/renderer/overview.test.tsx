import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { App } from '../../src-renderer/src/App';
import { Overview } from '../../src-renderer/src/views/Overview';
import { instances } from '../mocks/uplot';
import { MACHINE, scriptedApi } from './support/fake-api';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const sample = (t: number, cpu: number) => ({
  type: 'samples' as const,
  batch: {
    t,
    collector: 'system',
    values: { system_cpu_utilization_ratio: cpu, system_memory_utilization_ratio: 0.25, system_memory_used_bytes: 2 * 1024 ** 3, system_memory_total_bytes: 8 * 1024 ** 3, system_memory_available_bytes: 6 * 1024 ** 3 },
  },
});

describe('System view', () => {
  let root: Root;
  let host: HTMLDivElement;
  beforeEach(() => {
    instances.length = 0;
    window.location.hash = '';
    host = document.createElement('div');
    document.body.append(host);
    root = createRoot(host);
  });
  afterEach(() => {
    act(() => root.unmount());
    host.remove();
  });

  const text = (id: string) => host.querySelector(`[data-testid="${id}"]`)?.textContent;
  /** The uPlot instances drawn into the CPU and memory chart (the view also has PromQL panels). */
  const cpuCharts = () => instances.filter((i) => i.target.getAttribute('data-testid') === 'chart-cpu-memory');

  it('creates the chart once and feeds it every sample with setData', async () => {
    const s = scriptedApi();
    await act(async () => root.render(<Overview api={s.api} />));
    expect(cpuCharts()).toHaveLength(1);
    const chart = cpuCharts()[0]!;
    const before = chart.setDataCalls;
    const now = Date.now();
    s.emit(sample(now, 0.42));
    s.emit(sample(now + 1000, 0.43));
    expect(cpuCharts()).toHaveLength(1);
    expect(chart.setDataCalls).toBe(before + 2);
    const [times, cpu] = chart.data as [number[], number[]];
    expect(times.at(-1)).toBe((now + 1000) / 1000);
    expect(cpu.at(-1)).toBe(0.43);
  });

  it('loads the last five minutes of history before live data', async () => {
    const s = scriptedApi();
    await act(async () => root.render(<Overview api={s.api} />));
    const q = s.queries[0] as { series: string[]; from: number; to: number };
    expect(q.series).toEqual(['system_cpu_utilization_ratio', 'system_memory_utilization_ratio']);
    expect(q.to - q.from).toBe(5 * 60_000);
    expect((cpuCharts()[0]!.data as number[][])[0]).toHaveLength(2);
  });

  it('shows the latest CPU and memory as numbers', async () => {
    const s = scriptedApi();
    await act(async () => root.render(<Overview api={s.api} />));
    s.emit(sample(Date.now(), 0.1234));
    expect(text('cpu-value')).toBe('12.3 %');
    expect(text('memory-value')).toBe('2.0 GiB');
    expect(host.textContent).toContain('25 % of 8.0 GiB');
    expect(text('memory-available')).toBe('6.0 GiB');
  });

  it('shows a banner while the connection is lost and clears it on reconnect, refilling history', async () => {
    const s = scriptedApi();
    await act(async () => root.render(<App api={s.api} />));
    expect(text('connection-banner')).toBeUndefined();
    s.emit({ type: 'connection', connected: false, reason: 'fetch failed' });
    expect(text('connection-banner')).toContain('Connection to the monitor lost');
    expect(text('connection-banner')).toContain('fetch failed');
    const queriesBefore = s.queries.length;
    await act(async () => s.emit({ type: 'connection', connected: true }));
    expect(text('connection-banner')).toBeUndefined();
    expect(s.queries.length).toBe(queriesBefore + 1);
  });

  it('re-queries history for a longer range picked in the range picker, on a new chart', async () => {
    const s = scriptedApi();
    await act(async () => root.render(<App api={s.api} />));
    const before = cpuCharts().length;
    const button = [...host.querySelectorAll('[data-testid="range-picker"] button')].find((b) => b.textContent === '24h') as HTMLButtonElement;
    await act(async () => button.click());
    const q = s.queries.at(-1) as { from: number; to: number; maxPoints: number };
    expect(q.to - q.from).toBe(24 * 3_600_000);
    expect(q.maxPoints).toBe(1200);
    expect(cpuCharts().filter((c) => !c.destroyed).length).toBe(before);
    expect(cpuCharts().length).toBe(before + 1);
    expect(host.textContent).toContain('CPU and memory · last 24h');
    // Live samples still update the numbers, but a re-queried range is not fed sample by sample.
    const chart = cpuCharts().at(-1)!;
    const calls = chart.setDataCalls;
    s.emit(sample(Date.now(), 0.5));
    expect(host.querySelector('[data-testid="cpu-value"]')?.textContent).toBe('50.0 %');
    expect(chart.setDataCalls).toBe(calls);
  });

  it('shows the core’s notices (bad config, memory-only mode)', async () => {
    const s = scriptedApi({
      getInfo: async () => ({ version: '1', hostname: 'h', platform: 'linux', startedAt: 0, liveWindowMs: 1, notices: ['monitor.json: scrape[0].url: required'], history: null, machine: MACHINE }),
    });
    await act(async () => root.render(<App api={s.api} />));
    expect(text('notices')).toBe('monitor.json: scrape[0].url: required');
  });

  it('destroys the chart on unmount', async () => {
    const s = scriptedApi();
    await act(async () => root.render(<Overview api={s.api} />));
    act(() => root.unmount());
    expect(cpuCharts()[0]!.destroyed).toBe(true);
    root = createRoot(host);
  });
});
