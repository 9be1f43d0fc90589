// The data model of the one contract between the core and every renderer. Both transports
// (Electron IPC and HTTP + server-sent events) carry exactly these shapes, and the renderer talks
// to nothing else. Pure TypeScript: no node:*, no electron.

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
  /** At most this many points per series (default 1000); min and max of each step are kept. */
  maxPoints?: number;
}

/** Where a range was read from: the in-memory window, or a tier of the history database. */
export type Tier = 'live' | 'raw' | '1m' | '1h';

/**
 * Columnar result, ready for uPlot: `t` is shared by every series and `values[i][j]` is the value
 * of `series[i]` at `t[j]`, or null where that series has no sample at that time.
 */
export interface RangeResult {
  series: string[];
  t: number[];
  values: (number | null)[][];
  tier?: Tier;
}

export interface HistoryInfo {
  file: string;
  bytes: number;
  series: number;
  /** Rows dropped because they aged out of their tier. */
  expired: number;
  /** Rows dropped, oldest first, to stay under the byte cap. */
  evicted: number;
  writesPaused: boolean;
  lastError: string | null;
}

export interface SeriesMatch {
  id: string;
  name: string;
  labels: Record<string, string>;
}

export interface MonitorInfo {
  version: string;
  hostname: string;
  platform: string;
  /** When the core started, ms since epoch. */
  startedAt: number;
  /** How far back the live ring reaches, ms. */
  liveWindowMs: number;
  /** Problems the user should see (bad config entries, memory-only mode, ...), one line each. */
  notices: string[];
  /** null in memory-only mode. */
  history: HistoryInfo | null;
  /** Static facts about the machine, read once at start. */
  machine: MachineInfo;
}

export interface MachineInfo {
  os: string;
  kernel: string;
  cpuModel: string;
  cores: number;
  totalMemoryBytes: number;
  hostname: string;
}

/** A PromQL expression evaluated at every step from `from` to `to`. */
export interface ExprQuery {
  expr: string;
  from: number;
  to: number;
  stepMs: number;
}

export type PanelUnit = 'ratio' | 'seconds' | 'perSecond' | 'count' | 'bytes' | 'bytesPerSecond' | 'celsius';

export interface DashboardPanel {
  id: string;
  title: string;
  unit: PanelUnit;
  /** Scrape target the panel reads. */
  target: string;
  queries: { expr: string; legend: string }[];
  /** Metric families the panel needs; named in the panel when they are missing. */
  expects: string[];
}

export interface MetricInfo {
  name: string;
  /** counter, gauge, histogram, summary, ... ('untyped' when the exposition says nothing). */
  type: string;
  help: string | null;
  unit: string | null;
  targets: string[];
  /** Label names with the values seen, excluding `le`/`quantile` bucket labels' noise. */
  labels: Record<string, string[]>;
  series: number;
}

export interface TargetStatus {
  name: string;
  url: string;
  /** null before the first scrape. */
  up: boolean | null;
  lastScrapeAt: number | null;
  lastDurationMs: number | null;
  lastError: string | null;
  format: 'text' | 'openmetrics' | null;
  samples: number;
  seriesDroppedTotal: number;
}

export type ProcessState = 'running' | 'not found' | 'access denied' | 'error';

export interface ProcessInfo {
  pid: number;
  ppid: number;
  name: string;
  /** Share of one core over the last interval (1 = a full core). */
  cpuRatio: number | null;
  rssBytes: number;
  threads: number;
  /** null when the process's fd directory is not readable. */
  openFds: number | null;
}

/** One watched assistant process and its children, as a group. */
export interface ProcessGroupStatus {
  target: string;
  state: ProcessState;
  /** Why the state is not `running`, or a warning (e.g. a pattern matched too many processes). */
  reason: string | null;
  rootPid: number | null;
  processes: ProcessInfo[];
  restarts: number;
}

export interface ProcessRestart {
  target: string;
  at: number;
  oldPid: number | null;
  newPid: number;
  /** Kernel log lines about the old process (OOM kills), when the log is readable. */
  evidence: string[];
}

export interface NewPin {
  title: string;
  expr: string;
  unit: PanelUnit;
}

