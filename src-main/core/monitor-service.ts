// The core's implementation of MonitorApi: collectors feed the hub, the hub feeds the live store
// and the subscribers. Every transport wraps one of these.
import { cpus, hostname, release, totalmem, type } from 'node:os';
import type { MachineInfo, MetricInfo, MonitorApi, MonitorEvent, MonitorInfo, RangeQuery, SeriesMatch } from '../shared/api';
import { formatSeriesId } from '../shared/series-id';
import { parseExprQuery, parseFindSeries, parseRangeQuery, InputError } from '../shared/validate';
import { seriesOf, type Collector } from './collector';
import { createGpuCollector } from './collectors/gpu';
import { createProcessCollector } from './collectors/processes';
import { createSelfCollector, SELF_TARGET } from './collectors/self';
import { createSystemCollectors } from './collectors/system';
import { DEFAULT_CONFIG, type MonitorConfig } from './config';
import { Hub } from './hub';
import { LiveStore } from './live-store';
import { PinStore } from './pins';
import { HistorySource, maxRangeMs } from './history/history-source';
import { HistoryStore } from './history/history-store';
import { evaluateRange, EvalError, LOOKBACK_MS } from './promql/evaluate';
import { parsePromQL, PromQLError } from './promql/parser';
import { panelsFor } from './scrape/presets';
import { createScrapeCollector, type ScrapeCollector } from './scrape/scrape-target';
import { VERSION } from './version';

export interface CoreOptions {
  /** While no window or browser is subscribed, fast collectors slow to this interval; absent or null: never. */
  idleIntervalMs?: number | null;
  /** Root of the app's process tree for self metrics (the Electron main process); this process by default. */
  appPid?: number;
  /** The history database file; null or absent keeps history in memory only. */
  historyFile?: string | null;
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
  const historySeries = seriesOf('history');
  // The history store's own numbers, as series: what was dropped is visible, not just counted.
  let historyRef: HistoryStore | null = null;
  const historyCollector: Collector = {
    name: 'history',
    intervalMs: 10_000,
    timeoutMs: 1000,
    series: () => [
      historySeries('assistant_monitor_history_bytes', 'Size of the history database', 'bytes'),
      historySeries('assistant_monitor_history_series', 'Series in the history database', 'count'),
      historySeries('assistant_monitor_history_expired_total', 'Stored rows dropped because they aged out of their tier', 'count'),
      historySeries('assistant_monitor_history_evicted_total', 'Stored rows dropped, oldest first, to stay under the byte cap', 'count'),
      historySeries('assistant_monitor_history_writes_paused', '1 while history writes are paused (disk full)', 'count'),
    ],
    sample: (): Record<string, number> => {
      const h = historyRef?.getStats();
      if (!h) return {};
      return {
        assistant_monitor_history_bytes: h.bytes,
        assistant_monitor_history_series: h.series,
        assistant_monitor_history_expired_total: h.expired,
        assistant_monitor_history_evicted_total: h.evicted,
        assistant_monitor_history_writes_paused: h.writesPaused ? 1 : 0,
      };
    },
  };
  // One process collector for the assistant's processes and the monitor's own tree: one /proc scan.
  const gpu = options.collectors ? null : createGpuCollector({ intervalMs: config.intervals.gpu });
  const processes =
    process.platform === 'linux' || config.processes.length > 0
      ? createProcessCollector([...config.processes, { name: SELF_TARGET, pid: options.appPid ?? process.pid }], {
          intervalMs: config.intervals.processes,
          gpuMemory: gpu ? () => gpu.processMemory() : undefined,
        })
      : null;
  // The hub does not exist yet when the self collector is made; it reads the status lazily.
  let hubRef: Hub | null = null;
  let storeRef: LiveStore | null = null;
  const self = createSelfCollector({
    processes,
    hubStatus: () => hubRef?.status() ?? [],
    extra: (): Record<string, number> => (storeRef ? { assistant_monitor_live_series: storeRef.seriesCount, assistant_monitor_out_of_order_samples_total: storeRef.outOfOrder } : {}),
  });
  const collectors = [
    ...(options.collectors ?? createSystemCollectors({ intervalMs: config.intervals.system, ioIntervalMs: config.intervals.io, fsIntervalMs: config.intervals.filesystems })),
    ...(gpu ? [gpu] : []),
    ...(processes ? [processes] : []),
    ...scrapers.map((s) => s.collector),
    historyCollector,
    self,
  ];
  const liveWindowMs = options.liveWindowMs ?? DEFAULT_LIVE_WINDOW_MS;
  const intervals = new Map(collectors.map((c) => [c.name, c.intervalMs]));
  const quiet = new Set(collectors.filter((c) => c.streamValues === false).map((c) => c.name));
  const store = new LiveStore((name) => Math.ceil(liveWindowMs / (intervals.get(name) ?? 1000)) + 1);
  storeRef = store;
  const hub = new Hub(collectors);
  hubRef = hub;
  // Nobody is watching until a window or browser subscribes.
  let watching = 0;
  if (options.idleIntervalMs) hub.setIdleInterval(options.idleIntervalMs);
  hub.onBatch((batch) => store.add(batch));
  const pins = new PinStore(options.dataDir ?? null, (line) => notices.push(line));
  let history: HistoryStore | null = null;
  if (options.historyFile && config.history) {
    try {
      history = HistoryStore.open(options.historyFile, config.history, (line) => notices.push(line));
    } catch (err) {
      notices.push(`history database ${options.historyFile}: ${(err as Error).message}; running in memory only`);
    }
  }
  if (history) {
    const h = history;
    historyRef = h;
    hub.onBatch((batch) => h.write(batch));
  }
  // One transaction a second for everything that arrived: at most a second is lost in a crash.
  // While the disk is full, retries slow down to every 10 s.
  let nextFlush = 0;
  const flusher = setInterval(() => {
    if (!history || Date.now() < nextFlush) return;
    history.flush();
    nextFlush = history.getStats().writesPaused ? Date.now() + 10_000 : 0;
  }, 1000);
  flusher.unref();
  // Series that vanished long ago are forgotten so label churn cannot grow memory without bound.
  const sweeper = setInterval(() => store.forgetOlderThan(Date.now() - liveWindowMs), 60_000);
  sweeper.unref();

