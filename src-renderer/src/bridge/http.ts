// MonitorApi over HTTP: JSON for calls, one shared server-sent-events stream (read with fetch,
// so the same code runs in browsers and in Node tests) for live events. Reconnects by itself and
// reports the connection state as `connection` events.
import type { ExprQuery, MonitorApi, MonitorEvent, NewPin, RangeQuery } from '../../../src-main/shared/api';

export interface HttpBridgeOptions {
  /** e.g. `http://127.0.0.1:8740`; the page's own origin in the browser. */
  baseUrl: string;
  /** Sent as a bearer token; browsers use the session cookie instead. */
  token?: string;
  /** No bytes for this long (the server pings every 5 s) means the stream is dead. */
  staleAfterMs?: number;
}

const RETRY_MIN_MS = 500;
const RETRY_MAX_MS = 5000;

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function createHttpBridge(options: HttpBridgeOptions): MonitorApi {
  const { baseUrl, token } = options;
  const staleAfterMs = options.staleAfterMs ?? 12_000;
  const headers: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};

  async function request<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
    const res = await fetch(baseUrl + path, {
      method: init.method ?? 'GET',
      credentials: 'same-origin',
      headers: init.body === undefined ? headers : { ...headers, 'Content-Type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    if (res.status === 204) return undefined as T;
    const body = (await res.json().catch(() => null)) as { error?: string } | null;
    if (!res.ok) throw new HttpError(res.status, body?.error ?? `${res.status} ${res.statusText}`);
    return body as T;
  }
  const getJson = <T>(path: string) => request<T>(path);

  const listeners = new Set<(event: MonitorEvent) => void>();
  let stream: AbortController | null = null;
  const emit = (event: MonitorEvent) => {
    for (const l of listeners) l(event);
  };

  /** Keeps one stream open while anyone listens; each outage is reported once. */
  async function runStream(ctrl: AbortController): Promise<void> {
    // Assumed reachable until proven otherwise, like the IPC transport: only changes are reported.
    let connected = true;
    let delay = RETRY_MIN_MS;
    const setConnected = (value: boolean, reason?: string) => {
      if (connected === value || ctrl.signal.aborted) return;
      connected = value;
      emit(value ? { type: 'connection', connected: true } : { type: 'connection', connected: false, reason });
    };
    while (!ctrl.signal.aborted) {
      const attempt = new AbortController();
      const abortAttempt = () => attempt.abort();
      ctrl.signal.addEventListener('abort', abortAttempt);
      let watchdog: ReturnType<typeof setTimeout> | undefined;
      const feed = () => {
        clearTimeout(watchdog);
        watchdog = setTimeout(() => attempt.abort(), staleAfterMs);
      };
      try {
        feed();
        const res = await fetch(`${baseUrl}/api/stream`, { headers, credentials: 'same-origin', signal: attempt.signal });
        if (!res.ok || !res.body) {
          const body = (await res.json().catch(() => null)) as { error?: string } | null;
          throw new HttpError(res.status, body?.error ?? `stream answered ${res.status}`);
        }
        setConnected(true);
        delay = RETRY_MIN_MS;
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          feed();
          buffer += value;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = block
              .split('\n')
              .filter((line) => line.startsWith('data:'))
              .map((line) => line.slice(5).trimStart())
              .join('\n');
            if (data) emit(JSON.parse(data) as MonitorEvent);
          }
        }
        setConnected(false, 'the monitor closed the live stream');
      } catch (err) {
        setConnected(false, err instanceof Error ? err.message : String(err));
      } finally {
        clearTimeout(watchdog);
        ctrl.signal.removeEventListener('abort', abortAttempt);
      }
      if (ctrl.signal.aborted) break;
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(RETRY_MAX_MS, delay * 2);
    }
  }

  return {
    getInfo: () => getJson('/api/info'),
    listSeries: () => getJson('/api/series'),
    findSeries: (q: { text: string; limit?: number }) => getJson(`/api/series/find?${new URLSearchParams({ text: q.text, limit: String(q.limit ?? 100) })}`),
    getCollectorStatus: () => getJson('/api/collectors'),
    queryRange: (q: RangeQuery) =>
      getJson(
        `/api/query?${new URLSearchParams([...q.series.map((id) => ['series', id]), ['from', String(q.from)], ['to', String(q.to)], ...(q.maxPoints ? [['maxPoints', String(q.maxPoints)]] : [])])}`,
      ),
    queryExpr: (q: ExprQuery) =>
      getJson(`/api/query_expr?${new URLSearchParams({ expr: q.expr, from: String(q.from), to: String(q.to), step: String(q.stepMs) })}`),
    listMetrics: () => getJson('/api/metrics'),
    getTargets: () => getJson('/api/targets'),
    getDashboard: () => getJson('/api/dashboard'),
    getProcesses: () => getJson('/api/processes'),
    getRestarts: () => getJson('/api/restarts'),
    listPins: () => getJson('/api/pins'),
    addPin: (pin: NewPin) => request('/api/pins', { method: 'POST', body: pin }),
    removePin: (id: string) => request(`/api/pins/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    subscribe(listener) {
      listeners.add(listener);
      if (!stream) {
        const ctrl = new AbortController();
        stream = ctrl;
        void runStream(ctrl);
      }
      return () => {
        if (!listeners.delete(listener) || listeners.size > 0) return;
        stream?.abort();
        stream = null;
      };
    },
  };
}
