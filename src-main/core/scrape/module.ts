// Prometheus endpoints: one scrape collector per target, their status, the catalog of what they
// expose, and the preset panels. Each finished scrape goes out as a `scraped` event (the values
// themselves are too many to stream).
import type { MetricInfo, TargetStatus } from '../../shared/api';
import type { LiveStore } from '../live-store';
import { jsonSection } from '../bundle/section';
import type { CoreModule, ModuleContext } from '../module';
import { panelsFor } from './presets';
import { createScrapeCollector, familyIndex, type FamilyInfo } from './scrape-target';

const MAX_LABEL_VALUES = 200;

export interface ScrapeModule extends CoreModule {
  targets(): TargetStatus[];
  /** Each target's collector name and the metric families it last exposed (for the exporter's relay). */
  sources(): { collector: string; target: string; families: FamilyInfo[] }[];
}

export function scrapeModule(ctx: ModuleContext): ScrapeModule {
  const targets = ctx.config.scrape.map((config) => ({ config, collector: createScrapeCollector(config) }));
  const byCollector = new Map(targets.map((t) => [t.collector.name, t]));
  const stopNotices = ctx.events.on('samples', ({ batch }) => {
    const target = byCollector.get(batch.collector);
    if (target) ctx.events.emit({ type: 'scraped', target: target.config.name, t: batch.t, up: target.collector.status().up === true });
  });

  const listMetrics = (): MetricInfo[] => {
    const byName = catalog(ctx.live);
    // Histogram and summary samples (_bucket, _sum, _count) take their family's type and help.
    const familyOf = familyIndex(targets.flatMap((t) => t.collector.families()));
    for (const m of byName.values()) {
      const f = familyOf(m.name);
      if (f) Object.assign(m, { type: f.type, help: f.help, unit: f.unit });
    }
    return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
  };

  const status = () => targets.map((t) => t.collector.status());
  return {
    name: 'scrape',
    targets: status,
    sources: () => targets.map((t) => ({ collector: t.collector.name, target: t.config.name, families: t.collector.families() })),
    collectors: targets.map((t) => t.collector),
    bundle: () => [jsonSection('assistant/targets.json', 'Scrape targets: state, last scrape, errors, series counts, metric families', 'scrape collectors', () => targets.map((t) => ({ ...t.collector.status(), families: t.collector.families().length })))],
    api: {
      listMetrics,
      getTargets: status,
      getDashboard: () => targets.flatMap((t) => panelsFor(t.config.preset, t.config.name)),
    },
    stop: stopNotices,
  };
}

/** Every live series grouped by metric name, with its targets and label values. */
function catalog(live: LiveStore): Map<string, MetricInfo> {
  const byName = new Map<string, MetricInfo>();
  for (const s of live.describe()) {
    let m = byName.get(s.name);
    if (!m) byName.set(s.name, (m = { name: s.name, type: 'untyped', help: null, unit: null, targets: [], labels: {}, series: 0 }));
    m.series++;
    if (s.labels.target && !m.targets.includes(s.labels.target)) m.targets.push(s.labels.target);
    for (const [k, v] of Object.entries(s.labels)) {
      const values = (m.labels[k] ??= []);
      if (!values.includes(v) && values.length < MAX_LABEL_VALUES) values.push(v);
    }
  }
  for (const m of byName.values()) for (const v of Object.values(m.labels)) v.sort();
  return byName;
}
