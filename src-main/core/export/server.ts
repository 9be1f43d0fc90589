// The exporter's own listener: GET /metrics only, Host-checked on loopback binds, with an
// optional bearer token. Separate from the dashboard's server so Prometheus never needs the
// dashboard's session token, and the dashboard stays loopback-only when the exporter does not.
import { createServer, type Server } from 'node:http';
import { bearerToken as bearerTokenOf, hostForUrl, hostPolicy, isLoopback, tokenMatches } from '../http/access';
import { listen } from '../http/listen';
import { CONTENT_TYPE } from './render';

export interface ExportServer {
  url: string;
  close(): Promise<void>;
}

export interface ExportServerOptions {
  host: string;
  port: number;
  bearerToken: string | null;
  render(): Promise<string>;
  /** Called for every request that reached /metrics and was answered. */
  onScrape?(ok: boolean): void;
}


export function startExportServer(options: ExportServerOptions): Promise<ExportServer> {
  const { host, bearerToken: token } = options;
  let port = options.port;
  const hosts = hostPolicy({ bindHost: host });
  const server: Server = createServer((req, res) => {
    const refuse = (status: number, message: string) => {
      res.statusCode = status;
      res.setHeader('Content-Type', 'text/plain; charset=utf-8');
      res.end(`${message}\n`);
    };
    // DNS rebinding: on a loopback bind only this machine's own names reach the metrics.
    if (isLoopback(host) && !hosts.allows(req.headers.host, port)) return refuse(403, `Host header ${JSON.stringify(req.headers.host ?? '')} is not allowed`);
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/metrics') return refuse(404, 'not found; the metrics are at /metrics');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return refuse(405, `method ${req.method} not allowed`);
    }
    if (token) {
      if (!tokenMatches(bearerTokenOf(req), token)) {
        res.setHeader('WWW-Authenticate', 'Bearer');
        return refuse(401, 'missing or wrong bearer token');
      }
    }
    options.render().then(
      (text) => {
        res.setHeader('Content-Type', CONTENT_TYPE);
        res.setHeader('Cache-Control', 'no-store');
        res.end(req.method === 'HEAD' ? undefined : text);
        options.onScrape?.(true);
      },
      (err: unknown) => {
        refuse(500, `could not render metrics: ${err instanceof Error ? err.message : String(err)}`);
        options.onScrape?.(false);
      },
    );
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  return listen(server, options.port, host).then((listening) => {
    port = listening.port;
    return { url: `http://${hostForUrl(host)}:${port}/metrics`, close: listening.close };
  });
}