export interface Pin extends NewPin {
  id: string;
  createdAt: number;
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

/** The one-word answer to "is the assistant all right?", shown in the tray, the title and the favicon. */
export type OverallState = 'healthy' | 'degraded' | 'down' | 'unknown' | 'paused';

export interface OverallStatus {
  state: OverallState;
  /** Why, in a line ("scrape target assistant is down: connection refused"); '' when healthy. */
  reason: string;
  /** When the state last changed, ms since the epoch. */
  since: number;
}

/** The opt-in Prometheus endpoint. */
export interface ExportStatus {
  enabled: boolean;
  /** Where Prometheus scrapes, while serving. */
  url: string | null;
  relay: boolean;
  tokenRequired: boolean;
  /** Why it is not serving although enabled (port in use, bad address, ...). */
  error: string | null;
  scrapes: number;
  lastScrapeAt: number | null;
  /** How long the last scrape took to gather and render, ms. */
  lastRenderMs: number | null;
}

/** One file the diagnostics bundle would hold, with what redaction took out of it. */
export interface BundleFile {
  path: string;
  description: string;
  source: string;
  bytes: number;
  redactions: Record<string, number>;
}

export interface BundlePreview {
  files: BundleFile[];
  omitted: { path: string; reason: string }[];
}

export interface BundleResult {
  /** Full path of the written zip. */
  file: string;
  /** Its name, also the download path `/bundles/NAME` in the web dashboard. */
  name: string;
  bytes: number;
  files: BundleFile[];
  omitted: { path: string; reason: string }[];
  redactionTotals: Record<string, number>;
  /** Pseudonym mapping written beside the zip (never inside), when pseudonyms were asked for. */
  mappingFile: string | null;
}

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'unknown';
export const LOG_LEVELS: readonly LogLevel[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'unknown'];

/** One stored log record (a line, or a plain-text line with its stack trace). */
export interface LogLine {
  id: number;
  /** Milliseconds since the epoch: the record's own time, or when it was read if it has none. */
  t: number;
  source: string;
  level: LogLevel;
  message: string;
  /** Every other field, flattened (`span.name`), values as written. */
  fields: Record<string, string | number | boolean | null>;
  traceId: string | null;
  /** The line was longer than 64 KiB and was cut there. */
  truncated: boolean;
}

export interface LogQuery {
  from: number;
  to: number;
  /** Full-text words (FTS5 over message and fields); every word must match. */
  text?: string;
  levels?: LogLevel[];
  sources?: string[];
  /** `key=value` pairs a field must equal, e.g. `target=assistant::voice`. */
  fields?: string[];
  limit?: number;
  /** Only lines with an id below this (paging back from the newest). */
  beforeId?: number;
}

export interface LogPage {
  /** Newest first. */
  lines: LogLine[];
  /** Whether older lines match too. */
  more: boolean;
}

export interface LogHistogram {
  /** Bucket start times. */
  t: number[];
  bucketMs: number;
  /** Matching lines per bucket, by level. */
  counts: Partial<Record<LogLevel, number[]>>;
}

export interface LogSourceStatus {
  name: string;
  /** What the config says: a path or glob. */
  path: string;
  state: 'ok' | 'waiting' | 'error';
  /** Why it is waiting or failing, or the last problem with its content (binary, invalid UTF-8). */
  reason: string | null;
  files: { path: string; offset: number; size: number }[];
  lines: number;
  bytes: number;
  truncatedLines: number;
  binaryLines: number;
  invalidUtf8Lines: number;
  /** copytruncate rotations seen; lines written between the copy and the truncate may be lost. */
  truncations: number;
}

export type MonitorEvent =
  | { type: 'samples'; batch: SampleBatch }
  /** A watched process was replaced by a new one (its PID or start time changed). */
  | { type: 'restart'; restart: ProcessRestart }
  /** A scrape finished; its values are in the store (too many to stream). */
  | { type: 'scraped'; target: string; t: number; up: boolean }
  /** New log lines of a source were stored (query them with queryLogs). */
  | { type: 'logs'; source: string; t: number; lines: number }
  /** Produced by the transport itself: whether the renderer can currently reach the core. */
  | { type: 'connection'; connected: boolean; reason?: string };

// The methods themselves are rows of the contract table (contract.ts).
export type { ApiMethod, MonitorApi, Unsubscribe } from './contract';
