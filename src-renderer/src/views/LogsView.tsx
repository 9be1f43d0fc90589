// The Logs view: every tailed source's lines, newest first, with live tail (follow / pause),
// level and source filters, full-text search with the matches marked, field filters (click a
// field), a count histogram over the toolbar's time range (drag-free: click a bar to zoom the
// whole app to it), and copy-as-JSON per line.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { LOG_LEVELS, type LogHistogram, type LogLevel, type LogLine, type LogQuery, type LogSourceStatus, type MonitorApi } from '../../../src-main/shared/api';
import { highlight } from '../logs/highlight';
import { bounds, useTimeRange } from '../live/time-range';

const PAGE = 200;
/** While following, at most one refresh per this many ms however fast lines arrive. */
const REFRESH_MS = 1000;
const LEVEL_COLORS: Record<LogLevel, string> = {
  trace: '#6b778c',
  debug: '#8993a4',
  info: '#4c9aff',
  warn: '#ffab00',
  error: '#e5484d',
  fatal: '#ff5630',
  unknown: '#5e6c84',
};

function timeText(t: number): string {
  const d = new Date(t);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

function Marked({ text, search }: { text: string; search: string }) {
  return (
    <>
      {highlight(text, search).map((s, i) => (s.hit ? <mark key={i}>{s.text}</mark> : <span key={i}>{s.text}</span>))}
    </>
  );
}

function Histogram({ data, onPick }: { data: LogHistogram | null; onPick: (from: number, to: number) => void }) {
  if (!data) return <div className="log-histogram" data-testid="log-histogram" />;
  const n = data.t.length;
  const totals = data.t.map((_, i) => LOG_LEVELS.reduce((sum, l) => sum + (data.counts[l]?.[i] ?? 0), 0));
  const max = Math.max(1, ...totals);
  const total = totals.reduce((a, b) => a + b, 0);
  return (
    <div className="log-histogram" data-testid="log-histogram" data-total={total}>
      <svg viewBox={`0 0 ${n} 100`} preserveAspectRatio="none" role="img" aria-label={`${total} lines over the range`}>
        {data.t.map((t, i) => {
          let y = 100;
          return (
            <g key={t} onClick={() => onPick(t, t + data.bucketMs)}>
              <title>{`${timeText(t)}: ${totals[i]} lines`}</title>
              <rect x={i} y={0} width={1} height={100} fill="transparent" />
              {LOG_LEVELS.map((level) => {
                const c = data.counts[level]?.[i] ?? 0;
                if (c === 0) return null;
                const h = (c / max) * 100;
                y -= h;
                return <rect key={level} x={i + 0.1} y={y} width={0.8} height={h} fill={LEVEL_COLORS[level]} />;
              })}
            </g>
          );
        })}
      </svg>
    </div>
  );
}

function Row({ line, search, onField }: { line: LogLine; search: string; onField: (key: string, value: string) => void }) {
  const [copied, setCopied] = useState(false);
  const copy = () => {
    void navigator.clipboard?.writeText(JSON.stringify(line)).then(() => {
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    });
  };
  const fields = Object.entries(line.fields);
  return (
    <li className={`log-line level-${line.level}`} data-testid="log-line" data-level={line.level}>
      <span className="log-time">{timeText(line.t)}</span>
      <span className="log-level" style={{ color: LEVEL_COLORS[line.level] }}>
        {line.level}
      </span>
      <span className="log-source muted">{line.source}</span>
      <span className="log-message">
        <Marked text={line.message} search={search} />
        {line.truncated ? <span className="badge" title="the line was longer than 64 KiB and was cut there"> cut at 64 KiB</span> : null}
      </span>
      <button className="link log-copy" onClick={copy} title="copy this line as JSON">
        {copied ? 'copied' : 'copy JSON'}
      </button>
      {fields.length > 0 || line.traceId ? (
        <span className="log-fields">
          {line.traceId ? (
            <span className="log-trace" data-trace-id={line.traceId}>
              trace {line.traceId}
            </span>
          ) : null}
          {fields.map(([k, v]) => (
            <button key={k} className="log-field" title={`show only lines with ${k}=${String(v)}`} onClick={() => onField(k, String(v))}>
              {k}=<Marked text={String(v)} search={search} />
            </button>
          ))}
        </span>
      ) : null}
    </li>
  );
}

export function LogsView({ api }: { api: MonitorApi }) {
  const { range, setRange } = useTimeRange();
  const [draft, setDraft] = useState('');
  const [search, setSearch] = useState('');
  const [levels, setLevels] = useState<LogLevel[]>([]);
  const [source, setSource] = useState('');
  const [fields, setFields] = useState<string[]>([]);
  const [paused, setPaused] = useState(false);
  const [lines, setLines] = useState<LogLine[]>([]);
  const [more, setMore] = useState(false);
  const [histogram, setHistogram] = useState<LogHistogram | null>(null);
  const [sources, setSources] = useState<LogSourceStatus[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [unseen, setUnseen] = useState(0);
  const pausedRef = useRef(paused);
  useEffect(() => {
    pausedRef.current = paused;
  }, [paused]);

  const query = useCallback((): LogQuery => {
    const b = bounds(range);
    return {
      from: Math.floor(b.from),
      to: Math.ceil(range.kind === 'live' ? b.to + 60_000 : b.to),
      ...(search.trim() ? { text: search.trim() } : {}),
      ...(levels.length ? { levels } : {}),
      ...(source ? { sources: [source] } : {}),
      ...(fields.length ? { fields } : {}),
    };
  }, [range, search, levels, source, fields]);

  const refresh = useCallback(() => {
    const q = query();
    api.queryLogs({ ...q, limit: PAGE }).then(
      (page) => {
        setLines(page.lines);
        setMore(page.more);
        setError(null);
        setUnseen(0);
      },
      (e: Error) => setError(e.message),
    );
    api.logHistogram({ ...q, buckets: 60 }).then(setHistogram, () => {});
    api.getLogSources().then(setSources, () => {});
  }, [api, query]);

  useEffect(refresh, [refresh]);

  // Live tail: a notice of new lines refreshes the list (at most once a second) unless paused.
  useEffect(() => {
    if (range.kind !== 'live') return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const unsubscribe = api.subscribe((e) => {
      if (e.type !== 'logs') return;
      if (pausedRef.current) {
        setUnseen((n) => n + e.lines);
        return;
      }
      timer ??= setTimeout(() => {
        timer = null;
        refresh();
      }, REFRESH_MS);
    });
    return () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
    };
  }, [api, range.kind, refresh]);

  const older = () => {
    const last = lines[lines.length - 1];
    if (!last) return;
    api.queryLogs({ ...query(), limit: PAGE, beforeId: last.id }).then(
      (page) => {
        setLines((l) => [...l, ...page.lines]);
        setMore(page.more);
      },
      (e: Error) => setError(e.message),
    );
  };

  const toggleLevel = (level: LogLevel) => setLevels((ls) => (ls.includes(level) ? ls.filter((l) => l !== level) : [...ls, level]));
  const addField = (key: string, value: string) => setFields((fs) => (fs.includes(`${key}=${value}`) ? fs : [...fs, `${key}=${value}`]));
  const sourceNames = useMemo(() => sources.map((s) => s.name), [sources]);

  return (
    <section className="logs-view" data-testid="logs-view">
      <form
        className="log-controls"
        onSubmit={(e) => {
          e.preventDefault();
          setSearch(draft);
        }}
      >
        <input type="search" placeholder="Search messages and fields…" aria-label="Search logs" value={draft} onChange={(e) => setDraft(e.target.value)} />
        <button type="submit">Search</button>
        <span className="log-levels" role="group" aria-label="Levels">
          {LOG_LEVELS.map((l) => (
            <label key={l} className="log-level-toggle" style={{ color: LEVEL_COLORS[l] }}>
              <input type="checkbox" checked={levels.includes(l)} onChange={() => toggleLevel(l)} /> {l}
            </label>
          ))}
        </span>
        <select aria-label="Source" value={source} onChange={(e) => setSource(e.target.value)}>
          <option value="">all sources</option>
          {sourceNames.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        {range.kind === 'live' ? (
          <button type="button" onClick={() => (paused ? (setPaused(false), refresh()) : setPaused(true))} aria-pressed={paused}>
            {paused ? `▶ Follow${unseen ? ` (${unseen} new)` : ''}` : '❚❚ Pause'}
          </button>
        ) : null}
      </form>
      {fields.length > 0 ? (
        <div className="log-filters" data-testid="field-filters">
          {fields.map((f) => (
            <button key={f} className="log-field active" title="remove this filter" onClick={() => setFields((fs) => fs.filter((x) => x !== f))}>
              {f} ✕
            </button>
          ))}
        </div>
      ) : null}
      <Histogram data={histogram} onPick={(from, to) => setRange({ kind: 'fixed', from, to })} />
      <ul className="log-sources" data-testid="log-sources">
        {sources.map((s) => (
          <li key={s.name} className={`log-source-status state-${s.state}`} title={s.files.map((f) => `${f.path} @ ${f.offset}`).join('\n')}>
            <span className="dot" /> {s.name} · {s.lines} lines{s.reason ? ` · ${s.reason}` : ''}
          </li>
        ))}
        {sources.length === 0 ? <li className="muted">No log sources. Add some under "logs" in monitor.json.</li> : null}
      </ul>
      {error ? <p className="panel-error">{error}</p> : null}
      <ol className="log-lines" data-testid="log-lines">
        {lines.map((l) => (
          <Row key={l.id} line={l} search={search} onField={addField} />
        ))}
      </ol>
      {lines.length === 0 && !error ? <p className="panel-empty">No log lines match in this time range.</p> : null}
      {more ? (
        <button type="button" onClick={older}>
          Older lines
        </button>
      ) : null}
    </section>
  );
}
