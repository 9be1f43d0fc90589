// The headless transport: the built renderer plus MonitorApi as JSON and server-sent events, on
// loopback, behind a Host check and a session token.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { API_METHODS, CONTRACT, fromSearchParams, type ApiMethod, type HttpRoute, type MonitorApi } from '../../shared/contract';
import { ApiError, toWireError, type ErrorCode } from '../../shared/errors';
import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { listen } from './listen';
import { cookieName, hasToken, hostForUrl, hostPolicy, isLoopback, tokenMatches, type MachineNames } from './access';
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
  /** Where diagnostics bundles are written; served for download at /bundles/NAME. */
  bundleDir?: string | null;
  /** Extra names accepted in the Host header (--allow-host). */
  allowedHosts?: readonly string[];
  /** This machine's addresses and name; tests inject them, the default reads the OS. */
  machine?: () => MachineNames;
  /** Most live streams open at once; default MAX_STREAMS. */
  maxStreams?: number;
}

/**
 * Each live stream holds a socket, a subscription and up to 4 MiB of buffer. 64 is far beyond
 * the tabs one person opens, and keeps a runaway script from exhausting the monitor.
 */
export const MAX_STREAMS = 64;

export interface RunningServer {
  host: string;
  port: number;
  /** The URL to open, carrying the token. */
  url: string;
  sse: SseStats;
  close(): Promise<void>;
}

/** Largest JSON body accepted (pins are small). */
const MAX_BODY_BYTES = 64 * 1024;

const STATUS: Record<ErrorCode, number> = {
  invalid_input: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  too_large: 413,
  unsupported_media_type: 415,
  internal: 500,
  unavailable: 503,
  timeout: 504,
};

/** A route of the contract table, matched against a request path. */
interface Route {
  method: ApiMethod;
  http: HttpRoute;
  /** The `:id` segment's value, or null when the route has none. */
  match(pathname: string): string | null | false;
}

/** Every row of the contract table as an HTTP route. */
function contractRoutes(): Route[] {
  return API_METHODS.map((method) => {
    const http = CONTRACT[method].http;
    const [prefix] = http.path.split(':id');
    const hasId = http.path.endsWith(':id');
    return {
      method,
      http,
      match: (pathname) => {
        if (!hasId) return pathname === http.path ? null : false;
        const rest = pathname.startsWith(prefix!) ? pathname.slice(prefix!.length) : '';
        if (rest === '' || rest.includes('/')) return false;
        try {
          return decodeURIComponent(rest);
        } catch {
          // Not valid percent-encoding: passed on as it is, and refused by the input check.
          return rest;
        }
      },
    };
  });
}

