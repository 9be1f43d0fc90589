// History that survives restarts: every batch goes to the SQLite store, and range queries (plain
// and PromQL) are answered from memory while they fit the live window, else from the database.
import type { HistoryInfo, SeriesMatch } from '../../shared/api';
import { InputError } from '../../shared/errors';
import { historyCsvSection } from '../bundle/metrics';
import type { CoreModule, ModuleContext } from '../module';
import { evaluateRange, EvalError, querySpan } from '../promql/evaluate';
import { parsePromQL, PromQLError } from '../promql/parser';
import { HistorySource } from './history-source';
import { HistoryStore } from './history-store';
import { answeredFromMemory } from './range-router';
import { historySelfMetrics } from './self-metrics';

export interface HistoryModule extends CoreModule {
  /** null in memory-only mode. */
  info(): HistoryInfo | null;
}

/** While the disk is full, retries slow down to this. */
const PAUSED_RETRY_MS = 10_000;

/** `file`: the database, or null for memory only. */
export function historyModule(ctx: ModuleContext, file: string | null): HistoryModule {
  let store: HistoryStore | null = null;
  if (file && ctx.config.history) {
    try {
      store = HistoryStore.open(file, ctx.config.history, (line) => ctx.notices.push(line));
    } catch (err) {
      ctx.notices.push(`history database ${file}: ${(err as Error).message}; running in memory only`);
    }
  }
  const stopWriting = store ? ctx.events.on('samples', (e) => store!.write(e.batch)) : () => {};
  let flusher: ReturnType<typeof setInterval> | null = null;

  /** Whether a range starting at `from` is answered from the in-memory window alone (see range-router.ts). */
  const inLiveWindow = (from: number) => answeredFromMemory(from, { history: store !== null, startedAt: ctx.startedAt, liveWindowMs: ctx.liveWindowMs, now: Date.now() });

  return {
    name: 'history',
    info: () => store?.getStats() ?? null,
    bundle: () => [historyCsvSection(() => store)],
    notices() {
      if (!store) return ['history is off: data is kept in memory for the last 15 minutes only'];
      const error = store.getStats().lastError;
      return error ? [error] : [];
    },
    selfMetrics: historySelfMetrics(() => store),
    api: {
      queryRange(q) {
        if (inLiveWindow(q.from)) return { ...ctx.live.query(q), tier: 'live' as const };
        return store!.query(q.series, q.from, q.to, q.maxPoints ?? 1000);
      },
      async queryExpr(q) {
        try {
          const expr = parsePromQL(q.expr);
          // Evaluation is asynchronous: it yields to the event loop between slices of work.
          const need = querySpan(expr, q.from, q.to);
          if (inLiveWindow(need.from)) return { ...(await evaluateRange(ctx.live, expr, q.from, q.to, q.stepMs)), tier: 'live' as const };
          const source = new HistorySource(store!, need.from, need.to);
          return { ...(await evaluateRange(source, expr, q.from, q.to, q.stepMs)), tier: store!.tierFor(need.from, q.to) };
        } catch (err) {
          if (err instanceof PromQLError || err instanceof EvalError) throw new InputError(`${q.expr}: ${err.message}`);
          throw err;
        }
      },
      findSeries({ text, limit = 100 }) {
        const words = text.toLowerCase().split(/\s+/).filter(Boolean);
        const found = new Map<string, SeriesMatch>();
        for (const s of ctx.live.describe()) {
          if (found.size >= limit) break;
          if (words.every((w) => s.id.toLowerCase().includes(w))) found.set(s.id, { id: s.id, name: s.name, labels: s.labels });
        }
        for (const s of store?.findSeries(text, limit) ?? []) if (found.size < limit && !found.has(s.id)) found.set(s.id, s);
        return [...found.values()];
      },
    },
    start() {
      // One transaction a second for everything that arrived: at most a second is lost in a crash.
      let nextFlush = 0;
      flusher = setInterval(() => {
        if (!store || Date.now() < nextFlush) return;
        store.flush();
        nextFlush = store.getStats().writesPaused ? Date.now() + PAUSED_RETRY_MS : 0;
      }, 1000);
      flusher.unref();
    },
    stop() {
      if (flusher) clearInterval(flusher);
      stopWriting();
      store?.close();
      store = null;
    },
  };
}
