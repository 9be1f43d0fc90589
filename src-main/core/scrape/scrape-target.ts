// Scrapes one Prometheus/OpenMetrics endpoint as a collector. Failures of the target never throw:
// they become `up` = 0 with the reason on the target's status, like Prometheus.
import type { TargetStatus } from '../../shared/api';
import { formatSeriesId } from '../../shared/series-id';
import { seriesOf, type Collector } from '../collector';
import { decodeExposition, ExpositionError, parseExposition, parseLabels, type ExpositionFormat, type MetricType } from './exposition';

export interface ScrapeTargetConfig {
  name: string;
  url: string;
  intervalMs: number;
  timeoutMs: number;
  bearerToken?: string;
  basicAuth?: { username: string; password: string };
  headers?: Record<string, string>;
}

export interface FamilyInfo {
  name: string;
  type: MetricType;
  help: string | null;
  unit: string | null;
}

/** What a sample's name may add to its family's (histograms, summaries, OpenMetrics counters, info). */
const SAMPLE_SUFFIXES = ['', '_total', '_bucket', '_sum', '_count', '_created', '_info'];

/** Finds the family a sample belongs to: its exact name first, then its name without a known suffix. */
export function familyIndex(families: Iterable<FamilyInfo>): (sampleName: string) => FamilyInfo | undefined {
  const byName = new Map<string, FamilyInfo>();
  for (const f of families) byName.set(f.name, f);
  return (sampleName) => {
    for (const suffix of SAMPLE_SUFFIXES) {
      if (!sampleName.endsWith(suffix)) continue;
      const f = byName.get(sampleName.slice(0, sampleName.length - suffix.length));
      if (f) return f;
    }
    return undefined;
  };
}

export const MAX_BODY_BYTES = 10 * 1024 * 1024;
export const MAX_SERIES_PER_TARGET = 20_000;

// What Prometheus 2.42 asks for: OpenMetrics first, then the text format.
const ACCEPT = 'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';

export interface ScrapeCollector extends Collector {
  status(): TargetStatus;
  families(): FamilyInfo[];
}

class ScrapeFailure extends Error {}

export function formatFromContentType(contentType: string | null): ExpositionFormat {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/openmetrics-text') return 'openmetrics';
  if (type === '' || type === 'text/plain') return 'text';
  throw new ScrapeFailure(`unexpected content type ${JSON.stringify(contentType)} (expected text/plain or application/openmetrics-text)`);
}

