// The history store's own numbers, as self metrics: what was dropped is visible, not just counted.
import { seriesOf } from '../collector';
import type { SelfMetrics } from '../module';
import type { HistoryStore } from './history-store';

/** `store` is read at each collect: null while history is off. */
export function historySelfMetrics(store: () => HistoryStore | null): SelfMetrics {
  const s = seriesOf('self');
  return {
    series: [
      s('assistant_monitor_history_bytes', 'Size of the history database', 'bytes'),
      s('assistant_monitor_history_series', 'Series in the history database', 'count'),
      s('assistant_monitor_history_expired_total', 'Stored rows dropped because they aged out of their tier', 'count'),
      s('assistant_monitor_history_evicted_total', 'Stored rows dropped, oldest first, to stay under the byte cap', 'count'),
      s('assistant_monitor_history_writes_paused', '1 while history writes are paused (disk full)', 'count'),
      s('assistant_monitor_history_backlog_bytes', 'History waiting in memory to be written (grows while writes are paused, up to a budget)', 'bytes'),
      s('assistant_monitor_history_dropped_journal_rows_total', 'Crash-journal rows that could not be read or written, or were shed while writes were paused', 'count'),
      s('assistant_monitor_history_dropped_samples_total', 'Samples of closed windows that could not be written, or were shed while writes were paused', 'count'),
    ],
    collect(): Record<string, number> {
      const h = store();
      if (!h) return {};
      const stats = h.getStats();
      const drops = h.drops();
      return {
        assistant_monitor_history_bytes: stats.bytes,
        assistant_monitor_history_series: stats.series,
        assistant_monitor_history_expired_total: stats.expired,
        assistant_monitor_history_evicted_total: stats.evicted,
        assistant_monitor_history_writes_paused: stats.writesPaused ? 1 : 0,
        assistant_monitor_history_backlog_bytes: h.backlogBytes(),
        assistant_monitor_history_dropped_journal_rows_total: drops.journalRows,
        assistant_monitor_history_dropped_samples_total: drops.samples,
      };
    },
  };
}
