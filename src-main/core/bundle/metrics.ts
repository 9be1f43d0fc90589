// The metrics part of the bundle: the last 15 minutes at full resolution from the live window,
// and the last 24 hours at one-minute steps from the history database, as long-format CSV
// (time, series, value), which every tool reads and any number of series fits.
import type { HistoryStore } from '../history/history-store';
import type { LiveStore } from '../live-store';
import { csv, type BundleSection } from './section';

const MINUTE = 60_000;

export function liveCsvSection(live: LiveStore, windowMs: number): BundleSection {
  return {
    path: 'metrics/last-15m.csv',
    description: 'Every series of the last 15 minutes at full resolution',
    source: 'live store',
    produce() {
      const to = Date.now();
      const rows: (string | number)[][] = [];
      for (const s of live.describe()) {
        const r = live.query({ series: [s.id], from: to - windowMs, to });
        r.t.forEach((t, i) => rows.push([new Date(t).toISOString(), s.id, r.values[0]![i]!]));
      }
      rows.sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : 0));
      return { text: csv(['time', 'series', 'value'], rows) };
    },
  };
}

export function historyCsvSection(history: () => HistoryStore | null): BundleSection {
  return {
    path: 'metrics/last-24h-1m.csv',
    description: 'Every stored series over the last 24 hours, one point a minute (min and max of each minute kept)',
    source: 'history database',
    produce() {
      const store = history();
      if (!store) return { text: csv(['time', 'series', 'value'], []) };
      const to = Date.now();
      const from = to - 24 * 60 * MINUTE;
      const keys = store.seriesNamed(null).map((s) => s.key);
      const rows: (string | number)[][] = [];
      for (let i = 0; i < keys.length; i += 64) {
        const batch = keys.slice(i, i + 64);
        const r = store.query(batch, from, to, 2 * 24 * 60);
        r.series.forEach((id, j) => r.t.forEach((t, k) => r.values[j]![k] !== null && rows.push([new Date(t).toISOString(), id, r.values[j]![k]!])));
      }
      return { text: csv(['time', 'series', 'value'], rows) };
    },
  };
}
