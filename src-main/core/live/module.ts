// The live window: recent samples of every series in memory (the LiveStore), fed from the event
// stream. Series unseen for the whole window are forgotten, so label churn cannot grow memory
// without bound.
import { seriesOf } from '../collector';
import type { EventBus } from '../events';
import { streamTotals } from '../http/sse';
import type { Hub } from '../hub';
import { LiveStore } from '../live-store';
import { liveCsvSection } from '../bundle/metrics';
import type { CoreModule } from '../module';

export function liveModule(hub: Hub, events: EventBus, windowMs: number): CoreModule & { store: LiveStore } {
  // Every ring reaches back the same time: its length follows its collector's interval.
  const store = new LiveStore((collector) => Math.ceil(windowMs / hub.intervalOf(collector)) + 1);
  const stopFeeding = events.on('samples', (e) => store.add(e.batch));
  let sweeper: ReturnType<typeof setInterval> | null = null;
  const s = seriesOf('self');
  return {
    name: 'live',
    store,
    bundle: () => [liveCsvSection(store, windowMs)],
    selfMetrics: {
      series: [
        s('assistant_monitor_live_series', 'Series held in the in-memory window', 'count'),
        s('assistant_monitor_out_of_order_samples_total', 'Samples refused because they were not newer than the series’ latest', 'count'),
        s('assistant_monitor_event_listener_errors_total', 'Event listeners inside the monitor that threw (a bug; the event still reached the others)', 'count'),
        s('assistant_monitor_stream_slow_clients_dropped_total', 'Browser event streams cut off because they did not keep up', 'count'),
      ],
      collect: () => ({
        assistant_monitor_live_series: store.seriesCount,
        assistant_monitor_out_of_order_samples_total: store.outOfOrder,
        assistant_monitor_event_listener_errors_total: events.listenerErrors,
        assistant_monitor_stream_slow_clients_dropped_total: streamTotals.droppedSlowClients,
      }),
    },
    start() {
      sweeper = setInterval(() => store.forgetOlderThan(Date.now() - windowMs), 60_000);
      sweeper.unref();
    },
    stop() {
      if (sweeper) clearInterval(sweeper);
      stopFeeding();
    },
  };
}