async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim();
  // Requiring JSON also means a cross-site form can never post here without a CORS preflight.
  if (type !== 'application/json') throw new ApiError('unsupported_media_type', `request body must be application/json, got ${JSON.stringify(type)}`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new ApiError('too_large', `request body larger than ${MAX_BODY_BYTES / 1024} KiB`);
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (err) {
    throw new ApiError('invalid_input', `request body is not valid JSON: ${(err as Error).message}`);
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(text);
}

/** Errors as every transport carries them: `{code, message}`. */
function sendError(res: ServerResponse, code: ErrorCode, message: string): void {
  sendJson(res, STATUS[code], { code, message });
}

export function startHttpServer(options: HttpServerOptions): Promise<RunningServer> {
  const { api, host, token, staticDir } = options;
  const routes = contractRoutes();
  const sse: SseStats = { clients: 0, droppedSlowClients: 0 };
  const hosts = hostPolicy({ bindHost: host, allowedHosts: options.allowedHosts, machine: options.machine });
  const maxStreams = options.maxStreams ?? MAX_STREAMS;
  const hostAdvice = isLoopback(host) ? 'open the monitor through localhost or 127.0.0.1' : 'use this machine\'s address or name, or add the name with --allow-host';
  let port = options.port;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Frame-Options', 'DENY');

    if (!hosts.allows(req.headers.host, port)) {
      sendError(res, 'forbidden', `Host header ${JSON.stringify(req.headers.host ?? '')} is not allowed; ${hostAdvice}`);
      return;
    }
    const url = new URL(req.url ?? '/', `http://${hostForUrl(host)}:${port}`);
    const method = req.method ?? 'GET';

    // The printed URL carries ?token=. Trade it for a cookie and drop it from the address bar.
    const queryToken = url.searchParams.get('token');
    if (queryToken !== null && !url.pathname.startsWith('/api/')) {
      if (!tokenMatches(queryToken, token)) {
        sendError(res, 'unauthorized', 'the token in the URL is wrong; use the URL printed by assistant-monitor serve');
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
      sendError(res, 'unauthorized', 'missing or wrong token; open the URL printed by assistant-monitor serve, or send Authorization: Bearer TOKEN');
      return;
    }

    if (url.pathname.startsWith('/api/')) {
      if (url.pathname === '/api/stream' && method === 'GET') {
        if (sse.clients >= maxStreams) {
          res.setHeader('Retry-After', '10');
          sendError(res, 'unavailable', `too many live streams: ${maxStreams} are open already; close other dashboard tabs or scripts reading /api/stream`);
          return;
        }
        openEventStream(req, res, api, sse);
        return;
      }
      const matching = routes.map((r) => ({ route: r, id: r.match(url.pathname) })).filter((m) => m.id !== false);
      if (matching.length === 0) {
        sendError(res, 'not_found', `unknown API route: ${method} ${url.pathname}`);
        return;
      }
      const found = matching.find((m) => m.route.http.method === method);
      if (!found) {
        res.setHeader('Allow', matching.map((m) => m.route.http.method).join(', '));
        sendError(res, 'method_not_allowed', `method ${method} not allowed on ${url.pathname}`);
        return;
      }
      try {
        const { route, id } = found;
        const input = route.http.method === 'POST' ? await readJsonBody(req) : id !== null ? id : fromSearchParams(route.http, url.searchParams);
        const result = await (api[route.method] as (input: unknown) => Promise<unknown>)(input);
        if (result === undefined) {
          res.statusCode = 204;
          res.end();
        } else sendJson(res, 200, result);
      } catch (err) {
        const wire = toWireError(err);
        // The same text the desktop app gets over IPC.
        sendError(res, wire.code, wire.message);
      }
      return;
    }

    if (method !== 'GET' && method !== 'HEAD') {
      sendError(res, 'method_not_allowed', `method ${method} not allowed`);
      return;
    }
    const bundle = /^\/bundles\/(assistant-monitor-[A-Za-z0-9._-]+\.zip)$/.exec(url.pathname);
    if (bundle && options.bundleDir) {
      // The name is checked by the pattern above: no separators, no traversal.
      const file = join(options.bundleDir, bundle[1]!);
      if (!existsSync(file)) {
        sendError(res, 'not_found', `no bundle named ${bundle[1]}`);
        return;
      }
      res.setHeader('Content-Type', 'application/zip');
      res.setHeader('Content-Disposition', `attachment; filename="${bundle[1]}"`);
      res.setHeader('Cache-Control', 'no-store');
      if (method === 'HEAD') res.end();
      else createReadStream(file).on('error', () => res.destroy()).pipe(res);
      return;
    }
    const file = staticDir ? resolveStatic(staticDir, url.pathname) : null;
    if (!file) {
      sendError(res, 'not_found', `not found: ${url.pathname}`);
      return;
    }
    sendStatic(res, file, method === 'HEAD');
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendError(res, 'internal', `internal error: ${String(err)}`);
      else res.destroy();
    });
  });
  // Live streams are long-lived; everything else should be quick.
  server.headersTimeout = 10_000;
  server.requestTimeout = 0;

  return listen(server, options.port, host).then((listening) => {
    port = listening.port;
    return { host, port, url: `http://${hosts.urlHost()}:${port}/?token=${token}`, sse, close: listening.close };
  });
}
