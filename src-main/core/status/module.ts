// The overall status (for the tray, the window title and `GET /api/status`) and the pause switch.
import type { HistoryInfo, OverallStatus, TargetStatus } from '../../shared/api';
import type { CoreModule, ModuleContext } from '../module';
import { overallState } from './overall';

export interface StatusDeps {
  targets: () => TargetStatus[];
  history: () => HistoryInfo | null;
}

export function statusModule(ctx: ModuleContext, deps: StatusDeps): CoreModule {
  let current: OverallStatus = { state: 'unknown', reason: 'starting', since: ctx.startedAt };
  const status = (): OverallStatus => {
    const next = overallState({ paused: ctx.hub.isPaused, collectors: ctx.hub.status(), targets: deps.targets(), history: deps.history() });
    if (next.state !== current.state || next.reason !== current.reason) {
      current = { ...next, since: next.state === current.state ? current.since : Date.now() };
    }
    return { ...current };
  };
  return {
    name: 'status',
    api: {
      getStatus: status,
      setPaused({ paused }) {
        ctx.hub.setPaused(paused);
        return status();
      },
    },
  };
}
