import { useState } from 'react';
import { PRESETS, type TimeRange } from '../live/time-range';

function toLocalInput(ms: number): string {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
}

/** Live spans, longer spans ending now, or a custom from/to; "Live" returns from a zoom. */
export function RangePicker({ range, onChange }: { range: TimeRange; onChange: (r: TimeRange) => void }) {
  const [custom, setCustom] = useState(false);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [error, setError] = useState<string | null>(null);

  const openCustom = () => {
    const now = Date.now();
    const b = range.kind === 'fixed' ? range : { from: now - range.spanMs, to: now };
    setFrom(toLocalInput(b.from));
    setTo(toLocalInput(b.to));
    setError(null);
    setCustom(true);
  };
  const apply = () => {
    const f = new Date(from).getTime();
    const t = new Date(to).getTime();
    if (!Number.isFinite(f) || !Number.isFinite(t)) return setError('enter both times');
    if (f >= t) return setError('"from" must be before "to"');
    setCustom(false);
    onChange({ kind: 'fixed', from: f, to: t });
  };

  return (
    <div className="range-picker" role="group" aria-label="Time range" data-testid="range-picker">
      {PRESETS.map((p) => (
        <button
          key={p.label}
          type="button"
          className={range.kind === 'live' && range.spanMs === p.spanMs ? 'range active' : 'range'}
          aria-pressed={range.kind === 'live' && range.spanMs === p.spanMs}
          onClick={() => onChange({ kind: 'live', spanMs: p.spanMs })}
        >
          {p.label}
        </button>
      ))}
      <button type="button" className={range.kind === 'fixed' ? 'range active' : 'range'} onClick={openCustom}>
        {range.kind === 'fixed' ? `${new Date(range.from).toLocaleString()} – ${new Date(range.to).toLocaleString()}` : 'custom…'}
      </button>
      {range.kind === 'fixed' ? (
        <button type="button" className="range live-again" onClick={() => onChange({ kind: 'live', spanMs: Math.min(Math.max(range.to - range.from, 5 * 60_000), 30 * 86_400_000) })}>
          ● Live
        </button>
      ) : null}
      {custom ? (
        <form
          className="range-custom"
          onSubmit={(e) => {
            e.preventDefault();
            apply();
          }}
        >
          <input type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} aria-label="From" />
          <input type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} aria-label="To" />
          <button type="submit">Apply</button>
          <button type="button" onClick={() => setCustom(false)}>
            Cancel
          </button>
          {error ? <span className="panel-error">{error}</span> : null}
        </form>
      ) : null}
    </div>
  );
}
