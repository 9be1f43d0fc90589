// The headless transport: the built renderer plus MonitorApi as JSON and server-sent events, on
// loopback, behind a Host check and a session token.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MonitorApi } from '../../shared/api';
import { InputError, parseRangeQuery } from '../../shared/validate';
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

type Handler = (url: URL) => Promise<unknown>;

function apiRoutes(api: MonitorApi): Record<string, Handler> {
  return {
    '/api/info': () => api.getInfo(),
    '/api/series': () => api.listSeries(),
    '/api/collectors': () => api.getCollectorStatus(),
    '/api/query': (url) =>
      api.queryRange(parseRangeQuery({ series: url.searchParams.getAll('series'), from: url.searchParams.get('from'), to: url.searchParams.get('to') })),
  };
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
      if (method !== 'GET') {
        sendError(res, 405, `method ${method} not allowed on ${url.pathname}`);
        return;
      }
      if (url.pathname === '/api/stream') {
        openEventStream(req, res, api, sse);
        return;
      }
      const route = routes[url.pathname];
      if (!route) {
        sendError(res, 404, `unknown API route: ${method} ${url.pathname}`);
        return;
      }
      try {
        sendJson(res, 200, await route(url));
      } catch (err) {
        if (err instanceof InputError) sendError(res, 400, err.message);
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
