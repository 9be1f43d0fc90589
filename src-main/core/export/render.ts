// The families as Prometheus text (0.0.4), through a prom-client Registry of our own: each family
// is a metric whose values are read at collect time, never kept up to date by timers.
import { Registry } from 'prom-client';
import type { ExportFamily } from './families';

export const CONTENT_TYPE = Registry.PROMETHEUS_CONTENT_TYPE;

export async function renderFamilies(families: Iterable<ExportFamily>): Promise<string> {
  const registry = new Registry();
  for (const f of families) {
    // prom-client calls get() when it renders: the values gathered at this scrape.
    registry.registerMetric({ name: f.name, help: f.help, type: f.type, get: () => f, reset() {} } as never);
  }
  return registry.metrics();
}
