// Whether the core is reachable, and what it says about itself (version, notices).
import { useEffect, useState } from 'react';
import type { MonitorApi, MonitorInfo } from '../../../src-main/shared/api';

export interface ConnectionState {
  info: MonitorInfo | null;
  connected: boolean;
  lostReason: string | null;
}

export function useConnection(api: MonitorApi): ConnectionState {
  const [state, setState] = useState<ConnectionState>({ info: null, connected: true, lostReason: null });
  useEffect(() => {
    let active = true;
    const load = () =>
      api
        .getInfo()
        .then((info) => active && setState((s) => ({ ...s, info })))
        .catch(() => {});
    const unsubscribe = api.subscribe((event) => {
      if (event.type !== 'connection') return;
      setState((s) => ({ ...s, connected: event.connected, lostReason: event.connected ? null : (event.reason ?? null) }));
      if (event.connected) void load();
    });
    void load();
    return () => {
      active = false;
      unsubscribe();
    };
  }, [api]);
  return state;
}