async function readLimited(res: Response, limit: number): Promise<Uint8Array> {
  if (!res.body) return new Uint8Array();
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new ScrapeFailure(`body larger than ${limit / 1024 / 1024} MiB (after decompression); scrape refused`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

export function createScrapeCollector(cfg: ScrapeTargetConfig, limits = { maxBodyBytes: MAX_BODY_BYTES, maxSeries: MAX_SERIES_PER_TARGET }): ScrapeCollector {
  const targetLabels = { target: cfg.name };
  const s = seriesOf(`scrape:${cfg.name}`);
  const upId = formatSeriesId('up', targetLabels);
  const durationId = formatSeriesId('scrape_duration_seconds', targetLabels);
  const samplesId = formatSeriesId('scrape_samples_scraped', targetLabels);
  const droppedId = formatSeriesId('scrape_series_dropped_total', targetLabels);

  const headers: Record<string, string> = { Accept: ACCEPT, 'User-Agent': 'assistant-monitor', ...cfg.headers };
  if (cfg.bearerToken) headers.Authorization = `Bearer ${cfg.bearerToken}`;
  else if (cfg.basicAuth) headers.Authorization = `Basic ${Buffer.from(`${cfg.basicAuth.username}:${cfg.basicAuth.password}`).toString('base64')}`;

  // Raw exposition key (name + label text) -> canonical series id. Labels are parsed only the
  // first time a series is seen; the cache keeps only series seen in the last scrape.
  let idCache = new Map<string, string>();
  let previousIds = new Set<string>();
  let pendingStale: string[] = [];
  const withStale = (values: Record<string, number>, stale: string[]) => {
    pendingStale = stale;
    return values;
  };
  const families = new Map<string, FamilyInfo>();
  const status: TargetStatus = {
    name: cfg.name,
    url: cfg.url,
    up: null,
    lastScrapeAt: null,
    lastDurationMs: null,
    lastError: null,
    format: null,
    samples: 0,
    seriesDroppedTotal: 0,
  };

  const canonicalId = (name: string, raw: string): string => {
    const labels = raw === '' ? {} : parseLabels(raw);
    // The monitor's own `target` label wins; a target's label of that name is kept as exported_target.
    if ('target' in labels) labels.exported_target = labels.target!;
    labels.target = cfg.name;
    return formatSeriesId(name, labels);
  };

  async function fetchExposition(): Promise<{ body: Uint8Array; format: ExpositionFormat }> {
    let res: Response;
    try {
      res = await fetch(cfg.url, { headers, redirect: 'manual', signal: AbortSignal.timeout(cfg.timeoutMs) });
    } catch (err) {
      const e = err as Error & { cause?: { code?: string; message?: string } };
      if (e.name === 'TimeoutError' || e.name === 'AbortError') throw new ScrapeFailure(`no answer within ${cfg.timeoutMs} ms (timeout)`);
      // fetch refuses ports browsers block (e.g. 6000, 6667) before connecting.
      if (e.cause?.message === 'bad port') throw new ScrapeFailure(`cannot connect: port ${new URL(cfg.url).port} is one that fetch refuses to use (a blocked port); move the target to another port`);
      throw new ScrapeFailure(`cannot connect: ${e.cause?.code ?? e.cause?.message ?? e.message}`);
    }
    if (res.status >= 300 && res.status < 400) {
      await res.body?.cancel();
      throw new ScrapeFailure(`redirected (${res.status}) to ${res.headers.get('location') ?? '?'}; configure the final URL`);
    }
    if (!res.ok) {
      await res.body?.cancel();
      throw new ScrapeFailure(`HTTP ${res.status} ${res.statusText}`.trim());
    }
    let format: ExpositionFormat;
    try {
      format = formatFromContentType(res.headers.get('content-type'));
    } catch (err) {
      await res.body?.cancel();
      throw err;
    }
    try {
      return { body: await readLimited(res, limits.maxBodyBytes), format };
    } catch (err) {
      if (err instanceof ScrapeFailure) throw err;
      throw new ScrapeFailure(`reading the body failed: ${(err as Error).message}`);
    }
  }

  async function sample(): Promise<Record<string, number>> {
    const started = performance.now();
    const values: Record<string, number> = {};
    const seen = new Set<string>();
    const nextCache = new Map<string, string>();
    let dropped = 0;
    let failure: string | null = null;
    try {
      const { body, format } = await fetchExposition();
      const text = decodeExposition(body);
      status.format = format;
      const scrapeFamilies = new Map<string, FamilyInfo>();
      parseExposition(text, format, {
        family(name, type, help, unit) {
          scrapeFamilies.set(name, { name, type, help, unit });
        },
        sample(name, raw, value, _ts, key) {
          let id = idCache.get(key) ?? nextCache.get(key);
          if (id === undefined) id = canonicalId(name, raw);
          if (!seen.has(id)) {
            if (seen.size >= limits.maxSeries) {
              dropped++;
              return;
            }
            seen.add(id);
          }
          nextCache.set(key, id);
          values[id] = value;
        },
      });
      families.clear();
      for (const [k, v] of scrapeFamilies) families.set(k, v);
    } catch (err) {
      failure = err instanceof ExpositionError ? `malformed exposition at ${err.message}` : (err as Error).message;
    }

    const durationS = (performance.now() - started) / 1000;
    status.lastScrapeAt = Date.now();
    status.lastDurationMs = durationS * 1000;
    status.seriesDroppedTotal += dropped;
    if (failure !== null) {
      status.up = false;
      status.lastError = failure;
      status.samples = 0;
      // Everything this target exposed goes stale, as in Prometheus; stored samples stay.
      const stale = [...previousIds];
      previousIds = new Set();
      idCache = new Map();
      return withStale({ [upId]: 0, [durationId]: durationS, [samplesId]: 0, [droppedId]: status.seriesDroppedTotal }, stale);
    }
    status.up = true;
    status.lastError = dropped > 0 ? `${dropped} series over the limit of ${limits.maxSeries} were dropped` : null;
    status.samples = seen.size;
    const stale = [...previousIds].filter((id) => !seen.has(id));
    previousIds = seen;
    idCache = nextCache;
    values[upId] = 1;
    values[durationId] = durationS;
    values[samplesId] = seen.size;
    values[droppedId] = status.seriesDroppedTotal;
    return withStale(values, stale);
  }

  return {
    name: `scrape:${cfg.name}`,
    intervalMs: cfg.intervalMs,
    // The fetch has its own timeout; the hub's is a backstop for a stuck parse.
    timeoutMs: cfg.timeoutMs + 1000,
    streamValues: false,
    series: () => [
      s(upId, `1 when the last scrape of ${cfg.name} succeeded`, 'count'),
      s(durationId, `Duration of the last scrape of ${cfg.name}`, 'seconds'),
      s(samplesId, `Samples in the last scrape of ${cfg.name}`, 'count'),
      s(droppedId, `Series dropped over the per-target limit`, 'count'),
    ],
    sample,
    takeStale() {
      const s = pendingStale;
      pendingStale = [];
      return s;
    },
    status: () => ({ ...status }),
    families: () => [...families.values()],
  };
}
