// The one table of the API every renderer uses. Each row names a method, the schema its input
// is checked against (in the core, once, for every transport), its result type and its HTTP
// route. The IPC channel names, the utility-process port client, the HTTP routes and the
// renderer's HTTP bridge are all derived from this table; adding a method is one row here plus
// its implementation in a core module (and one explicit line in the preload).
import type { z } from 'zod';
import type {
  CollectorStatus,
  BundlePreview,
  BundleResult,
  DashboardPanel,
  ExportStatus,
  ExprQuery,
  LogHistogram,
  LogPage,
  LogQuery,
  LogSourceStatus,
  MetricInfo,
  MonitorEvent,
  MonitorInfo,
  NewPin,
  OverallStatus,
  Pin,
  ProcessGroupStatus,
  ProcessRestart,
  RangeQuery,
  RangeResult,
  SeriesInfo,
  SeriesMatch,
  TargetStatus,
} from './api';
import { bundleInput, exportToggleInput, exprQueryInput, findSeriesInput, logHistogramInput, logQueryInput, newPinInput, pauseInput, pinIdInput, rangeQueryInput } from './inputs';

/**
 * How a method travels over HTTP. GET inputs are query parameters (arrays as repeated
 * parameters, `rename` maps a field to a shorter parameter name); POST sends the input as a
 * JSON body; a `:id` path segment carries a string input.
 */
export interface HttpRoute {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  rename?: Readonly<Record<string, string>>;
}

export interface MethodSpec<In, Out> {
  doc: string;
  /** null: the method takes no input. */
  input: z.ZodType<In> | null;
  http: HttpRoute;
  /** Type only: what the method resolves to. */
  readonly result?: Out;
}

function method<Out, In = void>(spec: MethodSpec<In, Out>): MethodSpec<In, Out> {
  return spec;
}

export const CONTRACT = {
  getInfo: method<MonitorInfo>({ doc: 'Version, host, notices, history state and machine facts.', input: null, http: { method: 'GET', path: '/api/info' } }),
  listSeries: method<SeriesInfo[]>({ doc: 'Every built-in series with its unit and help.', input: null, http: { method: 'GET', path: '/api/series' } }),
  findSeries: method<SeriesMatch[], { text: string; limit?: number }>({
    doc: 'Series (live and stored) whose name and labels contain every word of `text`.',
    input: findSeriesInput,
    http: { method: 'GET', path: '/api/series/find' },
  }),
  queryRange: method<RangeResult, RangeQuery>({
    doc: 'Samples of named series as columns, from memory or the history tier that fits.',
    input: rangeQueryInput,
    http: { method: 'GET', path: '/api/query' },
  }),
  getCollectorStatus: method<CollectorStatus[]>({ doc: "Each collector's state, ticks, skipped ticks and failures.", input: null, http: { method: 'GET', path: '/api/collectors' } }),
  queryExpr: method<RangeResult, ExprQuery>({
    doc: 'A PromQL expression evaluated at every step from `from` to `to`.',
    input: exprQueryInput,
    http: { method: 'GET', path: '/api/query_expr', rename: { stepMs: 'step' } },
  }),
  listMetrics: method<MetricInfo[]>({ doc: 'The catalog of scraped metrics.', input: null, http: { method: 'GET', path: '/api/metrics' } }),
  getTargets: method<TargetStatus[]>({ doc: 'State of every scrape target.', input: null, http: { method: 'GET', path: '/api/targets' } }),
  getDashboard: method<DashboardPanel[]>({ doc: "Panels of every configured target, from its preset.", input: null, http: { method: 'GET', path: '/api/dashboard' } }),
  getProcesses: method<ProcessGroupStatus[]>({ doc: 'Watched assistant processes, with a per-process breakdown.', input: null, http: { method: 'GET', path: '/api/processes' } }),
  getRestarts: method<ProcessRestart[]>({ doc: 'Restarts of watched processes, newest last.', input: null, http: { method: 'GET', path: '/api/restarts' } }),
  listPins: method<Pin[]>({ doc: 'Charts pinned from the explorer.', input: null, http: { method: 'GET', path: '/api/pins' } }),
  addPin: method<Pin, NewPin>({ doc: 'Pins a chart; kept across restarts.', input: newPinInput, http: { method: 'POST', path: '/api/pins' } }),
  getStatus: method<OverallStatus>({
    doc: 'Healthy, degraded, down, unknown or paused, with the reason: for the tray, the title and scripts.',
    input: null,
    http: { method: 'GET', path: '/api/status' },
  }),
  setPaused: method<OverallStatus, { paused: boolean }>({
    doc: 'Pauses or resumes all sampling (nothing is sampled or stored while paused); answers the new status.',
    input: pauseInput,
    http: { method: 'POST', path: '/api/sampling' },
  }),
  getExport: method<ExportStatus>({ doc: 'The Prometheus /metrics endpoint: on or off, where, how often scraped.', input: null, http: { method: 'GET', path: '/api/export' } }),
  setExport: method<ExportStatus, { enabled: boolean }>({
    doc: 'Turns the Prometheus endpoint on or off until restart (monitor.json `export.enabled` keeps it).',
    input: exportToggleInput,
    http: { method: 'POST', path: '/api/export' },
  }),
  previewBundle: method<BundlePreview>({
    doc: 'What a diagnostics bundle would hold now: each file with its size and redaction counts.',
    input: null,
    http: { method: 'GET', path: '/api/bundles/preview' },
  }),
  createBundle: method<BundleResult, { exclude?: string[]; pseudonyms?: boolean }>({
    doc: 'Writes a redacted diagnostics bundle (zip) into the data dir, leaving out the unticked files.',
    input: bundleInput,
    http: { method: 'POST', path: '/api/bundles' },
  }),
  removePin: method<void, string>({ doc: 'Removes a pinned chart by id.', input: pinIdInput, http: { method: 'DELETE', path: '/api/pins/:id' } }),
  getLogSources: method<LogSourceStatus[]>({ doc: 'Each log source: its files, offsets, counts and state with the reason.', input: null, http: { method: 'GET', path: '/api/logs/sources' } }),
  queryLogs: method<LogPage, LogQuery>({
    doc: 'Stored log lines matching the filters, newest first.',
    input: logQueryInput,
    http: { method: 'GET', path: '/api/logs', rename: { levels: 'level', sources: 'source', fields: 'field' } },
  }),
  logHistogram: method<LogHistogram, LogQuery & { buckets?: number }>({
    doc: 'Counts of matching log lines per time bucket and level.',
    input: logHistogramInput,
    http: { method: 'GET', path: '/api/logs/histogram', rename: { levels: 'level', sources: 'source', fields: 'field' } },
  }),
};

