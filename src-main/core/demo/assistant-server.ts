// A stand-in for a self-hosted assistant: a real HTTP service with the reference metric
// families, /health and /ready in the reference shapes, switchable faults, and traffic it sends
// to itself so every number moves the way a busy assistant's would.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAssistantMetrics } from './assistant-metrics';
import { FAULTS, parseFaultRequest, type FaultName } from './faults';
import { DailyJsonLog, type DemoLogEvent } from './json-log';
import { startTraffic } from './traffic';

export const VERSION = '1.4.2-demo';

export interface DemoAssistantOptions {
  host?: string;
  port: number;
  faults?: FaultName[];
  /** Requests per second the built-in traffic generator sends; 0 turns it off. */
  trafficPerSecond?: number;
  /** Called when the `crash` fault fires; the worker exits, tests override it. */
  onCrash?: () => void;
  /** Where to write reference-shaped JSON logs, rolled daily; none: no logs. */
  logDir?: string | null;
}

export interface DemoAssistant {
  url: string;
  port: number;
  faults: Set<FaultName>;
  close(): Promise<void>;
}

/** Log-normal latency around a median, in seconds. */
export function lognormal(median: number, sigma: number): number {
  const u = 1 - Math.random();
  const v = Math.random();
  const gaussian = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  return median * Math.exp(sigma * gaussian);
}

