// Feeds live windows from the sample stream, tracks the latest value of every streamed series,
// and refills history on start and after a reconnect.
import { useEffect, useState } from 'react';
import type { MonitorApi } from '../../../src-main/shared/api';
import type { LiveWindow } from './live-window';
import { bounds, STREAMED_SPAN_MS, type TimeRange } from './time-range';

/** Points asked for when a range is re-queried rather than streamed (about a chart's width). */
const QUERY_POINTS = 1200;
const LONG_REFRESH_MS = 30_000;

/**
 * Fills the windows for the range: a live span up to an hour is loaded once and then fed sample
 * by sample; longer or fixed spans are queried (the core picks raw, 1-minute or 1-hour data) and
 * long live ones re-queried every 30 s. The latest value of every streamed series is returned
 * whatever the range.
 */
export function useLiveSeries(api: MonitorApi, windows: LiveWindow[], range: TimeRange = { kind: 'live', spanMs: 5 * 60_000 }): Record<string, number> {
  const [latest, setLatest] = useState<Record<string, number>>({});
  const streamed = range.kind === 'live' && range.spanMs <= STREAMED_SPAN_MS;

  useEffect(() => {
    let active = true;
    const loadHistory = () => {
      const { from, to } = bounds(range);
      for (const w of windows) {
        api
          .queryRange({ series: [...w.series], from, to, maxPoints: streamed ? 4000 : QUERY_POINTS })
          .then((r) => {
            if (!active) return;
            if (streamed) w.merge(r);
            else w.replace(r);
          })
          .catch(() => {});
      }
    };
    const refresh = range.kind === 'live' && !streamed ? setInterval(loadHistory, LONG_REFRESH_MS) : null;
    const unsubscribe = api.subscribe((event) => {
      if (event.type === 'connection') {
        if (event.connected) loadHistory();
        return;
      }
      if (event.type !== 'samples') return;
      if (streamed) for (const w of windows) w.add(event.batch);
      setLatest((s) => ({ ...s, ...event.batch.values }));
    });
    loadHistory();
    return () => {
      active = false;
      if (refresh) clearInterval(refresh);
      unsubscribe();
    };
    // windows are re-made whenever the range changes
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, windows]);

  return latest;
}
