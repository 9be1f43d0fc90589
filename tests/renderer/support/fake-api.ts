// A MonitorApi whose answers the test scripts, for rendering views without a core.
import { act } from 'react';
import type { MonitorApi, MonitorEvent } from '../../../src-main/shared/api';

export const MACHINE = { os: 'Debian GNU/Linux 12', kernel: '6.1.0', cpuModel: 'Test CPU', cores: 2, totalMemoryBytes: 8 * 1024 ** 3, hostname: 'box' };

export function scriptedApi(overrides: Partial<MonitorApi> = {}) {
  const listeners = new Set<(e: MonitorEvent) => void>();
  const queries: unknown[] = [];
  const api: MonitorApi = {
    getInfo: async () => ({ version: '0.1.0', hostname: 'box', platform: 'linux', startedAt: 0, liveWindowMs: 900_000, notices: [], history: null, machine: MACHINE }),
    listSeries: async () => [],
    findSeries: async () => [],
    getCollectorStatus: async () => [],
    queryRange: async (q) => {
      queries.push(q);
      return { series: q.series, t: [q.to - 2000, q.to - 1000], values: q.series.map(() => [0.1, 0.2]) };
    },
    queryExpr: async (q) => ({ series: [], t: [q.from, q.to], values: [] }),
    listMetrics: async () => [],
    getTargets: async () => [],
    getDashboard: async () => [],
    getProcesses: async () => [],
    getRestarts: async () => [],
    listPins: async () => [],
    addPin: async (p) => ({ ...p, id: 'x', createdAt: 0 }),
    removePin: async () => {},
    getStatus: async () => ({ state: 'healthy', reason: '', since: 0 }),
    previewBundle: async () => ({ files: [], omitted: [] }),
    createBundle: async () => ({ file: '/tmp/b.zip', name: 'b.zip', bytes: 1, files: [], omitted: [], redactionTotals: {}, mappingFile: null }),
    getExport: async () => ({ enabled: false, url: null, relay: false, tokenRequired: false, error: null, scrapes: 0, lastScrapeAt: null, lastRenderMs: null }),
    setExport: async ({ enabled }) => ({ enabled, url: enabled ? 'http://127.0.0.1:9464/metrics' : null, relay: false, tokenRequired: false, error: null, scrapes: 0, lastScrapeAt: null, lastRenderMs: null }),
    setPaused: async ({ paused }) => ({ state: paused ? 'paused' : 'healthy', reason: '', since: 0 }),
    getLogSources: async () => [],
    queryLogs: async () => ({ lines: [], more: false }),
    logHistogram: async (q) => ({ t: [q.from], bucketMs: q.to - q.from + 1, counts: {} }),
    subscribe(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    ...overrides,
  };
  return {
    api,
    queries,
    listeners,
    emit: (e: MonitorEvent) =>
      act(() => {
        for (const l of listeners) l(e);
      }),
  };
}

export const flush = () => act(async () => {});