const sleep = (s: number) => new Promise((r) => setTimeout(r, s * 1000));
const PLUGINS = ['weather', 'calendar', 'smart_home', 'music'];

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage, limit = 16 * 1024): Promise<string> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const c of req as AsyncIterable<Buffer>) {
    size += c.length;
    if (size > limit) throw new Error(`body larger than ${limit} bytes`);
    chunks.push(c);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const USERS = ['u-1001', 'u-1002', 'u-1003', 'u-1004', 'u-1005'];

/** One log event per API request, as the reference assistant's handlers would write it. */
function requestEvent(path: string, status: number, durationMs: number): DemoLogEvent {
  const [target, action, what] = path.startsWith('/api/voice')
    ? ['assistant::voice', 'voice', 'Voice processed']
    : path.startsWith('/api/search')
      ? ['assistant::knowledge', 'search', 'Knowledge search completed']
      : path.startsWith('/api/plugins/')
        ? ['assistant::plugins', 'plugin', `Plugin ${path.slice('/api/plugins/'.length)} executed`]
        : path.startsWith('/api/chat')
          ? ['assistant::chat', 'chat', 'Chat reply sent']
          : ['assistant::http', 'request', 'Request handled'];
  const level = status >= 500 ? 'ERROR' : status >= 400 ? 'WARN' : 'INFO';
  return {
    level,
    target,
    message: status >= 400 ? `${what.replace(/ (processed|completed|executed|sent|handled)$/, '')} failed with status ${status}` : what,
    fields: {
      user_id: USERS[Math.floor(Math.random() * USERS.length)]!,
      action,
      duration_ms: Math.round(durationMs),
      status,
      trace_id: randomBytes(16).toString('hex'),
    },
  };
}

export async function startDemoAssistant(options: DemoAssistantOptions): Promise<DemoAssistant> {
  const m = createAssistantMetrics();
  const log = options.logDir ? new DailyJsonLog(options.logDir) : null;
  const faults = new Set<FaultName>(options.faults ?? []);
  const leaked: Buffer[] = [];
  const onCrash = options.onCrash ?? (() => process.exit(1));

  const leakTimer = setInterval(() => {
    if (faults.has('memory-leak') && leaked.length < 200) leaked.push(Buffer.alloc(5 * 1024 * 1024, 1));
  }, 1000);
  leakTimer.unref();

  const healthChecks = () => {
    const dbDown = faults.has('db-down');
    const check = (name: string, healthy: boolean, error: string | null, details: Record<string, unknown>) => [
      name,
      { healthy, response_time_ms: Math.round(lognormal(healthy ? 3 : 1000, 0.3)), error, details },
    ];
    return Object.fromEntries([
      check('database', !dbDown, dbDown ? 'connection refused (fault db-down)' : null, { pool_size: 10, active_connections: dbDown ? 0 : 3 }),
      check('qdrant', true, null, { collections: 4 }),
      check('external_apis', true, null, { checked: ['weather', 'calendar'] }),
      check('voice_service', true, null, { model: 'whisper-small' }),
    ]);
  };

  async function route(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const path = url.pathname;
    if (path === '/health') {
      const started = performance.now();
      const checks = healthChecks() as Record<string, { healthy: boolean }>;
      const healthy = Object.values(checks).every((c) => c.healthy);
      json(res, healthy ? 200 : 503, { healthy, timestamp: new Date().toISOString(), version: VERSION, checks, duration_ms: Math.round(performance.now() - started) });
      return;
    }
    if (path === '/ready') {
      const dbReady = !faults.has('db-down');
      json(res, dbReady ? 200 : 503, { ready: dbReady, timestamp: new Date().toISOString(), checks: [['database', dbReady], ['qdrant', true]] });
      return;
    }
    if (path === '/faults') {
      if (req.method === 'GET') {
        json(res, 200, { active: [...faults], available: FAULTS });
        return;
      }
      if (req.method !== 'POST') {
        json(res, 405, { error: 'use GET or POST on /faults' });
        return;
      }
      let parsed: ReturnType<typeof parseFaultRequest>;
      try {
        const text = await readBody(req);
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch (err) {
          throw new Error(`body is not valid JSON: ${(err as Error).message}`, { cause: err });
        }
        parsed = parseFaultRequest(body);
      } catch (err) {
        json(res, 400, { error: (err as Error).message });
        return;
      }
      if (parsed.fault === 'crash' && parsed.enabled) {
        json(res, 202, { active: [...faults], crashing: true });
        setTimeout(onCrash, 100);
        return;
      }
      if (parsed.enabled) faults.add(parsed.fault);
      else faults.delete(parsed.fault);
      if (parsed.fault === 'memory-leak' && !parsed.enabled) leaked.length = 0;
      json(res, 200, { active: [...faults] });
      return;
    }
    if (path.startsWith('/api/')) {
      if (faults.has('error-burst') && Math.random() < 0.25) {
        await sleep(lognormal(0.02, 0.5));
        json(res, 500, { error: 'internal error (fault error-burst)' });
        return;
      }
      if (path === '/api/voice' && req.method === 'POST') {
        const seconds = lognormal(0.8, 0.45) * (faults.has('slow-voice') ? 6 : 1);
        await sleep(seconds);
        const accuracy = Math.min(1, Math.max(0.4, 0.93 + 0.035 * (Math.random() + Math.random() + Math.random() - 1.5) * 2));
        m.voiceDuration.observe(seconds);
        m.voiceAccuracy.observe(accuracy);
        m.userInteractions.inc({ action: 'voice' });
        json(res, 200, { transcript: 'turn on the lights', accuracy });
        return;
      }
      if (path === '/api/search' && req.method === 'GET') {
        if (faults.has('db-down')) {
          await sleep(lognormal(1, 0.2));
          json(res, 503, { error: 'knowledge base unavailable: database connection refused' });
          return;
        }
        const seconds = lognormal(0.04, 0.6);
        await sleep(seconds);
        const results = Math.max(0, Math.round(lognormal(7, 0.6)));
        m.searchDuration.observe(seconds);
        m.searchResults.observe(results);
        m.userInteractions.inc({ action: 'search' });
        json(res, 200, { results });
        return;
      }
      const plugin = /^\/api\/plugins\/([a-z_]+)$/.exec(path);
      if (plugin && req.method === 'POST') {
        await sleep(lognormal(0.15, 0.5));
        const ok = Math.random() > 0.05;
        m.pluginExecutions.inc({ plugin: plugin[1]!, status: ok ? 'success' : 'error' });
        m.userInteractions.inc({ action: 'plugin' });
        json(res, ok ? 200 : 502, ok ? { done: true } : { error: `plugin ${plugin[1]} failed` });
        return;
      }
      if (path === '/api/chat' && req.method === 'POST') {
        await sleep(lognormal(0.3, 0.5));
        m.userInteractions.inc({ action: 'chat' });
        json(res, 200, { reply: 'Sure.' });
        return;
      }
    }
    json(res, 404, { error: `no route ${req.method} ${path}` });
  }

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/metrics') {
      // Scrapes are not user traffic: they are not counted in the request metrics.
      const registry = (req.headers.accept ?? '').includes('application/openmetrics-text') ? m.openMetricsRegistry : m.registry;
      registry.metrics().then(
        (text) => {
          res.writeHead(200, { 'Content-Type': registry.contentType });
          res.end(text);
        },
        (err: Error) => json(res, 500, { error: err.message }),
      );
      return;
    }
    const started = performance.now();
    m.activeConnections.inc();
    res.on('finish', () => {
      m.activeConnections.dec();
      m.httpRequests.inc({ method: req.method ?? 'GET', status: String(res.statusCode) });
      m.httpDuration.observe((performance.now() - started) / 1000);
      if (log && url.pathname.startsWith('/api/')) log.write(requestEvent(url.pathname, res.statusCode, performance.now() - started));
    });
    route(req, res, url).catch((err: Error) => {
      if (!res.headersSent) json(res, 500, { error: err.message });
    });
  });

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host}:${port}`;

  const traffic = startTraffic(url, options.trafficPerSecond ?? 12, PLUGINS);
  const crashTimer = faults.has('crash') ? setTimeout(onCrash, 10_000) : null;

  return {
    url,
    port,
    faults,
    close: async () => {
      traffic.stop();
      clearInterval(leakTimer);
      if (crashTimer) clearTimeout(crashTimer);
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await log?.close();
    },
  };
}
