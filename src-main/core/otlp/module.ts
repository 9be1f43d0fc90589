// The `otlp` module: the OTLP/HTTP receiver and the span store behind it. A port in use is a
// notice naming it; the rest of the monitor runs.
import { join } from 'node:path';
import { seriesOf } from '../collector';
import type { CoreModule, ModuleContext } from '../module';
import { createReceiver, type Receiver } from './receiver';
import { spanMetricsCollector } from './span-metrics';
import { SpanStore } from './span-store';

const RETENTION_MS = 7 * 24 * 3_600_000;
const EXPIRE_EVERY_MS = 60_000;
const SPAN_METRICS_EVERY_MS = 10_000;

export interface OtlpModule extends CoreModule {
  /** The bound port once listening (tests bind port 0). */
  ready: Promise<number | null>;
}

export function otlpModule(ctx: ModuleContext, now: () => number = Date.now): OtlpModule {
  const config = ctx.config.otlp;
  let problem: string | null = null;
  let store: SpanStore | null = null;
  try {
    store = SpanStore.open(ctx.dataDir ? join(ctx.dataDir, 'traces.db') : ':memory:', RETENTION_MS);
  } catch (e) {
    problem = `trace store: ${(e as Error).message}; received spans are counted but not kept`;
  }
  const spanMetrics = spanMetricsCollector(SPAN_METRICS_EVERY_MS);
  const receiver: Receiver | null = config.enabled
    ? createReceiver(config, (spans) => {
        spanMetrics.record(spans);
        store?.write(spans);
      })
    : null;
  let ready: Promise<number | null> = Promise.resolve(null);
  let timer: ReturnType<typeof setInterval> | null = null;

  const s = seriesOf('self');
  return {
    name: 'otlp',
    collectors: [spanMetrics],
    get ready() {
      return ready;
    },
    notices: () => (problem ? [problem] : []),
    selfMetrics: {
      series: [
        s('assistant_monitor_otlp_spans_accepted_total', 'Spans received over OTLP and stored', 'count'),
        s('assistant_monitor_otlp_spans_rejected_total', 'Spans dropped as invalid (reported back as partial_success)', 'count'),
        s('assistant_monitor_otlp_requests_refused_total', 'OTLP requests answered with an error status', 'count'),
        s('assistant_monitor_otlp_spans_stored', 'Spans in the trace store', 'count'),
        s('assistant_monitor_otlp_spans_expired_total', 'Spans dropped because they were older than the retention', 'count'),
      ],
      collect: () => ({
        assistant_monitor_otlp_spans_accepted_total: receiver?.counters.acceptedSpans ?? 0,
        assistant_monitor_otlp_spans_rejected_total: receiver?.counters.rejectedSpans ?? 0,
        assistant_monitor_otlp_requests_refused_total: receiver?.counters.refusedRequests ?? 0,
        assistant_monitor_otlp_spans_stored: store?.count() ?? 0,
        assistant_monitor_otlp_spans_expired_total: store?.expired ?? 0,
      }),
    },
    start() {
      if (!receiver) return;
      ready = receiver.listen().catch((e: Error) => {
        problem = e.message;
        return null;
      });
      timer = setInterval(() => store?.expire(now()), EXPIRE_EVERY_MS);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      void receiver?.close();
      store?.close();
    },
  };
}
