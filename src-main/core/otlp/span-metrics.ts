// RED series derived from received spans, per service and span name, as a collector so they go
// through the hub like any other batch and charts, history and PromQL see them. Cumulative, like
// Prometheus counters, so rate() and histogram_quantile() work on them.
import type { SeriesInfo } from '../../shared/api';
import { formatSeriesId } from '../../shared/series-id';
import type { Collector } from '../collector';
import type { Span } from './decode-json';

/** Bucket bounds of the duration histogram, seconds. */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Distinct service/name pairs kept; more are counted as name "_other" so memory stays bounded. */
export const MAX_OPERATIONS = 500;
const STATUS = ['unset', 'ok', 'error'];

interface Operation {
  service: string;
  name: string;
  calls: number[];
  /** Cumulative per bucket, then +Inf. */
  buckets: number[];
  sumS: number;
}

export function spanMetricsCollector(intervalMs: number): Collector & { record(spans: Span[]): void } {
  const ops = new Map<string, Operation>();
  const opFor = (service: string, name: string): Operation => {
    let key = `${service}\u0000${name}`;
    if (!ops.has(key) && ops.size >= MAX_OPERATIONS) key = `${service}\u0000_other`;
    let op = ops.get(key);
    if (!op) {
      op = { service, name: key.split('\u0000')[1]!, calls: [0, 0, 0], buckets: new Array<number>(BUCKETS.length + 1).fill(0), sumS: 0 };
      ops.set(key, op);
    }
    return op;
  };

  const seriesOfOp = (op: Operation): SeriesInfo[] => {
    const l = { service: op.service, name: op.name };
    const info = (id: string, help: string, unit: SeriesInfo['unit']): SeriesInfo => ({ id, help, unit, collector: 'spans' });
    return [
      ...STATUS.map((status) => info(formatSeriesId('assistant_monitor_span_calls_total', { ...l, status }), 'Spans received, by service, span name and status', 'count')),
      ...[...BUCKETS.map(String), '+Inf'].map((le) => info(formatSeriesId('assistant_monitor_span_duration_seconds_bucket', { ...l, le }), 'Spans received no longer than le seconds', 'count')),
      info(formatSeriesId('assistant_monitor_span_duration_seconds_sum', l), 'Total duration of spans received', 'seconds'),
    ];
  };

  return {
    name: 'spans',
    intervalMs,
    timeoutMs: intervalMs,
    streamValues: false,
    record(spans) {
      for (const s of spans) {
        const op = opFor(s.service, s.name);
        op.calls[s.statusCode === 1 || s.statusCode === 2 ? s.statusCode : 0]!++;
        const seconds = Number(s.endNs - s.startNs) / 1e9;
        op.sumS += seconds;
        BUCKETS.forEach((b, i) => {
          if (seconds <= b) op.buckets[i]!++;
        });
        op.buckets[BUCKETS.length]!++;
      }
    },
    series: () => [...ops.values()].flatMap(seriesOfOp),
    sample() {
      const out: Record<string, number> = {};
      for (const op of ops.values()) {
        const l = { service: op.service, name: op.name };
        STATUS.forEach((status, i) => (out[formatSeriesId('assistant_monitor_span_calls_total', { ...l, status })] = op.calls[i]!));
        [...BUCKETS.map(String), '+Inf'].forEach((le, i) => (out[formatSeriesId('assistant_monitor_span_duration_seconds_bucket', { ...l, le })] = op.buckets[i]!));
        out[formatSeriesId('assistant_monitor_span_duration_seconds_sum', l)] = op.sumS;
      }
      return out;
    },
  };
}
