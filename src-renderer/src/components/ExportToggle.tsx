// The opt-in Prometheus endpoint, switched on and off from the toolbar: while on it shows where
// Prometheus scrapes and how often it has; a failure to listen shows the reason.
import { useEffect, useState } from 'react';
import type { ExportStatus, MonitorApi } from '../../../src-main/shared/api';

const REFRESH_MS = 10_000;

export function ExportToggle({ api }: { api: MonitorApi }) {
  const [status, setStatus] = useState<ExportStatus | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    const load = () => api.getExport().then((s) => live && setStatus(s), () => {});
    void load();
    const timer = setInterval(load, REFRESH_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [api]);
  if (!status) return null;
  const toggle = async () => {
    setBusy(true);
    setError(null);
    try {
      setStatus(await api.setExport({ enabled: !status.enabled }));
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  const problem = error ?? status.error;
  return (
    <span className="export-toggle" data-testid="export">
      <label title="Serve the monitor's metrics for a Prometheus server (monitor.json export.enabled keeps it on across restarts)">
        <input type="checkbox" checked={status.enabled} disabled={busy} onChange={() => void toggle()} /> Prometheus export
      </label>
      {status.url ? (
        <span className="muted" data-testid="export-url">
          {' '}
          {status.url}
          {status.tokenRequired ? ' (token)' : ''} · scraped {status.scrapes}×
        </span>
      ) : null}
      {problem ? (
        <span className="error" role="alert">
          {' '}
          {problem}
        </span>
      ) : null}
    </span>
  );
}
