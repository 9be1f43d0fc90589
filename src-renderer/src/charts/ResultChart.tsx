// A uPlot chart of a query result (one line per series). The chart is created when the set of
// series changes (a new query) and fed with setData on every refresh; never rebuilt on a tick.
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import type { RangeResult } from '../../../src-main/shared/api';
import { formatValue, type Unit } from '../format';
import { axes, dragToZoom, xScale } from './chart-options';

export const PALETTE = ['#4c9aff', '#f5a623', '#36b37e', '#ff5630', '#b37feb', '#00b8d9', '#ffab00', '#e774bb'];

export interface ResultChartProps {
  result: RangeResult | null;
  unit: Unit;
  /** Legend per series; defaults to the series names. */
  labels?: string[];
  height?: number;
  /** uPlot's live legend; panels show their values in the header instead. */
  legend?: boolean;
  /** x bounds in ms (the chosen range), so charts line up even where data is missing. */
  xRange?: { from: number; to: number };
  /** Called with the span dragged across the chart. */
  onZoom?: (from: number, to: number) => void;
  testId?: string;
}

function sparse(u: uPlot, seriesIdx: number, idx0: number, idx1: number): boolean {
  const col = u.data[seriesIdx]!;
  let n = 0;
  for (let i = idx0; i <= idx1 && n < 3; i++) if (col[i] != null) n++;
  return n < 3;
}

function toColumns(result: RangeResult): uPlot.AlignedData {
  return [result.t.map((t) => t / 1000), ...result.values] as uPlot.AlignedData;
}

export function ResultChart({ result, unit, labels, height = 200, legend = true, xRange, onZoom, testId }: ResultChartProps) {
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  const xRangeRef = useRef(xRange);
  const onZoomRef = useRef(onZoom);
  useEffect(() => {
    xRangeRef.current = xRange;
    onZoomRef.current = onZoom;
  });
  const shape = result ? `${unit}|${(labels ?? result.series).join('\u0000')}` : '';

  // (Re)create only when the shape changes.
  useEffect(() => {
    const el = host.current;
    if (!el || !result) return;
    // A series without labels (an aggregate) prints as {}; call it what it is.
    const names = (labels ?? result.series).map((n) => (n === '{}' ? 'value' : n));
    const fmt = (v: number) => formatValue(unit, v);
    const u = new uPlot(
      {
        width: Math.max(200, el.clientWidth),
        height,
        scales: {
          x: xScale(xRangeRef, (min, max) => [min, max]),
          y: { range: (_u, min, max) => (unit === 'ratio' ? [0, Math.max(max, 0.01)] : [Math.min(0, min), max > 0 ? max * 1.1 : 1]) } },
        axes: axes(fmt, 76),
        series: [
          {},
          ...names.map((label, i) => ({
            label,
            stroke: PALETTE[i % PALETTE.length],
            width: 2,
            // Dots only while a series has too few points to draw a line (just after start).
            points: { show: sparse },
            spanGaps: false,
            value: (_u: uPlot, v: number | null) => (v === null ? '–' : fmt(v)),
          })),
        ],
        legend: { show: legend, live: true },
        ...dragToZoom(onZoomRef),
      },
      toColumns(result),
      el,
    );
    chart.current = u;
    const resize = new ResizeObserver(() => u.setSize({ width: Math.max(200, el.clientWidth), height }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      u.destroy();
      chart.current = null;
    };
    // The result itself is fed below; only its shape re-creates the chart.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [shape, height, legend]);

  useEffect(() => {
    if (result && chart.current) chart.current.setData(toColumns(result));
  }, [result]);

  return <div className="chart" ref={host} data-testid={testId} />;
}
