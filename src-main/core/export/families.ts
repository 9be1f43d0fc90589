// What the exporter exposes, gathered when Prometheus scrapes (prom-client's collect model):
// the newest value of every series the monitor measures itself, per-target scrape health under
// our own prefix, and, when relaying, each target's own series with a `source` label.
import type { MetricType } from '../scrape/exposition';

export type ExportType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';

export interface ExportValue {
  /** The sample's own name when it differs from the family's (_bucket, _sum, _total, ...). */
  metricName?: string;
  labels: Record<string, string>;
  value: number;
}

export interface ExportFamily {
  name: string;
  help: string;
  type: ExportType;
  values: ExportValue[];
}

export interface LatestSample {
  name: string;
  labels: Record<string, string>;
  collector: string;
  v: number;
}

export interface FamilySource {
  /** Newest samples of all live series. */
  latest(): Iterable<LatestSample>;
  /** Help text of the monitor's own series, by metric name. */
  help(name: string): string | undefined;
  /** Scrape collector name -> target name, for every configured target. */
  targets: ReadonlyMap<string, string>;
  /** A target's family metadata (type, help) by sample name, when known. */
  familyOf(target: string, sampleName: string): { name: string; type: MetricType; help: string | null } | undefined;
  relay: boolean;
}

/** Our names for the health series every scrape records, so they never clash with Prometheus's own `up`. */
const TARGET_HEALTH: Record<string, { name: string; help: string; type: ExportType }> = {
  up: { name: 'assistant_monitor_target_up', help: '1 if the last scrape of the target succeeded', type: 'gauge' },
  scrape_duration_seconds: { name: 'assistant_monitor_target_scrape_duration_seconds', help: 'Duration of the last scrape of the target', type: 'gauge' },
  scrape_samples_scraped: { name: 'assistant_monitor_target_scrape_samples', help: 'Samples in the last scrape of the target', type: 'gauge' },
  scrape_series_dropped_total: { name: 'assistant_monitor_target_series_dropped_total', help: 'Series dropped from the target to stay under the series cap', type: 'counter' },
};

const TYPE: Partial<Record<MetricType, ExportType>> = { counter: 'counter', gauge: 'gauge', histogram: 'histogram', summary: 'summary' };

/** The families to render, keyed by family name. */
export function collectFamilies(source: FamilySource): Map<string, ExportFamily> {
  const families = new Map<string, ExportFamily>();
  const family = (name: string, help: string, type: ExportType) => {
    let f = families.get(name);
    if (!f) families.set(name, (f = { name, help, type, values: [] }));
    return f;
  };
  for (const s of source.latest()) {
    const { __name__: _n, ...labels } = s.labels;
    const target = source.targets.get(s.collector);
    if (target === undefined) {
      const help = source.help(s.name) ?? s.name.replace(/_/g, ' ');
      family(s.name, help, s.name.endsWith('_total') ? 'counter' : 'gauge').values.push({ labels, value: s.v });
      continue;
    }
    const health = TARGET_HEALTH[s.name];
    if (health) {
      family(health.name, health.help, health.type).values.push({ labels, value: s.v });
      continue;
    }
    if (!source.relay) continue;
    // A relayed series says where it came from; the target's own `target` label was kept as exported_target.
    const { target: _t, ...rest } = labels;
    const relayed = { ...rest, source: target };
    const meta = source.familyOf(target, s.name);
    const type = meta ? (TYPE[meta.type] ?? 'untyped') : 'untyped';
    // Histograms and summaries keep their family name over _bucket/_sum/_count; any other sample
    // is its own family, as the 0.0.4 text format wants (a counter sample named like its TYPE line).
    const name = meta && (type === 'histogram' || type === 'summary') ? meta.name : s.name;
    family(name, meta?.help ?? `${s.name} relayed from ${target}`, type).values.push({ metricName: s.name === name ? undefined : s.name, labels: relayed, value: s.v });
  }
  return families;
}
