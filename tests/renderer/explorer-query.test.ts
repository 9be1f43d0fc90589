import { describe, expect, it } from 'vitest';
import type { MetricInfo } from '../../src-main/shared/api';
import { buildQuery, modesFor, unitFor } from '../../src-renderer/src/views/explorer-query';

const metric = (name: string, type: string): MetricInfo => ({ name, type, help: null, unit: null, targets: ['a'], labels: {}, series: 1 });
const choice = (m: MetricInfo, extra = {}) => ({ metric: m, filters: {}, mode: 'raw' as const, quantile: 0.95, window: '5m', by: null, ...extra });

describe('explorer queries', () => {
  it('offers quantiles first for histograms, rates first for counters', () => {
    expect(modesFor(metric('http_request_duration_seconds_bucket', 'histogram'))).toEqual(['quantile', 'rate', 'raw']);
    expect(modesFor(metric('http_requests_total', 'counter'))).toEqual(['rate', 'raw']);
    expect(modesFor(metric('queue_depth', 'gauge'))).toEqual(['raw', 'rate']);
  });

  it('writes readable PromQL with escaped label filters', () => {
    const m = metric('http_requests_total', 'counter');
    expect(buildQuery(choice(m, { filters: { status: '500', path: '/a"b' } }))).toBe('http_requests_total{path="/a\\"b",status="500"}');
    expect(buildQuery(choice(m, { mode: 'rate' }))).toBe('sum(rate(http_requests_total[5m]))');
    expect(buildQuery(choice(m, { mode: 'rate', by: 'status', window: '1m' }))).toBe('sum by (status) (rate(http_requests_total[1m]))');
  });

  it('builds histogram_quantile from any series of the histogram family', () => {
    const m = metric('voice_processing_duration_seconds_count', 'histogram');
    expect(buildQuery(choice(m, { mode: 'quantile', quantile: 0.99, filters: { le: '1', target: 'a' } }))).toBe(
      'histogram_quantile(0.99, sum by (le) (rate(voice_processing_duration_seconds_bucket{target="a"}[5m])))',
    );
    expect(unitFor(choice(m, { mode: 'quantile' }))).toBe('seconds');
  });

  it('picks the unit from Prometheus naming conventions', () => {
    expect(unitFor(choice(metric('memory_usage_bytes', 'gauge')))).toBe('bytes');
    expect(unitFor(choice(metric('cpu_usage_ratio', 'gauge')))).toBe('ratio');
    expect(unitFor(choice(metric('http_requests_total', 'counter'), { mode: 'rate' }))).toBe('perSecond');
    expect(unitFor(choice(metric('active_connections', 'gauge')))).toBe('count');
  });
});
