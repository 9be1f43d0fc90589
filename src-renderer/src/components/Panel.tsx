// One dashboard panel: its queries as lines on one chart, the latest value of each, and a plain
// "no data" that names the metric it needs when the target does not expose it.
import { useMemo } from 'react';
import type { MonitorApi } from '../../../src-main/shared/api';
import { ResultChart } from '../charts/ResultChart';
import { formatValue, type Unit } from '../format';
import { useExprResults } from '../live/use-expr-results';
import { useTimeRange } from '../live/time-range';

/** `system_cpu_core_utilization_ratio{cpu="0"}` -> `cpu="0"`: the labels tell series of one panel apart. */
function shortName(id: string): string {
  const brace = id.indexOf('{');
  return brace < 0 ? id : id.slice(brace + 1, -1) || id;
}

export interface PanelProps {
  api: MonitorApi;
  title: string;
  unit: Unit;
  queries: { expr: string; legend: string }[];
  /** Metric names to mention when there is no data. */
  expects?: string[];
  target?: string;
  onRemove?: () => void;
  testId?: string;
}

export function Panel({ api, title, unit, queries, expects, target, onRemove, testId }: PanelProps) {
  const { range, setRange } = useTimeRange();
  const results = useExprResults(
    api,
    queries.map((q) => q.expr),
    range,
  );
  const error = results.find((r) => r.error)?.error ?? null;
  const loaded = results.every((r) => r.result !== null || r.error !== null);
  const hasData = results.some((r) => r.result && r.result.values.some((col) => col.some((v) => v !== null)));
  // Each panel query yields one aggregated series; lay them side by side on one time axis.
  const merged = useMemo(() => {
    const first = results.find((r) => r.result)?.result ?? null;
    if (!first) return null;
    // One query: all its series (a pinned `rate(x[5m])` may have many). Several: the first series of each.
    if (results.length === 1) return { ...first, series: first.series.length === 1 ? [queries[0]!.legend] : first.series.map(shortName) };
    return { series: queries.map((q) => q.legend), t: first.t, values: results.map((r) => r.result?.values[0] ?? first.t.map(() => null)) };
    // queries only change with results (same panel), so results alone decide
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [results]);
  const latest = (i: number) => {
    const col = merged?.values[i];
    if (!col) return null;
    for (let j = col.length - 1; j >= 0; j--) if (col[j] !== null) return col[j]!;
    return null;
  };

  return (
    <section className="card panel" data-testid={testId}>
      <header className="panel-head">
        <h2>{title}</h2>
        <div className="panel-values">
          {(merged?.series ?? queries.map((q) => q.legend)).slice(0, 4).map((legend, i) => {
            const v = latest(i);
            return (
              <span key={legend} className="panel-value" title={queries[Math.min(i, queries.length - 1)]!.expr}>
                {legend} <strong>{v === null ? '–' : formatValue(unit, v)}</strong>
              </span>
            );
          })}
        </div>
        {onRemove ? (
          <button type="button" className="link" onClick={onRemove} aria-label={`Unpin ${title}`}>
            Unpin
          </button>
        ) : null}
      </header>
      {error ? (
        <p className="panel-error" role="status">
          {error}
        </p>
      ) : loaded && !hasData ? (
        <p className="panel-empty" role="status" data-testid="no-data">
          No data. {expects && expects.length > 0 ? `This panel needs ${expects.join(' and ')}` : 'The query returned no series'}
          {target ? ` from target ${target}` : ''}.
        </p>
      ) : null}
      <div hidden={!hasData}>
        <ResultChart
          result={merged}
          unit={unit}
          height={170}
          legend={false}
          xRange={merged ? { from: merged.t[0] ?? 0, to: merged.t[merged.t.length - 1] ?? 0 } : undefined}
          onZoom={(from, to) => setRange({ kind: 'fixed', from, to })}
        />
      </div>
    </section>
  );
}
