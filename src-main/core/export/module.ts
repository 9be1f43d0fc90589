// Opt-in Prometheus export: when enabled (config, `serve --export`, or the toggle in the UI) the
// monitor serves /metrics on 127.0.0.1:9464 for a Prometheus server, so several machines can be
// watched from one Prometheus and Grafana. Values are read when Prometheus scrapes.
import type { ExportStatus } from '../../shared/api';
import { InputError } from '../../shared/errors';
import { seriesOf } from '../collector';
import { isLoopback } from '../http/access';
import { describeListenError } from '../http/listen';
import type { CoreModule, ModuleContext } from '../module';
import type { ScrapeModule } from '../scrape/module';
import { familyIndex } from '../scrape/scrape-target';
import { collectFamilies } from './families';
import { renderFamilies } from './render';
import { startExportServer, type ExportServer } from './server';

export interface ExportDeps {
  scrape: Pick<ScrapeModule, 'sources'>;
  /** `serve --export`: on whatever the config says. */
  forceEnabled?: boolean;
}

export function exportModule(ctx: ModuleContext, deps: ExportDeps): CoreModule {
  const config = ctx.config.export;
  // A wrong section (e.g. a token too short) keeps export off: never serve without the token asked for.
  let enabled = !config.invalid && (deps.forceEnabled === true || config.enabled);
  let stopped = false;
  let server: ExportServer | null = null;
  let error: string | null = null;
  let scrapes = 0;
  let lastScrapeAt: number | null = null;
  let renderSeconds: number | null = null;
  let switching: Promise<void> = Promise.resolve();

  const render = async (): Promise<string> => {
    const started = performance.now();
    const sources = deps.scrape.sources();
    const helpByName = new Map(ctx.hub.series().map((s) => [s.id, s.help]));
    // One index per target and scrape: a relayed sample finds its family with a map lookup.
    const familiesOf = new Map(sources.map((s) => [s.target, familyIndex(s.families)]));
    const families = collectFamilies({
      latest: () => ctx.live.latest(),
      help: (name) => helpByName.get(name),
      targets: new Map(sources.map((s) => [s.collector, s.target])),
      relay: config.relay,
      familyOf: (target, sampleName) => familiesOf.get(target)?.(sampleName),
    });
    const text = await renderFamilies(families.values());
    renderSeconds = (performance.now() - started) / 1000;
    return text;
  };

  const listen = async () => {
    try {
      const started = await startExportServer({
        host: config.host,
        port: config.port,
        bearerToken: config.bearerToken,
        render,
        onScrape: () => {
          scrapes++;
          lastScrapeAt = Date.now();
        },
      });
      // The core stopped while this listener was starting: close it at once.
      if (stopped) {
        await started.close();
        return;
      }
      server = started;
      error = null;
    } catch (err) {
      error = describeListenError(err, config.host, config.port);
    }
  };
  const close = async () => {
    const s = server;
    server = null;
    await s?.close();
  };
  const status = (): ExportStatus => ({ enabled, url: server?.url ?? null, relay: config.relay, tokenRequired: config.bearerToken !== null, error: enabled ? error : null, scrapes, lastScrapeAt, lastRenderMs: renderSeconds === null ? null : renderSeconds * 1000 });

  const s = seriesOf('self');
  return {
    name: 'export',
    // The state now, not a log: a failure that a later toggle fixed is no longer shown.
    notices() {
      if (!enabled) return [];
      if (error) return [`export: ${error}; export is off, the rest of the monitor runs`];
      if (server && !isLoopback(config.host)) return [`export: /metrics listens on ${config.host}, reachable from other machines${config.bearerToken ? '' : ' without a token; set export.bearerToken'}`];
      return [];
    },
    selfMetrics: {
      series: [
        s('assistant_monitor_export_scrapes_total', 'Scrapes of the Prometheus endpoint answered', 'count'),
        s('assistant_monitor_export_render_seconds', 'Time the last scrape of the Prometheus endpoint took to render', 'seconds'),
      ],
      collect: (): Record<string, number> => (enabled && renderSeconds !== null ? { assistant_monitor_export_scrapes_total: scrapes, assistant_monitor_export_render_seconds: renderSeconds } : {}),
    },
    api: {
      // Answers once a start or toggle in progress has finished, so the state is never half-known.
      getExport: async () => {
        await switching;
        return status();
      },
      async setExport({ enabled: want }) {
        if (want && config.invalid) throw new InputError('the export section of monitor.json is not valid (see the notices); fix it to turn export on');
        // One switch at a time: a quick on-off-on never leaves two listeners.
        switching = switching.then(async () => {
          enabled = want;
          if (want && !server) await listen();
          if (!want) await close();
        });
        await switching;
        return status();
      },
    },
    start() {
      if (enabled) switching = listen();
    },
    stop() {
      stopped = true;
      switching = switching.then(close, close);
    },
  };
}
