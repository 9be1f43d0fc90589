// Feeds live windows from the sample stream, tracks the latest value of every streamed series,
// and refills history on start and after a reconnect.
import { useEffect, useState } from 'react';
import type { MonitorApi } from '../../../src-main/shared/api';
import type { LiveWindow } from './live-window';

export function useLiveSeries(api: MonitorApi, windows: LiveWindow[]): Record<string, number> {
  const [latest, setLatest] = useState<Record<string, number>>({});

  useEffect(() => {
    let active = true;
    const loadHistory = () => {
      const to = Date.now();
      for (const w of windows) {
        api
          .queryRange({ series: [...w.series], from: to - w.windowMs, to })
          .then((r) => active && w.merge(r))
          .catch(() => {});
      }
    };
    const unsubscribe = api.subscribe((event) => {
      if (event.type === 'connection') {
        if (event.connected) loadHistory();
        return;
      }
      if (event.type !== 'samples') return;
      for (const w of windows) w.add(event.batch);
      setLatest((s) => ({ ...s, ...event.batch.values }));
    });
    loadHistory();
    return () => {
      active = false;
      unsubscribe();
    };
  }, [api, windows]);

  return latest;
}
