// The core's implementation of MonitorApi: collectors feed the hub, the hub feeds the live store
// and the subscribers. Every transport wraps one of these.
import { hostname } from 'node:os';
import type { MetricInfo, MonitorApi, MonitorEvent, MonitorInfo, RangeQuery } from '../shared/api';
import { parseExprQuery, parseRangeQuery, InputError } from '../shared/validate';
import type { Collector } from './collector';
import { createSystemBasicCollector } from './collectors/system-basic';
import { DEFAULT_CONFIG, type MonitorConfig } from './config';
import { Hub } from './hub';
import { LiveStore } from './live-store';
import { PinStore } from './pins';
import { evaluateRange, EvalError } from './promql/evaluate';
import { PromQLError } from './promql/parser';
import { panelsFor } from './scrape/presets';
import { createScrapeCollector, type ScrapeCollector } from './scrape/scrape-target';
import { VERSION } from './version';

export interface CoreOptions {
  /** Replaces the built-in system collectors (tests). Scrape targets still come from config. */
  collectors?: Collector[];
  config?: MonitorConfig;
  /** Usable data directory, or null for memory only. */
  dataDir?: string | null;
  /** Problems found before the core started (config, data dir), shown to the user. */
  notices?: string[];
  /** How much recent history the in-memory rings keep. */
  liveWindowMs?: number;
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
  const config = options.config ?? DEFAULT_CONFIG;
  const notices = [...(options.notices ?? [])];
  const scrapers: { collector: ScrapeCollector; preset: (typeof config.scrape)[number]['preset'] }[] = config.scrape.map((target) => ({
    collector: createScrapeCollector(target),
    preset: target.preset,
  }));
  const collectors = [...(options.collectors ?? [createSystemBasicCollector()]), ...scrapers.map((s) => s.collector)];
  const liveWindowMs = options.liveWindowMs ?? DEFAULT_LIVE_WINDOW_MS;
  const intervals = new Map(collectors.map((c) => [c.name, c.intervalMs]));
  const quiet = new Set(collectors.filter((c) => c.streamValues === false).map((c) => c.name));
  const store = new LiveStore((name) => Math.ceil(liveWindowMs / (intervals.get(name) ?? 1000)) + 1);
  const hub = new Hub(collectors);
  hub.onBatch((batch) => store.add(batch));
  const pins = new PinStore(options.dataDir ?? null, (line) => notices.push(line));
  // Series that vanished long ago are forgotten so label churn cannot grow memory without bound.
  const sweeper = setInterval(() => store.forgetOlderThan(Date.now() - liveWindowMs), 60_000);
  sweeper.unref();

  const info = (): MonitorInfo => ({
    version: VERSION,
    hostname: hostname(),
    platform: process.platform,
    startedAt,
    liveWindowMs,
    notices: [...notices],
  });
  const startedAt = Date.now();

  const listMetrics = (): MetricInfo[] => {
    const byName = new Map<string, MetricInfo>();
    for (const s of store.describe()) {
      let m = byName.get(s.name);
      if (!m) byName.set(s.name, (m = { name: s.name, type: 'untyped', help: null, unit: null, targets: [], labels: {}, series: 0 }));
      m.series++;
      if (s.labels.target && !m.targets.includes(s.labels.target)) m.targets.push(s.labels.target);
      for (const [k, v] of Object.entries(s.labels)) {
        const values = (m.labels[k] ??= []);
        if (!values.includes(v) && values.length < 200) values.push(v);
      }
    }
    // Family metadata: histogram and summary samples (_bucket, _sum, _count) belong to their family.
    for (const { collector } of scrapers) {
      for (const f of collector.families()) {
        for (const suffix of ['', '_total', '_bucket', '_sum', '_count', '_created', '_info']) {
          const m = byName.get(f.name + suffix);
          if (m) Object.assign(m, { type: f.type, help: f.help, unit: f.unit });
        }
      }
    }
    for (const m of byName.values()) for (const v of Object.values(m.labels)) v.sort();
    return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
  };

  const api: MonitorApi = {
    getInfo: async () => info(),
    listSeries: async () => collectors.flatMap((c) => c.series()),
    queryRange: async (query: RangeQuery) => store.query(parseRangeQuery(query)),
    getCollectorStatus: async () => hub.status(),
    async queryExpr(query) {
      const q = parseExprQuery(query);
      try {
        return evaluateRange(store, q.expr, q.from, q.to, q.stepMs);
      } catch (err) {
        if (err instanceof PromQLError || err instanceof EvalError) throw new InputError(`${q.expr}: ${err.message}`);
        throw err;
      }
    },
    listMetrics: async () => listMetrics(),
    getTargets: async () => scrapers.map((s) => s.collector.status()),
    getDashboard: async () => scrapers.flatMap((s) => panelsFor(s.preset, s.collector.status().name)),
    listPins: async () => pins.list(),
    addPin: async (pin) => pins.add(pin),
    removePin: async (id) => pins.remove(id),
    subscribe(listener: (event: MonitorEvent) => void) {
      return hub.onBatch((batch) => {
        if (!quiet.has(batch.collector)) {
          listener({ type: 'samples', batch });
          return;
        }
        const target = batch.collector.slice('scrape:'.length);
        const up = Object.entries(batch.values).some(([id, v]) => id.startsWith('up{') && v === 1);
        listener({ type: 'scraped', target, t: batch.t, up });
      });
    },
  };

  return {
    api,
    hub,
    store,
    start: () => hub.start(),
    stop: () => {
      clearInterval(sweeper);
      hub.stop();
    },
  };
}
