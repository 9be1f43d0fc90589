// Logs: tails every configured source (and the monitor's own logs) into the log store, serves
// search and histograms over it, announces new lines on the event stream, and counts lines per
// source and level as the series assistant_monitor_log_lines_total{source,level}, a collector's
// batch like any other, so charts, PromQL and history see them.
import { join } from 'node:path';
import { formatSeriesId } from '../../shared/series-id';
import { jsonSection, type BundleSection } from '../bundle/section';
import { seriesOf, type Collector } from '../collector';
import type { CoreModule, ModuleContext } from '../module';
import { OWN_SOURCE, type LogSourceConfig } from './config';
import { LogStore, type StoredRecord } from './store';
import { SourceTailer } from './tailer';

export interface LogsOptions {
  /** The monitor's own log directory (JSON lines written by our logger); tailed as source `assistant-monitor`. */
  ownLogDir?: string | null;
  /** How often each source is polled besides file-system events. */
  pollMs?: number;
  now?: () => number;
}

const COUNT_METRIC = 'assistant_monitor_log_lines_total';
/** New-line notices to subscribers at most this often per source. */
const ANNOUNCE_MS = 500;
const RETENTION_EVERY_MS = 60_000;
/** Lines per source that go into a diagnostics bundle: the latest, enough to see what led up to a problem. */
const BUNDLE_LINES = 2000;

export interface LogsModule extends CoreModule {
  /** Resolves when every source has caught up with what is in its files now (tests). */
  caughtUp(): Promise<void>;
}

export function logsModule(ctx: ModuleContext, options: LogsOptions = {}): LogsModule {
  const now = options.now ?? Date.now;
  const config = ctx.config.logs;
  const file = ctx.dataDir ? join(ctx.dataDir, 'logs.db') : ':memory:';
  let store: LogStore;
  try {
    store = LogStore.open(file);
  } catch (err) {
    ctx.notices.push(`log store ${file}: ${(err as Error).message}; log lines are kept in memory only`);
    store = LogStore.open(':memory:');
  }

  const counts = new Map<string, number>();
  /** Series ids by source and level, built once: formatting one per stored line would cost more than the line. */
  const ids = new Map<string, string>();
  const idOf = (source: string, level: string) => {
    const key = `${source}\n${level}`;
    let id = ids.get(key);
    if (id === undefined) ids.set(key, (id = formatSeriesId(COUNT_METRIC, { source, level })));
    return id;
  };
  const pending = new Map<string, number>();
  let announcer: ReturnType<typeof setTimeout> | null = null;
  const announce = () => {
    announcer = null;
    for (const [source, lines] of pending) ctx.events.emit({ type: 'logs', source, t: now(), lines });
    pending.clear();
  };
  const onStored = (source: string, records: readonly StoredRecord[]) => {
    for (const r of records) {
      const id = idOf(source, r.level);
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    pending.set(source, (pending.get(source) ?? 0) + records.length);
    if (!announcer) {
      announcer = setTimeout(announce, ANNOUNCE_MS);
      announcer.unref?.();
    }
  };

  const sources: LogSourceConfig[] = [...config.sources];
  if (options.ownLogDir) sources.push({ name: OWN_SOURCE, path: join(options.ownLogDir, `${OWN_SOURCE}*.log`), format: 'json' });
  const oldest = () => now() - config.retentionMs;
  const tailers = sources.map((s) => new SourceTailer(s, { store, now, oldest, onStored }));

  const s = seriesOf('logs');
  const collector: Collector = {
    name: 'logs',
    intervalMs: 10_000,
    timeoutMs: 1000,
    series: () => [...counts.keys()].map((id) => s(id, 'Log lines stored, by source and level', 'count')),
    sample: () => Object.fromEntries(counts),
  };

  let retention: ReturnType<typeof setInterval> | null = null;
  /** Retention in slices, one per turn of the event loop, so a large purge never blocks it. */
  let stopped = false;
  const enforce = () => {
    if (stopped) return;
    try {
      if (store.enforceRetention(now() - config.retentionMs, config.maxBytes)) setImmediate(enforce);
    } catch (err) {
      ctx.notices.push(`log store retention: ${(err as Error).message}`);
    }
  };

  const self = seriesOf('self');
  return {
    name: 'logs',
    collectors: [collector],
    api: {
      getLogSources: () => tailers.map((t) => t.status()),
      queryLogs: (q) => store.query({ ...q, limit: q.limit ?? 500 }),
      logHistogram: (q) => store.histogram({ ...q, buckets: q.buckets ?? 60 }),
    },
    selfMetrics: {
      series: [
        self('assistant_monitor_logs_store_bytes', 'Size of the log store', 'bytes'),
        self('assistant_monitor_logs_expired_total', 'Log lines dropped because they aged out', 'count'),
        self('assistant_monitor_logs_evicted_total', 'Log lines dropped, oldest first, to stay under the byte cap', 'count'),
        self('assistant_monitor_logs_truncations_total', 'copytruncate rotations seen (lines written during the copy may be lost)', 'count'),
        self('assistant_monitor_logs_skipped_lines_total', 'Binary log lines skipped', 'count'),
      ],
      collect() {
        const st = store.stats();
        const all = tailers.map((t) => t.status());
        return {
          assistant_monitor_logs_store_bytes: st.bytes,
          assistant_monitor_logs_expired_total: st.expired,
          assistant_monitor_logs_evicted_total: st.evicted,
          assistant_monitor_logs_truncations_total: all.reduce((n, x) => n + x.truncations, 0),
          assistant_monitor_logs_skipped_lines_total: all.reduce((n, x) => n + x.binaryLines, 0),
        };
      },
    },
    bundle: (): BundleSection[] => [
      jsonSection('logs/sources.json', 'Log sources: files, offsets, line counts, state and reason', 'log tailer', () => tailers.map((t) => t.status())),
      ...sources.map(
        (src): BundleSection => ({
          path: `logs/${src.name}.jsonl`,
          description: `The latest ${BUNDLE_LINES} stored lines of log source ${src.name}, newest first`,
          source: 'log store',
          produce: () => ({
            text: store
              .query({ from: 0, to: Number.MAX_SAFE_INTEGER, sources: [src.name], limit: BUNDLE_LINES })
              .lines.map((l) => JSON.stringify(l))
              .join('\n'),
          }),
        }),
      ),
    ],
    notices: () => tailers.map((t) => t.status()).filter((st) => st.state === 'error').map((st) => `log source ${st.name}: ${st.reason}`),
    start() {
      for (const t of tailers) t.start(options.pollMs ?? 5000);
      retention = setInterval(enforce, RETENTION_EVERY_MS);
      retention.unref?.();
    },
    stop() {
      stopped = true;
      if (retention) clearInterval(retention);
      if (announcer) clearTimeout(announcer);
      // Tailers finish the chunk they are on; the store closes once they have.
      void Promise.all(tailers.map((t) => t.stop())).finally(() => store.close());
    },
    async caughtUp() {
      for (const t of tailers) await t.scanNow();
    },
  };
}
