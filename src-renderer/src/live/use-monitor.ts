// One subscription per app: feeds live windows, tracks the latest value of every series and the
// connection state, and refills history after a reconnect.
import { useEffect, useState } from 'react';
import type { MonitorApi, MonitorInfo } from '../../../src-main/shared/api';
import type { LiveWindow } from './live-window';

export interface MonitorState {
  info: MonitorInfo | null;
  connected: boolean;
  lostReason: string | null;
  latest: Record<string, number>;
}

export function useMonitor(api: MonitorApi, windows: LiveWindow[]): MonitorState {
  const [state, setState] = useState<MonitorState>({ info: null, connected: true, lostReason: null, latest: {} });

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
      api
        .getInfo()
        .then((info) => active && setState((s) => ({ ...s, info })))
        .catch(() => {});
    };
    const unsubscribe = api.subscribe((event) => {
      if (event.type === 'connection') {
        setState((s) => ({ ...s, connected: event.connected, lostReason: event.connected ? null : (event.reason ?? null) }));
        if (event.connected) loadHistory();
        return;
      }
      if (event.type !== 'samples') return;
      for (const w of windows) w.add(event.batch);
      setState((s) => ({ ...s, connected: true, lostReason: null, latest: { ...s.latest, ...event.batch.values } }));
    });
    loadHistory();
    return () => {
      active = false;
      unsubscribe();
    };
  }, [api, windows]);

  return state;
}
