import type { TargetStatus } from '../../../src-main/shared/api';
import { formatSeconds } from '../format';

/** Each scrape target: up or down, with the reason when down. */
export function TargetStatusBar({ targets, now }: { targets: TargetStatus[]; now: number }) {
  if (targets.length === 0) {
    return (
      <p className="muted" data-testid="no-targets">
        No scrape targets configured. Add one to the config file (see the README), for example{' '}
        <code>{'{"scrape": [{"name": "assistant", "url": "http://127.0.0.1:8080/metrics"}]}'}</code>, and start with <code>--config FILE</code>.
      </p>
    );
  }
  return (
    <ul className="targets" data-testid="targets">
      {targets.map((t) => {
        const state = t.up === null ? 'pending' : t.up ? 'up' : 'down';
        return (
          <li key={t.name} className={`target target-${state}`} data-testid={`target-${t.name}`}>
            <span className="dot" aria-hidden="true" />
            <strong>{t.name}</strong> <span className="muted">{t.url}</span>{' '}
            <span className="target-state">{state === 'pending' ? 'waiting for the first scrape' : state}</span>
            {t.lastScrapeAt ? (
              <span className="muted">
                {' '}
                · scraped {formatSeconds(Math.max(0, (now - t.lastScrapeAt) / 1000))} ago in {formatSeconds((t.lastDurationMs ?? 0) / 1000)} · {t.samples} series
              </span>
            ) : null}
            {t.lastError ? <div className="target-error">{t.lastError}</div> : null}
          </li>
        );
      })}
    </ul>
  );
}
