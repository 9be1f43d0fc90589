// The one contract between the core and every renderer. Both transports (Electron IPC and
// HTTP + server-sent events) implement exactly this interface, and the renderer talks to nothing
// else. Pure TypeScript: no node:*, no electron.

/** Unit a series is measured in; the UI formats values from it. */
export type SeriesUnit = 'ratio' | 'bytes' | 'seconds' | 'count';

export interface SeriesInfo {
  /** Prometheus-style metric name, also the series id, e.g. `system_cpu_utilization_ratio`. */
  id: string;
  help: string;
  unit: SeriesUnit;
  /** Collector that produces it. */
  collector: string;
}

/** One tick of one collector: every series it produced, at the same timestamp. */
export interface SampleBatch {
  /** Milliseconds since the Unix epoch. */
  t: number;
  collector: string;
  /** Series id -> value. */
  values: Record<string, number>;
  /** Series that vanished from their source at `t` (Prometheus staleness). */
  stale?: string[];
}

export interface RangeQuery {
  series: string[];
  /** Inclusive bounds, milliseconds since the Unix epoch. */
  from: number;
  to: number;
}

/**
 * Columnar result, ready for uPlot: `t` is shared by every series and `values[i][j]` is the value
 * of `series[i]` at `t[j]`, or null where that series has no sample at that time.
 */
export interface RangeResult {
  series: string[];
  t: number[];
  values: (number | null)[][];
}

export interface MonitorInfo {
  version: string;
  hostname: string;
  platform: string;
  /** When the core started, ms since epoch. */
  startedAt: number;
  /** How far back the live ring reaches, ms. */
  liveWindowMs: number;
}

export type CollectorState = 'starting' | 'ok' | 'error' | 'timeout';

export interface CollectorStatus {
  name: string;
  state: CollectorState;
  intervalMs: number;
  ticks: number;
  /** Ticks not started because the previous one was still running. */
  skippedTicks: number;
  failures: number;
  lastDurationMs: number | null;
  lastError: string | null;
}

export type MonitorEvent =
  | { type: 'samples'; batch: SampleBatch }
  /** Produced by the transport itself: whether the renderer can currently reach the core. */
  | { type: 'connection'; connected: boolean; reason?: string };

export type Unsubscribe = () => void;

export interface MonitorApi {
  getInfo(): Promise<MonitorInfo>;
  listSeries(): Promise<SeriesInfo[]>;
  queryRange(query: RangeQuery): Promise<RangeResult>;
  getCollectorStatus(): Promise<CollectorStatus[]>;
  /** Live events until the returned function is called. */
  subscribe(listener: (event: MonitorEvent) => void): Unsubscribe;
}

/** The request/response methods, as the transports name them on the wire. */
export const API_METHODS = ['getInfo', 'listSeries', 'queryRange', 'getCollectorStatus'] as const;
export type ApiMethod = (typeof API_METHODS)[number];
