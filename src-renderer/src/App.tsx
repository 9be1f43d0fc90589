// The shell of the UI: title, connection banner, notices, and the views.
import { useEffect, useMemo, useState } from 'react';
import type { MonitorApi } from '../../src-main/shared/api';
import { BundleDialog } from './components/BundleDialog';
import { ConnectionBanner } from './components/ConnectionBanner';
import { ExportToggle } from './components/ExportToggle';
import { OverheadBadge } from './components/OverheadBadge';
import { RangePicker } from './components/RangePicker';
import { formatBytes } from './format';
import { RangeContext, type TimeRange } from './live/time-range';
import { useConnection } from './live/use-connection';
import { AssistantView } from './views/AssistantView';
import { Explorer } from './views/Explorer';
import { LogsView } from './views/LogsView';
import { Overview } from './views/Overview';

const VIEWS = [
  { id: 'system', label: 'System' },
  { id: 'assistant', label: 'Assistant' },
  { id: 'explorer', label: 'Explorer' },
  { id: 'logs', label: 'Logs' },
] as const;
type ViewId = (typeof VIEWS)[number]['id'];

function viewFromHash(): ViewId {
  const id = window.location.hash.replace(/^#\/?/, '');
  return VIEWS.some((v) => v.id === id) ? (id as ViewId) : 'system';
}

export function App({ api }: { api: MonitorApi }) {
  const { info, connected, lostReason } = useConnection(api);
  const [view, setView] = useState<ViewId>(viewFromHash);
  const [range, setRange] = useState<TimeRange>({ kind: 'live', spanMs: 5 * 60_000 });
  const rangeState = useMemo(() => ({ range, setRange }), [range]);
  useEffect(() => {
    const onHash = () => setView(viewFromHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  return (
    <div className="app">
      <header className="topbar">
        <h1>Assistant Monitor</h1>
        <nav aria-label="Views">
          {VIEWS.map((v) => (
            <a key={v.id} href={`#/${v.id}`} className={view === v.id ? 'tab active' : 'tab'} aria-current={view === v.id ? 'page' : undefined}>
              {v.label}
            </a>
          ))}
        </nav>
        <span className="host" data-testid="machine">
          {info ? `${info.hostname} · ${info.machine.os} · ${info.machine.cpuModel} (${info.machine.cores} cores) · ${formatBytes(info.machine.totalMemoryBytes)} · v${info.version}` : 'connecting…'}
        </span>
      </header>
      <div className="toolbar">
        <RangePicker range={range} onChange={setRange} />
        <OverheadBadge api={api} />
        <ExportToggle api={api} />
        <BundleDialog api={api} />
        {info?.history ? (
          <span className="muted history-info" data-testid="history-info" title={info.history.file}>
            history {formatBytes(info.history.bytes)} · {info.history.series} series · {info.history.expired} expired · {info.history.evicted} evicted
          </span>
        ) : null}
      </div>
      <ConnectionBanner connected={connected} reason={lostReason} />
      {info && info.notices.length > 0 ? (
        <ul className="notices" data-testid="notices">
          {info.notices.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      ) : null}
      <RangeContext.Provider value={rangeState}>
        <main>
          {view === 'system' ? <Overview api={api} /> : null}
          {view === 'assistant' ? <AssistantView api={api} /> : null}
          {view === 'explorer' ? <Explorer api={api} /> : null}
          {view === 'logs' ? <LogsView api={api} /> : null}
        </main>
      </RangeContext.Provider>
    </div>
  );
}
