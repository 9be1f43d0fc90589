// `assistant-monitor serve`: the core plus the HTTP transport, until SIGINT/SIGTERM.
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { bootCore } from '../boot';
import { describeListenError } from '../http/listen';
import { bundleDir } from '../bundle/module';
import { defaultDataDir } from '../data-dir';
import { newToken, isLoopback, parseAllowedHost } from '../http/access';
import { startHttpServer, type RunningServer } from '../http/server';
import { argsError, UsageError } from './usage-error';

export const DEFAULT_PORT = 8740;

export const SERVE_USAGE = `usage: assistant-monitor serve [options]

Runs the monitor and its web dashboard; prints the URL to open (it carries the access token).

options:
  --host ADDR         address to bind (default 127.0.0.1); 0.0.0.0 makes the dashboard
                      reachable from the LAN at this machine's addresses and name
  --port N            port to listen on (default ${DEFAULT_PORT}); 0 picks a free one
  --allow-host NAME   also accept this name in the Host header (a DNS name or reverse proxy
                      pointing here); repeatable; adds to server.allowedHosts in the config
  --config FILE       configuration file (JSON)
  --data-dir DIR      where history and pinned charts are kept
  --export            serve Prometheus /metrics too (config "export" for address and token)
  --help              this text`;

const VALUE_HINTS: Record<string, string> = {
  host: 'an address such as 127.0.0.1 or 0.0.0.0',
  port: `a port number such as ${DEFAULT_PORT}, or 0 for a free one`,
  'allow-host': 'a host name such as monitor.home.lan',
  config: 'a JSON file',
  'data-dir': 'a directory',
};

export interface ServeOptions {
  host: string;
  port: number;
  configFile: string | null;
  dataDir: string;
  /** --export: serve Prometheus /metrics (config `export` for address, token, relay). */
  exportEnabled: boolean;
  /** From --allow-host; the config's server.allowedHosts are added at start. */
  allowedHosts: string[];
}

export function parseServeArgs(argv: string[]): ServeOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        host: { type: 'string' },
        port: { type: 'string' },
        config: { type: 'string' },
        'data-dir': { type: 'string' },
        'allow-host': { type: 'string', multiple: true },
        export: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (err) {
    throw argsError(err, VALUE_HINTS);
  }
  const { host = '127.0.0.1', port: portText = String(DEFAULT_PORT) } = parsed.values;
  if (!/^\d+$/.test(portText) || Number(portText) > 65535) {
    throw new UsageError(`--port must be a number from 0 to 65535, got ${JSON.stringify(portText)}`);
  }
  if (host.trim() === '') throw new UsageError('--host must not be empty');
  const { config = null, 'data-dir': dataDir = defaultDataDir() } = parsed.values;
  if (config === '') throw new UsageError('--config must name a file');
  if (dataDir === '') throw new UsageError('--data-dir must name a directory');
  const allowedHosts = (parsed.values['allow-host'] ?? []).map((name) => {
    try {
      return parseAllowedHost(name);
    } catch (err) {
      throw new UsageError(`--allow-host: ${(err as Error).message}`);
    }
  });
  return { host, port: Number(portText), configFile: config, dataDir, allowedHosts, exportEnabled: parsed.values.export === true };
}

/** The built renderer sits beside the built CLI: out/main/cli.js -> out/renderer/. */
function rendererDir(): string {
  return process.env.ASSISTANT_MONITOR_RENDERER_DIR ?? fileURLToPath(new URL('../renderer/', import.meta.url));
}

export async function serve(options: ServeOptions): Promise<RunningServer> {
  const { core, config, notices, dataDir, log } = bootCore({ configFile: options.configFile, dataDir: options.dataDir, exportEnabled: options.exportEnabled });
  for (const line of notices) console.error(`warning: ${line}`);
  core.start();
  let server: RunningServer;
  try {
    const allowedHosts = [...options.allowedHosts, ...config.server.allowedHosts];
    server = await startHttpServer({ api: core.api, host: options.host, port: options.port, token: newToken(), staticDir: rendererDir(), bundleDir: bundleDir(dataDir), allowedHosts });
  } catch (err) {
    core.stop();
    const why = describeListenError(err, options.host, options.port);
    throw new Error((err as NodeJS.ErrnoException).code === 'EADDRINUSE' ? `${why}; choose another with --port` : why, { cause: err });
  }
  if (!isLoopback(options.host)) {
    console.error(`warning: listening on ${options.host}, reachable from other machines; anyone with the token can read this machine's metrics`);
  }
  console.log(`Assistant Monitor listening on ${server.url}`);
  // The exporter starts beside the dashboard; a failure to listen is said here too, not only in the UI.
  const exported = await core.api.getExport();
  if (exported.error) console.error(`warning: export: ${exported.error}; export is off, the rest of the monitor runs`);
  // The token stays out of our own log: the log is readable in the UI and goes into bundles.
  log?.info(`serving the dashboard on ${server.url.replace(/\?token=.*$/, '')}`);
  const shutdown = () => {
    log?.info('stopping');
    core.stop();
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  return server;
}
