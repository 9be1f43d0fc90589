// The overall status from what the monitor knows now. Until alert rules and health probes exist
// it is the monitor's own health: are the collectors sampling, are the scrape targets up, is
// history being written.
import type { CollectorStatus, HistoryInfo, OverallState, TargetStatus } from '../../shared/api';

export interface StatusInputs {
  paused: boolean;
  collectors: CollectorStatus[];
  targets: TargetStatus[];
  history: HistoryInfo | null;
}

export function overallState(input: StatusInputs): { state: OverallState; reason: string } {
  if (input.paused) return { state: 'paused', reason: 'sampling is paused' };
  const down = input.targets.filter((t) => t.up === false);
  if (input.targets.length > 0 && down.length === input.targets.length) {
    return { state: 'down', reason: down.map((t) => `scrape target ${t.name} is down${t.lastError ? `: ${t.lastError}` : ''}`).join('; ') };
  }
  const problems = [
    ...down.map((t) => `scrape target ${t.name} is down${t.lastError ? `: ${t.lastError}` : ''}`),
    ...input.collectors.filter((c) => c.state === 'error' || c.state === 'timeout').map((c) => `collector ${c.name}: ${c.lastError ?? c.state}`),
    ...(input.history?.writesPaused ? [`history writes are paused${input.history.lastError ? `: ${input.history.lastError}` : ''}`] : []),
  ];
  if (problems.length > 0) return { state: 'degraded', reason: problems.join('; ') };
  const waiting = input.collectors.every((c) => c.state === 'starting') || input.targets.some((t) => t.up === null);
  if (waiting) return { state: 'unknown', reason: 'waiting for the first samples' };
  return { state: 'healthy', reason: '' };
}
