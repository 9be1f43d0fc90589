// The monitor itself: what it is (version, host, notices, machine), what it runs (collectors and
// their series), and what it costs (CPU and memory of its process tree, per-collector timings,
// and every other module's own numbers, collected by one `self` collector).
import { hostname } from 'node:os';
import type { HistoryInfo, MachineInfo, MonitorInfo } from '../../shared/api';
import { createSelfCollector } from '../collectors/self';
import type { ProcessCollector } from '../collectors/processes';
import type { CoreModule, ModuleContext, SelfMetrics } from '../module';
import { VERSION } from '../version';

export interface SelfModuleDeps {
  /** The modules whose notices and self metrics this one gathers. */
  modules: readonly CoreModule[];
  machine: MachineInfo;
  history: () => HistoryInfo | null;
  /** The process collector that also watches the monitor's own tree; null: this process alone. */
  tree: ProcessCollector | null;
}

export function selfModule(ctx: ModuleContext, deps: SelfModuleDeps): CoreModule {
  const metrics = deps.modules.map((m) => m.selfMetrics).filter((m): m is SelfMetrics => m !== undefined);
  const collector = createSelfCollector({ processes: deps.tree, hubStatus: () => ctx.hub.status(), modules: metrics });
  const info = (): MonitorInfo => ({
    version: VERSION,
    hostname: hostname(),
    platform: process.platform,
    startedAt: ctx.startedAt,
    liveWindowMs: ctx.liveWindowMs,
    notices: [...ctx.notices, ...deps.modules.flatMap((m) => m.notices?.() ?? [])],
    history: deps.history(),
    machine: { ...deps.machine },
  });
  return {
    name: 'self',
    collectors: [collector],
    api: {
      getInfo: info,
      listSeries: () => ctx.hub.series(),
      getCollectorStatus: () => ctx.hub.status(),
    },
  };
}
