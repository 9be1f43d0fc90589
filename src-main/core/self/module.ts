// The monitor itself: what it is (version, host, notices, machine), what it runs (collectors and
// their series), and what it costs (CPU and memory of its process tree, per-collector timings,
// and every other module's own numbers, collected by one `self` collector).
import { hostname } from 'node:os';
import type { HistoryInfo, MachineInfo, MonitorInfo } from '../../shared/api';
import { createSelfCollector } from '../collectors/self';
import type { ProcessCollector } from '../collectors/processes';
import type { CoreModule, ModuleContext, SelfMetrics } from '../module';
import { VERSION } from '../version';
import { csv, jsonSection, type BundleSection } from '../bundle/section';

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
  const cost = (): BundleSection => ({
    path: 'app/monitor-cost.csv',
    description: "The monitor's own CPU (cores) and resident memory over the last 15 minutes",
    source: 'live store',
    produce() {
      const to = Date.now();
      const r = ctx.live.query({ series: ['assistant_monitor_cpu_ratio', 'assistant_monitor_resident_memory_bytes'], from: to - ctx.liveWindowMs, to });
      return { text: csv(['time', 'cpu_cores', 'resident_memory_bytes'], r.t.map((t, i) => [new Date(t).toISOString(), r.values[0]![i]!, r.values[1]![i]!])) };
    },
  });
  return {
    name: 'self',
    collectors: [collector],
    bundle: () => [
      jsonSection('app/versions.json', 'Versions of the monitor, Node.js, Electron and Chromium (when in the desktop app)', 'process', () => ({ app: VERSION, platform: process.platform, arch: process.arch, ...process.versions })),
      jsonSection('app/collectors.json', "Self-test: each collector's state, last duration, ticks, skipped ticks and failures", 'hub', () => ctx.hub.status()),
      jsonSection('app/notices.json', 'Problems the monitor shows the user (config, history, export, ...)', 'core', () => info().notices),
      cost(),
    ],
    api: {
      getInfo: info,
      listSeries: () => ctx.hub.series(),
      getCollectorStatus: () => ctx.hub.status(),
    },
  };
}
