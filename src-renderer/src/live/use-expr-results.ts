// Evaluates PromQL expressions over the recent window and refreshes them after every scrape of
// the targets they read (or every few seconds when no scrape notice arrives).
import { useEffect, useState } from 'react';
import type { MonitorApi, RangeResult } from '../../../src-main/shared/api';
import { bounds, stepFor, type TimeRange } from './time-range';

const FALLBACK_REFRESH_MS = 10_000;
const DEFAULT_RANGE: TimeRange = { kind: 'live', spanMs: 15 * 60_000 };

export interface ExprResult {
  result: RangeResult | null;
  error: string | null;
}

export function useExprResults(api: MonitorApi, exprs: string[], range: TimeRange = DEFAULT_RANGE): ExprResult[] {
  const [results, setResults] = useState<ExprResult[]>(() => exprs.map(() => ({ result: null, error: null })));
  const joined = exprs.join('\n');

  useEffect(() => {
    const list = joined === '' ? [] : joined.split('\n');
    let active = true;
    let inFlight = false;
    const refresh = () => {
      if (inFlight) return;
      inFlight = true;
      const b = bounds(range);
      const step = stepFor(b.to - b.from);
      // Steps are aligned so successive refreshes share points and lines do not wobble; a live
      // range ends with one more point at "now", so what just happened (and a monitor started
      // seconds ago) is on the chart at once.
      const from = range.kind === 'live' ? Math.floor(b.from / step) * step : b.from;
      const to = b.to;
      Promise.all(
        list.map((expr) =>
          api.queryExpr({ expr, from, to, stepMs: step }).then(
            (result) => ({ result, error: null }),
            (err: Error) => ({ result: null, error: err.message.replace(/^Error invoking remote method '[^']+': (\w*Error: )?/, '') }),
          ),
        ),
      ).then((r) => {
        inFlight = false;
        if (active) setResults(r);
      });
    };
    refresh();
    if (range.kind === 'fixed') {
      return () => {
        active = false;
      };
    }
    let last = Date.now();
    const unsubscribe = api.subscribe((e) => {
      if (e.type === 'scraped' || (e.type === 'connection' && e.connected)) {
        last = Date.now();
        refresh();
      }
    });
    const timer = setInterval(() => {
      if (Date.now() - last >= FALLBACK_REFRESH_MS) refresh();
    }, FALLBACK_REFRESH_MS);
    return () => {
      active = false;
      clearInterval(timer);
      unsubscribe();
    };
  }, [api, joined, range]);

  return results;
}
