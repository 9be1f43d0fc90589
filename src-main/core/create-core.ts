// The core, wired from its modules. No logic of its own: each capability is a module
// (src-main/core/<name>/module.ts), and this page only says which exist and what each needs.
import type { MonitorApi } from '../shared/api';
import { createApi, type ApiHandlers } from './api';
import type { Collector } from './collector';
import { DEFAULT_CONFIG, type MonitorConfig } from './config/schema';
import { bundleModule } from './bundle/module';
import { EventBus } from './events';
import { exportModule } from './export/module';
import { gpuModule } from './gpu/module';
import { historyModule } from './history/module';
import { Hub } from './hub';
import { liveModule } from './live/module';
import { logsModule } from './logs/module';
import type { LiveStore } from './live-store';
import type { CoreModule, ModuleContext } from './module';
import { otlpModule } from './otlp/module';
import { pinsModule } from './pins/module';
import { processesModule } from './processes/module';
import { scrapeModule } from './scrape/module';
import { selfModule } from './self/module';
import { statusModule } from './status/module';
import { createSubscribe } from './subscriptions';
import { systemModule } from './system/module';

export interface CoreOptions {
  config?: MonitorConfig;
  /** Usable data directory, or null for memory only. */
  dataDir?: string | null;
  /** The history database file; null or absent keeps history in memory only. */
  historyFile?: string | null;
  /** Problems found before the core started (config, data dir), shown to the user. */
  notices?: string[];
  /** While no window or browser is subscribed, fast collectors slow to this interval; absent or null: never. */
  idleIntervalMs?: number | null;
  /** Root of the app's process tree for self metrics (the Electron main process); this process by default. */
  appPid?: number;
  /** Replaces the built-in system collectors and turns the GPU off (tests). Scrape targets still come from config. */
  collectors?: Collector[];
  /** How much recent history the in-memory rings keep. */
  liveWindowMs?: number;
  /** `serve --export`: serve /metrics whatever the config says. */
  exportEnabled?: boolean;
  /** Where the monitor writes its own logs; tailed as log source `assistant-monitor`. */
  ownLogDir?: string | null;
}

export interface Core {
  api: MonitorApi;
  hub: Hub;
  store: LiveStore;
  start(): void;
  stop(): void;
}

const DEFAULT_LIVE_WINDOW_MS = 15 * 60_000;

export function createCore(options: CoreOptions = {}): Core {
  const events = new EventBus();
  const hub = new Hub([], events);
  const liveWindowMs = options.liveWindowMs ?? DEFAULT_LIVE_WINDOW_MS;
  const live = liveModule(hub, events, liveWindowMs);
  const ctx: ModuleContext = {
    config: options.config ?? DEFAULT_CONFIG,
    dataDir: options.dataDir ?? null,
    notices: [...(options.notices ?? [])],
    events,
    hub,
    live: live.store,
    liveWindowMs,
    startedAt: Date.now(),
  };

  const system = systemModule(ctx, options.collectors);
  const gpu = options.collectors ? null : gpuModule(ctx);
  const processes = processesModule(ctx, { appPid: options.appPid ?? process.pid, gpu: gpu?.gpu ?? null });
  const history = historyModule(ctx, options.historyFile ?? null);
  const scrape = scrapeModule(ctx);
  const status = statusModule(ctx, { targets: scrape.targets, history: history.info });
  const exporter = exportModule(ctx, { scrape, forceEnabled: options.exportEnabled });
  const logs = logsModule(ctx, { ownLogDir: options.ownLogDir ?? null });
  const features: CoreModule[] = [live, system, ...(gpu ? [gpu] : []), processes, scrape, history, pinsModule(ctx), status, exporter, otlpModule(ctx), logs];
  const self = selfModule(ctx, { modules: features, machine: system.machine, history: history.info, tree: processes.tree });
  const handlers: Partial<ApiHandlers> = Object.assign({}, ...[...features, self].map((m) => m.api ?? {}));
  // The bundle gathers every other module's files and reads their answers for its summary.
  const bundle = bundleModule(ctx, { modules: [...features, self], handlers });
  Object.assign(handlers, bundle.api);
  const modules = [...features, self, bundle];

  for (const m of modules) hub.add(...(m.collectors ?? []));
  const idleIntervalMs = options.idleIntervalMs ?? null;
  if (idleIntervalMs) hub.setIdleInterval(idleIntervalMs);

  return {
    api: createApi(handlers, createSubscribe(events, hub, idleIntervalMs)),
    hub,
    store: live.store,
    start() {
      for (const m of modules) m.start?.();
      hub.start();
    },
    stop() {
      hub.stop();
      for (const m of [...modules].reverse()) m.stop?.();
    },
  };
}
