// Metric explorer: find any scraped metric, narrow it by labels, chart it raw, as a rate or as a
// quantile, read or edit the PromQL behind the chart, and pin it to the Assistant dashboard.
import { useEffect, useMemo, useState } from 'react';
import type { MetricInfo, MonitorApi } from '../../../src-main/shared/api';
import { ResultChart } from '../charts/ResultChart';
import { useExprResults } from '../live/use-expr-results';
import { useTimeRange } from '../live/time-range';
import { buildQuery, modesFor, unitFor, type ExplorerMode } from './explorer-query';

const HIDDEN_LABELS = new Set(['le', 'quantile']);

export function Explorer({ api }: { api: MonitorApi }) {
  const [metrics, setMetrics] = useState<MetricInfo[] | null>(null);
  const [search, setSearch] = useState('');
  const [selected, setSelected] = useState<MetricInfo | null>(null);
  const [filters, setFilters] = useState<Record<string, string>>({});
  const [mode, setMode] = useState<ExplorerMode>('raw');
  const [quantile, setQuantile] = useState(0.95);
  const [window, setWindow] = useState('5m');
  const [by, setBy] = useState<string | null>(null);
  const [draft, setDraft] = useState('');
  const [expr, setExpr] = useState('');
  const [pinTitle, setPinTitle] = useState('');
  const [pinMessage, setPinMessage] = useState<string | null>(null);

  useEffect(() => {
    let active = true;
    const load = () => api.listMetrics().then((m) => active && setMetrics(m), () => {});
    void load();
    const timer = setInterval(load, 15_000);
    return () => {
      active = false;
      clearInterval(timer);
    };
  }, [api]);

  const visible = useMemo(() => {
    const words = search.toLowerCase().split(/\s+/).filter(Boolean);
    return (metrics ?? []).filter((m) => words.every((w) => m.name.toLowerCase().includes(w) || (m.help ?? '').toLowerCase().includes(w)));
  }, [metrics, search]);

  const choose = (m: MetricInfo) => {
    const firstMode = modesFor(m)[0]!;
    setSelected(m);
    setFilters({});
    setMode(firstMode);
    setBy(null);
    const q = buildQuery({ metric: m, filters: {}, mode: firstMode, quantile, window, by: null });
    setDraft(q);
    setExpr(q);
    setPinTitle(m.name);
    setPinMessage(null);
  };

  // Rebuild the query whenever a choice changes.
  const update = (next: Partial<{ filters: Record<string, string>; mode: ExplorerMode; quantile: number; window: string; by: string | null }>) => {
    if (!selected) return;
    const c = { metric: selected, filters, mode, quantile, window, by, ...next };
    if (next.filters) setFilters(c.filters);
    if (next.mode) setMode(c.mode);
    if (next.quantile !== undefined) setQuantile(c.quantile);
    if (next.window) setWindow(c.window);
    if (next.by !== undefined) setBy(c.by);
    const q = buildQuery(c);
    setDraft(q);
    setExpr(q);
  };

  const { range, setRange } = useTimeRange();
  const [result] = useExprResults(api, expr ? [expr] : [], range);
  const unit = selected ? unitFor({ metric: selected, filters, mode, quantile, window, by }) : 'count';

  const pin = () => {
    api.addPin({ title: pinTitle.trim() || expr, expr, unit }).then(
      () => setPinMessage('Pinned: it is on the Assistant view now.'),
      (err: Error) => setPinMessage(`Could not pin: ${err.message}`),
    );
  };

  return (
    <div className="explorer">
      <aside className="card metric-list">
        <input type="search" placeholder="Search metrics…" value={search} onChange={(e) => setSearch(e.target.value)} aria-label="Search metrics" data-testid="metric-search" />
        {metrics === null ? <p className="muted">Loading…</p> : null}
        {metrics !== null && visible.length === 0 ? <p className="muted">No metric matches. Metrics appear here once a scrape target answers.</p> : null}
        <ul>
          {visible.slice(0, 300).map((m) => (
            <li key={m.name}>
              <button type="button" className={selected?.name === m.name ? 'metric active' : 'metric'} onClick={() => choose(m)} title={m.help ? `${m.name}: ${m.help}` : m.name}>
                <span className="metric-name">{m.name}</span>
                <span className="badge">{m.type}</span>
                <span className="muted">{m.series}</span>
              </button>
            </li>
          ))}
        </ul>
      </aside>
      <section className="card explorer-main">
        {!selected ? (
          <p className="muted">Choose a metric on the left, or type PromQL below.</p>
        ) : (
          <>
            <h2>
              {selected.name} <span className="badge">{selected.type}</span>
            </h2>
            {selected.help ? <p className="muted">{selected.help}</p> : null}
            <div className="controls">
              {Object.entries(selected.labels)
                .filter(([k]) => !HIDDEN_LABELS.has(k))
                .map(([k, values]) => (
                  <label key={k}>
                    {k}
                    <select
                      value={filters[k] ?? ''}
                      onChange={(e) => {
                        const next = { ...filters };
                        if (e.target.value === '') delete next[k];
                        else next[k] = e.target.value;
                        update({ filters: next });
                      }}
                    >
                      <option value="">any</option>
                      {values.map((v) => (
                        <option key={v} value={v}>
                          {v}
                        </option>
                      ))}
                    </select>
                  </label>
                ))}
              <label>
                show
                <select value={mode} onChange={(e) => update({ mode: e.target.value as ExplorerMode })} data-testid="explorer-mode">
                  {modesFor(selected).map((m) => (
                    <option key={m} value={m}>
                      {m === 'raw' ? 'raw values' : m === 'rate' ? 'rate per second' : 'quantile'}
                    </option>
                  ))}
                </select>
              </label>
              {mode === 'quantile' ? (
                <label>
                  quantile
                  <select value={quantile} onChange={(e) => update({ quantile: Number(e.target.value) })}>
                    {[0.5, 0.9, 0.95, 0.99].map((q) => (
                      <option key={q} value={q}>
                        p{q * 100}
                      </option>
                    ))}
                  </select>
                </label>
              ) : null}
              {mode !== 'raw' ? (
                <>
                  <label>
                    over
                    <select value={window} onChange={(e) => update({ window: e.target.value })}>
                      {['1m', '5m', '10m'].map((w) => (
                        <option key={w}>{w}</option>
                      ))}
                    </select>
                  </label>
                  <label>
                    split by
                    <select value={by ?? ''} onChange={(e) => update({ by: e.target.value || null })}>
                      <option value="">nothing</option>
                      {Object.keys(selected.labels)
                        .filter((k) => !HIDDEN_LABELS.has(k))
                        .map((k) => (
                          <option key={k}>{k}</option>
                        ))}
                    </select>
                  </label>
                </>
              ) : null}
            </div>
          </>
        )}
        <form
          className="promql"
          onSubmit={(e) => {
            e.preventDefault();
            setExpr(draft.trim());
          }}
        >
          <label htmlFor="promql">PromQL</label>
          <textarea id="promql" value={draft} onChange={(e) => setDraft(e.target.value)} rows={2} spellCheck={false} data-testid="promql" />
          <button type="submit">Run</button>
        </form>
        {result?.error ? (
          <p className="panel-error" role="alert" data-testid="explorer-error">
            {result.error}
          </p>
        ) : null}
        {expr && result?.result ? (
          <>
            <ResultChart
              result={result.result}
              unit={unit}
              height={260}
              xRange={{ from: result.result.t[0] ?? 0, to: result.result.t[result.result.t.length - 1] ?? 0 }}
              onZoom={(from, to) => setRange({ kind: 'fixed', from, to })}
              testId="explorer-chart"
            />
            {result.result.series.length === 0 ? <p className="panel-empty">The query returned no series.</p> : null}
            <div className="pin-row">
              <input value={pinTitle} onChange={(e) => setPinTitle(e.target.value)} aria-label="Title of the pinned chart" maxLength={120} />
              <button type="button" onClick={pin} data-testid="pin-button">
                Pin to dashboard
              </button>
              {pinMessage ? <span className="muted">{pinMessage}</span> : null}
            </div>
          </>
        ) : null}
      </section>
    </div>
  );
}
