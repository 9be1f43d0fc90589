// summary.txt: the page a maintainer reads first — versions, the state right now, what broke
// recently, and the peaks of the last day.
import type { MonitorInfo, OverallStatus, ProcessRestart, TargetStatus } from '../../shared/api';

export interface SummaryInput {
  info: MonitorInfo;
  status: OverallStatus;
  targets: TargetStatus[];
  restarts: ProcessRestart[];
  /** Highest value of a few key series over the last 24 h, with when. */
  peaks: { label: string; value: string; at: number | null }[];
}

export function summaryText(s: SummaryInput): string {
  const when = (t: number | null) => (t === null ? 'never' : new Date(t).toISOString());
  const lines = [
    `Assistant Monitor ${s.info.version} on ${s.info.hostname} (${s.info.machine.os}, ${s.info.machine.cpuModel}, ${s.info.machine.cores} cores)`,
    `Bundle written ${new Date().toISOString()}; monitor running since ${when(s.info.startedAt)}`,
    '',
    `Status now: ${s.status.state.toUpperCase()}${s.status.reason ? ` — ${s.status.reason}` : ''} (since ${when(s.status.since)})`,
    '',
    'Scrape targets:',
    ...(s.targets.length ? s.targets.map((t) => `  ${t.name}: ${t.up === null ? 'not scraped yet' : t.up ? 'up' : `DOWN (${t.lastError ?? 'no reason'})`}, last scrape ${when(t.lastScrapeAt)}`) : ['  none configured']),
    '',
    'Active and recent alerts: alert rules are not evaluated by this version.',
    '',
    `Restarts of watched processes: ${s.restarts.length}`,
    ...s.restarts.slice(-10).map((r) => `  ${when(r.at)} ${r.target}: pid ${r.oldPid ?? '?'} -> ${r.newPid}${r.evidence.length ? ` (${r.evidence[0]})` : ''}`),
    '',
    'Peaks of the last 24 hours:',
    ...(s.peaks.length ? s.peaks.map((p) => `  ${p.label}: ${p.value} at ${when(p.at)}`) : ['  no history recorded']),
    '',
    'Notices:',
    ...(s.info.notices.length ? s.info.notices.map((n) => `  ${n}`) : ['  none']),
    '',
    'Files: see MANIFEST.json for every file, its source and what was redacted in it.',
    '',
  ];
  return lines.join('\n');
}
