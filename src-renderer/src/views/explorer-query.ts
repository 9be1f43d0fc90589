// Builds the PromQL the explorer shows from the user's choices, so what is charted can be read,
// edited and copied into Grafana or an alert rule.
import type { MetricInfo, PanelUnit } from '../../../src-main/shared/api';

export type ExplorerMode = 'raw' | 'rate' | 'quantile';

export interface ExplorerChoice {
  metric: MetricInfo;
  /** label -> value; absent means any value. */
  filters: Record<string, string>;
  mode: ExplorerMode;
  quantile: number;
  window: string;
  /** Label to split the result by; null sums everything into one line (rate, quantile). */
  by: string | null;
}

function quote(v: string): string {
  return `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function selector(name: string, filters: Record<string, string>): string {
  const m = Object.entries(filters)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${quote(v)}`);
  return m.length ? `${name}{${m.join(',')}}` : name;
}

/** The histogram family a bucket/sum/count series belongs to, if any. */
export function histogramBase(m: MetricInfo): string | null {
  if (m.type !== 'histogram') return null;
  return m.name.replace(/_(bucket|sum|count)$/, '');
}

export function modesFor(m: MetricInfo): ExplorerMode[] {
  if (histogramBase(m)) return ['quantile', 'rate', 'raw'];
  if (m.type === 'counter' || m.name.endsWith('_total')) return ['rate', 'raw'];
  return ['raw', 'rate'];
}

export function buildQuery(c: ExplorerChoice): string {
  const { metric, filters, mode, window, by } = c;
  if (mode === 'raw') return selector(metric.name, filters);
  if (mode === 'rate') {
    const inner = `rate(${selector(metric.name, filters)}[${window}])`;
    return by ? `sum by (${by}) (${inner})` : `sum(${inner})`;
  }
  const base = histogramBase(metric) ?? metric.name;
  const { le: _le, ...rest } = filters;
  const group = by ? `le, ${by}` : 'le';
  return `histogram_quantile(${c.quantile}, sum by (${group}) (rate(${selector(`${base}_bucket`, rest)}[${window}])))`;
}

/** The unit a chart of this query is in, from the mode and Prometheus naming conventions. */
export function unitFor(c: ExplorerChoice): PanelUnit {
  const name = histogramBase(c.metric) ?? c.metric.name;
  if (c.mode === 'quantile') return name.endsWith('_seconds') ? 'seconds' : name.endsWith('_bytes') ? 'bytes' : 'count';
  if (c.mode === 'rate') return 'perSecond';
  if (name.endsWith('_seconds')) return 'seconds';
  if (name.endsWith('_bytes')) return 'bytes';
  if (name.endsWith('_ratio')) return 'ratio';
  return 'count';
}
