// "Diagnostics bundle…": a preview of every file the bundle would hold, with its size and what
// redaction takes out of it; the user unticks what they do not want to share, then writes it.
// In the browser the written zip downloads from /bundles/NAME; in the desktop app its path shows.
import { useState } from 'react';
import type { BundlePreview, BundleResult, MonitorApi } from '../../../src-main/shared/api';
import { formatBytes } from '../format';

const inBrowser = () => !(window as { monitor?: unknown }).monitor;

function redactionText(counts: Record<string, number>): string {
  const parts = Object.entries(counts).map(([rule, n]) => `${n} ${rule}`);
  return parts.length ? `redacted: ${parts.join(', ')}` : 'nothing to redact';
}

export function BundleDialog({ api }: { api: MonitorApi }) {
  const [open, setOpen] = useState(false);
  const [preview, setPreview] = useState<BundlePreview | null>(null);
  const [excluded, setExcluded] = useState<Set<string>>(new Set());
  const [pseudonyms, setPseudonyms] = useState(false);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<BundleResult | null>(null);
  const [error, setError] = useState<string | null>(null);

  const start = async () => {
    setOpen(true);
    setResult(null);
    setError(null);
    setPreview(null);
    try {
      setPreview(await api.previewBundle());
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  const write = async () => {
    setBusy(true);
    setError(null);
    try {
      setResult(await api.createBundle({ exclude: [...excluded], pseudonyms }));
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  const toggle = (path: string) =>
    setExcluded((prev) => {
      const next = new Set(prev);
      if (next.has(path)) next.delete(path);
      else next.add(path);
      return next;
    });

  if (!open) {
    return (
      <button type="button" className="toolbar-button" onClick={() => void start()}>
        Diagnostics bundle…
      </button>
    );
  }
  const size = preview?.files.filter((f) => !excluded.has(f.path)).reduce((n, f) => n + f.bytes, 0) ?? 0;
  return (
    <div className="dialog-backdrop">
      <section className="dialog card" role="dialog" aria-modal="true" aria-labelledby="bundle-title">
        <h2 id="bundle-title">Diagnostics bundle</h2>
        <p className="muted">A zip for a bug report. Secrets (tokens, passwords, keys, credentials in URLs, e-mail addresses) and your home folder are replaced; prompts and answers are never included. Untick what you do not want to share.</p>
        {error ? <p className="error" role="alert">{error}</p> : null}
        {!preview && !error ? <p className="muted">Preparing the preview…</p> : null}
        {preview && !result ? (
          <>
            <ul className="bundle-files" data-testid="bundle-files">
              {preview.files.map((f) => (
                <li key={f.path}>
                  <label>
                    <input type="checkbox" checked={!excluded.has(f.path)} onChange={() => toggle(f.path)} /> <code>{f.path}</code> · {formatBytes(f.bytes)}
                  </label>
                  <div className="muted">
                    {f.description} · {redactionText(f.redactions)}
                  </div>
                </li>
              ))}
              {preview.omitted.map((o) => (
                <li key={o.path} className="muted">
                  <code>{o.path}</code> left out: {o.reason}
                </li>
              ))}
            </ul>
            <label>
              <input type="checkbox" checked={pseudonyms} onChange={() => setPseudonyms((p) => !p)} /> Replace host names, IP addresses and my user name by pseudonyms
            </label>
            <div className="dialog-actions">
              <button type="button" onClick={() => void write()} disabled={busy}>
                {busy ? 'Writing…' : `Write bundle (${formatBytes(size)} before compression)`}
              </button>
              <button type="button" onClick={() => setOpen(false)}>
                Cancel
              </button>
            </div>
          </>
        ) : null}
        {result ? (
          <div data-testid="bundle-result">
            <p>
              Written: <code>{result.file}</code> ({formatBytes(result.bytes)}, {result.files.length} files)
            </p>
            {result.mappingFile ? <p className="muted">The pseudonyms are in {result.mappingFile}, beside the zip and not in it.</p> : null}
            <div className="dialog-actions">
              {inBrowser() ? (
                <a href={`/bundles/${encodeURIComponent(result.name)}`} download={result.name}>
                  Download {result.name}
                </a>
              ) : null}
              <button type="button" onClick={() => setOpen(false)}>
                Close
              </button>
            </div>
          </div>
        ) : null}
      </section>
    </div>
  );
}
