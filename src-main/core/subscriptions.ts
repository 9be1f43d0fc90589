// Live subscribers (windows, browser tabs): they get the event stream minus what is too large to
// stream, and while none is connected the fast collectors slow to the idle interval.
import type { MonitorApi, MonitorEvent } from '../shared/api';
import type { CoreEvent, EventBus } from './events';
import type { Hub } from './hub';

/** What a subscriber sees of a core event; null for values too many to stream (scrapes). */
function toMonitorEvent(event: CoreEvent): MonitorEvent | null {
  if (event.type === 'samples') return event.live ? { type: 'samples', batch: event.batch } : null;
  return event;
}

export function createSubscribe(events: EventBus, hub: Hub, idleIntervalMs: number | null): MonitorApi['subscribe'] {
  let watching = 0;
  return (listener) => {
    watching++;
    if (watching === 1) hub.setIdleInterval(null);
    const stopListening = events.onAny((event) => {
      const out = toMonitorEvent(event);
      if (out) listener(out);
    });
    let stopped = false;
    return () => {
      if (stopped) return;
      stopped = true;
      stopListening();
      watching--;
      if (watching === 0 && idleIntervalMs) hub.setIdleInterval(idleIntervalMs);
    };
  };
}
