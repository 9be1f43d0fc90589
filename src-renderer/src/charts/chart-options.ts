// uPlot options every chart shares: the dark-theme axes, and drag-to-zoom handed to the app.
import type uPlot from 'uplot';

export function axes(format: (v: number) => string, size: number): uPlot.Axis[] {
  const style = { stroke: '#9aa4b2', grid: { stroke: '#ffffff14' }, ticks: { stroke: '#ffffff14' } };
  return [style, { ...style, values: (_u, ticks) => ticks.map(format), size }];
}

/**
 * Dragging across a chart selects a span; instead of zooming that chart alone, the span goes to
 * `onZoom` (read through a ref, so the chart need not be rebuilt when the handler changes) and
 * the app sets it as the range of every chart.
 */
export function dragToZoom(onZoom: { current: ((from: number, to: number) => void) | undefined }): Pick<uPlot.Options, 'cursor' | 'hooks'> {
  return {
    cursor: { drag: { x: true, y: false, setScale: false } },
    hooks: {
      setSelect: [
        (u) => {
          const { left, width } = u.select;
          if (width > 4 && onZoom.current) onZoom.current(u.posToVal(left, 'x') * 1000, u.posToVal(left + width, 'x') * 1000);
          u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
        },
      ],
    },
  };
}

/** The x scale: fixed bounds (ms) when given, else `fallback`. */
export function xScale(fixed: { current: { from: number; to: number } | null | undefined }, fallback: (min: number, max: number) => [number, number]): uPlot.Scale {
  return {
    time: true,
    range: (_u, min, max) => {
      const f = fixed.current;
      return f ? [f.from / 1000, f.to / 1000] : fallback(min, max);
    },
  };
}
