// A uPlot chart bound to a LiveWindow: created once on mount, then fed with setData on every
// change; never rebuilt on a tick.
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import type { LiveWindow } from '../live/live-window';
import { axes, dragToZoom, xScale } from './chart-options';

export interface ChartSeries {
  label: string;
  color: string;
  format: (value: number) => string;
}

export interface TimeSeriesChartProps {
  window: LiveWindow;
  series: ChartSeries[];
  /** Fixed y range, e.g. [0, 1] for ratios. */
  yRange: [number, number];
  formatAxis: (value: number) => string;
  height?: number;
  /** Fixed x bounds in ms; absent, the chart follows the newest sample (live). */
  xRange?: { from: number; to: number } | null;
  /** Called with the span dragged across the chart. */
  onZoom?: (from: number, to: number) => void;
  testId?: string;
}

export function TimeSeriesChart({ window: live, series, yRange, formatAxis, height = 260, xRange = null, onZoom, testId }: TimeSeriesChartProps) {
  const host = useRef<HTMLDivElement>(null);
  // Options are read once, at creation; later prop changes do not rebuild the chart.
  const initial = useRef({ series, yRange, formatAxis, height });
  const xRangeRef = useRef(xRange);
  const onZoomRef = useRef(onZoom);
  useEffect(() => {
    xRangeRef.current = xRange;
    onZoomRef.current = onZoom;
  });

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const { series: s, yRange: range, formatAxis: fmt, height: h } = initial.current;
    const windowSec = live.windowMs / 1000;
    const opts: uPlot.Options = {
      width: Math.max(200, el.clientWidth),
      height: h,
      scales: {
        x: xScale(xRangeRef, (_min, max) => [max - windowSec, max]),
        y: { range: () => range },
      },
      axes: axes(fmt, 56),
      series: [
        {},
        ...s.map((x) => ({
          label: x.label,
          stroke: x.color,
          width: 2,
          fill: `${x.color}22`,
          points: { show: false },
          value: (_u: uPlot, v: number | null) => (v === null ? '–' : x.format(v)),
        })),
      ],
      legend: { live: true },
      ...dragToZoom(onZoomRef),
    };
    const chart = new uPlot(opts, live.data as uPlot.AlignedData, el);
    const stopFeeding = live.onChange(() => chart.setData(live.data as uPlot.AlignedData));
    const resize = new ResizeObserver(() => chart.setSize({ width: Math.max(200, el.clientWidth), height: h }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      stopFeeding();
      chart.destroy();
    };
  }, [live]);

  return <div className="chart" ref={host} data-testid={testId} />;
}
