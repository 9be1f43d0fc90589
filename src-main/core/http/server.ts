// The headless transport: the built renderer plus MonitorApi as JSON and server-sent events, on
// loopback, behind a Host check and a session token.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MonitorApi } from '../../shared/api';
import { InputError, parseExprQuery, parseFindSeries, parseNewPin, parsePinId, parseRangeQuery } from '../../shared/validate';
import { cookieName, hasToken, hostAllowed, hostForUrl, tokenMatches } from './access';
import { openEventStream, type SseStats } from './sse';
import { resolveStatic, sendStatic } from './static-files';

export interface HttpServerOptions {
  api: MonitorApi;
  host: string;
  /** 0 picks a free port. */
  port: number;
  token: string;
  /** Folder of the built renderer; null serves the API only. */
  staticDir: string | null;
}

export interface RunningServer {
  host: string;
  port: number;
  /** The URL to open, carrying the token. */
  url: string;
  sse: SseStats;
  close(): Promise<void>;
}

type Handler = (url: URL, body: unknown) => Promise<unknown>;
type Method = 'GET' | 'POST' | 'DELETE';

/** Largest JSON body accepted (pins are small). */
const MAX_BODY_BYTES = 64 * 1024;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function apiRoutes(api: MonitorApi): Record<string, Partial<Record<Method, Handler>>> {
  const param = (url: URL, name: string) => url.searchParams.get(name);
  return {
    '/api/info': { GET: () => api.getInfo() },
    '/api/series': { GET: () => api.listSeries() },
    '/api/series/find': { GET: (url) => api.findSeries(parseFindSeries({ text: param(url, 'text') ?? '', limit: param(url, 'limit') })) },
    '/api/collectors': { GET: () => api.getCollectorStatus() },
    '/api/query': {
      GET: (url) =>
        api.queryRange(parseRangeQuery({ series: url.searchParams.getAll('series'), from: param(url, 'from'), to: param(url, 'to'), maxPoints: param(url, 'maxPoints') })),
    },
    '/api/query_expr': {
      GET: (url) => api.queryExpr(parseExprQuery({ expr: param(url, 'expr'), from: param(url, 'from'), to: param(url, 'to'), stepMs: param(url, 'step') })),
    },
    '/api/metrics': { GET: () => api.listMetrics() },
    '/api/targets': { GET: () => api.getTargets() },
    '/api/dashboard': { GET: () => api.getDashboard() },
    '/api/processes': { GET: () => api.getProcesses() },
    '/api/restarts': { GET: () => api.getRestarts() },
    '/api/pins': { GET: () => api.listPins(), POST: (_url, body) => api.addPin(parseNewPin(body)) },
  };
}

async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim();
  // Requiring JSON also means a cross-site form can never post here without a CORS preflight.
  if (type !== 'application/json') throw new HttpError(415, `request body must be application/json, got ${JSON.stringify(type)}`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, `request body larger than ${MAX_BODY_BYTES / 1024} KiB`);
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (err) {
    throw new HttpError(400, `request body is not valid JSON: ${(err as Error).message}`);
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(text);
}

function sendError(res: ServerResponse, status: number, message: string): void {
  sendJson(res, status, { error: message });
}

export function startHttpServer(options: HttpServerOptions): Promise<RunningServer> {
  const { api, host, token, staticDir } = options;
  const routes = apiRoutes(api);
  const sse: SseStats = { clients: 0, droppedSlowClients: 0 };
  let port = options.port;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Frame-Options', 'DENY');

    if (!hostAllowed(req.headers.host, host, port)) {
      sendError(res, 403, `Host header ${JSON.stringify(req.headers.host ?? '')} is not allowed; open the monitor through localhost or 127.0.0.1`);
      return;
    }
    const url = new URL(req.url ?? '/', `http://${hostForUrl(host)}:${port}`);
    const method = req.method ?? 'GET';

    // The printed URL carries ?token=. Trade it for a cookie and drop it from the address bar.
    const queryToken = url.searchParams.get('token');
    if (queryToken !== null && !url.pathname.startsWith('/api/')) {
      if (!tokenMatches(queryToken, token)) {
        sendError(res, 401, 'the token in the URL is wrong; use the URL printed by assistant-monitor serve');
        return;
      }
      url.searchParams.delete('token');
      res.statusCode = 303;
      res.setHeader('Set-Cookie', `${cookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`);
      res.setHeader('Location', url.pathname + url.search);
      res.end();
      return;
    }
    if (!hasToken(req, token, port)) {
      sendError(res, 401, 'missing or wrong token; open the URL printed by assistant-monitor serve, or send Authorization: Bearer TOKEN');
      return;
    }

    if (url.pathname.startsWith('/api/')) {
      if (url.pathname === '/api/stream' && method === 'GET') {
        openEventStream(req, res, api, sse);
        return;
      }
      const pin = /^\/api\/pins\/([^/]+)$/.exec(url.pathname);
      const route = pin ? { DELETE: () => api.removePin(parsePinId(decodeURIComponent(pin[1]!))) } : routes[url.pathname];
      if (!route) {
        sendError(res, 404, `unknown API route: ${method} ${url.pathname}`);
        return;
      }
      const handler = route[method as Method];
      if (!handler) {
        res.setHeader('Allow', Object.keys(route).join(', '));
        sendError(res, 405, `method ${method} not allowed on ${url.pathname}`);
        return;
      }
      try {
        const body = method === 'POST' ? await readJsonBody(req) : undefined;
        const result = await handler(url, body);
        if (result === undefined) {
          res.statusCode = 204;
          res.end();
        } else sendJson(res, 200, result);
      } catch (err) {
        if (err instanceof HttpError) sendError(res, err.status, err.message);
        else if (err instanceof InputError) sendError(res, 400, err.message);
        else sendError(res, 500, `internal error: ${err instanceof Error ? err.message : String(err)}`);
      }
      return;
    }

    if (method !== 'GET' && method !== 'HEAD') {
      sendError(res, 405, `method ${method} not allowed`);
      return;
    }
    const file = staticDir ? resolveStatic(staticDir, url.pathname) : null;
    if (!file) {
      sendError(res, 404, `not found: ${url.pathname}`);
      return;
    }
    sendStatic(res, file, method === 'HEAD');
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendError(res, 500, `internal error: ${String(err)}`);
      else res.destroy();
    });
  });
  // Live streams are long-lived; everything else should be quick.
  server.headersTimeout = 10_000;
  server.requestTimeout = 0;

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      port = (server.address() as AddressInfo).port;
      resolve({
        host,
        port,
        url: `http://${hostForUrl(host)}:${port}/?token=${token}`,
        sse,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