  const info = (): MonitorInfo => {
    const h = history?.getStats() ?? null;
    return {
      version: VERSION,
      hostname: hostname(),
      platform: process.platform,
      startedAt,
      liveWindowMs,
      notices: [...notices, ...(h?.lastError ? [h.lastError] : []), ...(history ? [] : ['history is off: data is kept in memory for the last 15 minutes only'])],
      history: h,
      machine: { ...machine },
    };
  };
  /** Whether [from, to] lies inside the in-memory window (answered without SQLite). */
  const inLiveWindow = (from: number) => !history || from >= Date.now() - liveWindowMs;
  const startedAt = Date.now();
  // Static facts, once: os for the basics at once, systeminformation for the distribution's name.
  const machine: MachineInfo = {
    os: `${type()} ${release()}`,
    kernel: release(),
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    totalMemoryBytes: totalmem(),
    hostname: hostname(),
  };
  import('systeminformation')
    .then((si) => si.osInfo())
    .then((o) => {
      if (o.distro) machine.os = `${o.distro}${o.release && o.release !== 'unknown' ? ` ${o.release}` : ''}`;
    })
    .catch(() => {});

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
    queryRange: async (query: RangeQuery) => {
      const q = parseRangeQuery(query);
      if (inLiveWindow(q.from)) return { ...store.query(q), tier: 'live' as const };
      return history!.query(q.series, q.from, q.to, q.maxPoints ?? 1000);
    },
    async findSeries(query) {
      const { text, limit } = parseFindSeries(query);
      const words = text.toLowerCase().split(/\s+/).filter(Boolean);
      const found = new Map<string, SeriesMatch>();
      for (const s of store.describe()) {
        if (found.size >= limit) break;
        if (words.every((w) => s.id.toLowerCase().includes(w))) found.set(s.id, { id: s.id, name: s.name, labels: s.labels });
      }
      for (const s of history?.findSeries(text, limit) ?? []) if (found.size < limit && !found.has(s.id)) found.set(s.id, s);
      return [...found.values()];
    },
    getCollectorStatus: async () => hub.status(),
    async queryExpr(query) {
      const q = parseExprQuery(query);
      try {
        const expr = parsePromQL(q.expr);
        const needFrom = q.from - maxRangeMs(expr) - LOOKBACK_MS;
        if (inLiveWindow(needFrom)) return { ...evaluateRange(store, expr, q.from, q.to, q.stepMs), tier: 'live' as const };
        const source = new HistorySource(history!, needFrom, q.to);
        return { ...evaluateRange(source, expr, q.from, q.to, q.stepMs), tier: history!.tierFor(needFrom, q.to) };
      } catch (err) {
        if (err instanceof PromQLError || err instanceof EvalError) throw new InputError(`${q.expr}: ${err.message}`);
        throw err;
      }
    },
    listMetrics: async () => listMetrics(),
    getTargets: async () => scrapers.map((s) => s.collector.status()),
    getDashboard: async () => scrapers.flatMap((s) => panelsFor(s.preset, s.collector.status().name)),
    getProcesses: async () => processes?.groups().filter((g) => g.target !== SELF_TARGET) ?? [],
    getRestarts: async () => processes?.restarts() ?? [],
    listPins: async () => pins.list(),
    addPin: async (pin) => pins.add(pin),
    removePin: async (id) => pins.remove(id),
    subscribe(listener: (event: MonitorEvent) => void) {
      watching++;
      if (watching === 1) hub.setIdleInterval(null);
      const stopRestarts = processes?.onRestart((restart) => listener({ type: 'restart', restart }));
      const stopBatches = hub.onBatch((batch) => {
        if (!quiet.has(batch.collector)) {
          listener({ type: 'samples', batch });
          return;
        }
        const target = batch.collector.slice('scrape:'.length);
        listener({ type: 'scraped', target, t: batch.t, up: batch.values[formatSeriesId('up', { target })] === 1 });
      });
      let stopped = false;
      return () => {
        if (stopped) return;
        stopped = true;
        stopRestarts?.();
        stopBatches();
        watching--;
        if (watching === 0 && options.idleIntervalMs) hub.setIdleInterval(options.idleIntervalMs);
      };
    },
  };

  return {
    api,
    hub,
    store,
    start: () => hub.start(),
    stop: () => {
      clearInterval(sweeper);
      clearInterval(flusher);
      hub.stop();
      history?.close();
      history = null;
    },
  };
}
