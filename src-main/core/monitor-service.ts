// The core's implementation of MonitorApi: collectors feed the hub, the hub feeds the live store
// and the subscribers. Every transport wraps one of these.
import { hostname } from 'node:os';
import type { MonitorApi, MonitorEvent, MonitorInfo, RangeQuery } from '../shared/api';
import { parseRangeQuery } from '../shared/validate';
import type { Collector } from './collector';
import { createSystemBasicCollector } from './collectors/system-basic';
import { Hub } from './hub';
import { LiveStore } from './live-store';
import { VERSION } from './version';

export interface CoreOptions {
  collectors?: Collector[];
  /** How much recent history the in-memory rings keep. */
  liveWindowMs?: number;
}

export interface Core {
  api: MonitorApi;
  hub: Hub;
  start(): void;
  stop(): void;
}

const DEFAULT_LIVE_WINDOW_MS = 15 * 60_000;

export function createCore(options: CoreOptions = {}): Core {
  const collectors = options.collectors ?? [createSystemBasicCollector()];
  const liveWindowMs = options.liveWindowMs ?? DEFAULT_LIVE_WINDOW_MS;
  const intervals = new Map(collectors.map((c) => [c.name, c.intervalMs]));
  const store = new LiveStore((name) => Math.ceil(liveWindowMs / (intervals.get(name) ?? 1000)) + 1);
  const hub = new Hub(collectors);
  hub.onBatch((batch) => store.add(batch));

  const info: MonitorInfo = {
    version: VERSION,
    hostname: hostname(),
    platform: process.platform,
    startedAt: Date.now(),
    liveWindowMs,
  };

  const api: MonitorApi = {
    getInfo: async () => ({ ...info }),
    listSeries: async () => collectors.flatMap((c) => c.series()),
    queryRange: async (query: RangeQuery) => store.query(parseRangeQuery(query)),
    getCollectorStatus: async () => hub.status(),
    subscribe(listener: (event: MonitorEvent) => void) {
      return hub.onBatch((batch) => listener({ type: 'samples', batch }));
    },
  };

  return { api, hub, start: () => hub.start(), stop: () => hub.stop() };
}