export type Contract = typeof CONTRACT;
export type ApiMethod = keyof Contract;
export const API_METHODS = Object.keys(CONTRACT) as ApiMethod[];

export type InputOf<M extends ApiMethod> = Contract[M] extends MethodSpec<infer In, unknown> ? In : never;
export type ResultOf<M extends ApiMethod> = Contract[M] extends MethodSpec<unknown, infer Out> ? Out : never;

/** A method as callers see it: no argument when it takes no input. */
type Call<M extends ApiMethod> = [InputOf<M>] extends [void] ? () => Promise<ResultOf<M>> : (input: InputOf<M>) => Promise<ResultOf<M>>;

export type Unsubscribe = () => void;

/** The one contract between the core and every renderer; both transports implement exactly this. */
export type MonitorApi = { [M in ApiMethod]: Call<M> } & {
  /** Live events until the returned function is called. */
  subscribe(listener: (event: MonitorEvent) => void): Unsubscribe;
};

/** Query parameters of a GET route for `input` (the renderer's side of the HTTP encoding). */
export function toSearchParams(route: HttpRoute, input: unknown): URLSearchParams {
  const params = new URLSearchParams();
  if (typeof input !== 'object' || input === null) return params;
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined || value === null) continue;
    const name = route.rename?.[key] ?? key;
    for (const v of Array.isArray(value) ? value : [value]) params.append(name, String(v));
  }
  return params;
}

/** The input a GET route's query parameters stand for (the server's side), before validation. */
export function fromSearchParams(route: HttpRoute, params: URLSearchParams): Record<string, unknown> {
  const back = new Map(Object.entries(route.rename ?? {}).map(([field, name]) => [name, field]));
  const out: Record<string, unknown> = {};
  for (const name of new Set(params.keys())) {
    const all = params.getAll(name);
    out[back.get(name) ?? name] = all.length > 1 ? all : all[0];
  }
  return out;
}
