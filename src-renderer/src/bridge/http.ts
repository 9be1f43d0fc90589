// MonitorApi over HTTP: JSON for calls, one shared server-sent-events stream (read with fetch,
// so the same code runs in browsers and in Node tests) for live events. Reconnects by itself and
// reports the connection state as `connection` events.
import type { MonitorEvent } from '../../../src-main/shared/api';
import { API_METHODS, CONTRACT, toSearchParams, type ApiMethod, type MonitorApi } from '../../../src-main/shared/contract';
import { ApiError, fromWireError } from '../../../src-main/shared/errors';

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

export function createHttpBridge(options: HttpBridgeOptions): MonitorApi {
  const { baseUrl, token } = options;
  const staleAfterMs = options.staleAfterMs ?? 12_000;
  const headers: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};

  /** One call of a row of the contract table, encoded as its HTTP route says. */
  async function call(method: ApiMethod, input?: unknown): Promise<unknown> {
    const route = CONTRACT[method].http;
    let path = route.path;
    let body: string | undefined;
    if (route.method === 'POST') body = JSON.stringify(input);
    else if (path.endsWith(':id')) path = path.replace(':id', encodeURIComponent(String(input)));
    else if (input !== undefined) {
      const query = toSearchParams(route, input).toString();
      if (query) path += `?${query}`;
    }
    const res = await fetch(baseUrl + path, {
      method: route.method,
      credentials: 'same-origin',
      headers: body === undefined ? headers : { ...headers, 'Content-Type': 'application/json' },
      body,
    });
    if (res.status === 204) return undefined;
    const json = (await res.json().catch(() => null)) as unknown;
    if (!res.ok) throw json && typeof json === 'object' && 'code' in json ? fromWireError(json) : new ApiError('internal', `${res.status} ${res.statusText}`);
    return json;
  }

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
          const body = (await res.json().catch(() => null)) as { message?: string } | null;
          throw new Error(body?.message ?? `stream answered ${res.status}`);
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

  // One function per row of the contract table.
  const methods = Object.fromEntries(API_METHODS.map((m) => [m, (input?: unknown) => call(m, input)])) as unknown as Omit<MonitorApi, 'subscribe'>;

  return {
    ...methods,
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
