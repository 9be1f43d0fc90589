// Evaluates PromQL expressions over the recent window and refreshes them after every scrape of
// the targets they read (or every few seconds when no scrape notice arrives).
import { useEffect, useState } from 'react';
import type { MonitorApi, RangeResult } from '../../../src-main/shared/api';

export const EXPR_WINDOW_MS = 15 * 60_000;
export const EXPR_STEP_MS = 15_000;
const FALLBACK_REFRESH_MS = 10_000;

export interface ExprResult {
  result: RangeResult | null;
  error: string | null;
}

export function useExprResults(api: MonitorApi, exprs: string[], refreshKey = 0): ExprResult[] {
  const [results, setResults] = useState<ExprResult[]>(() => exprs.map(() => ({ result: null, error: null })));
  const joined = exprs.join('\n');

  useEffect(() => {
    const list = joined === '' ? [] : joined.split('\n');
    let active = true;
    let inFlight = false;
    const refresh = () => {
      if (inFlight) return;
      inFlight = true;
      // Align to the step so successive refreshes share points and lines do not wobble.
      const to = Math.floor(Date.now() / EXPR_STEP_MS) * EXPR_STEP_MS;
      Promise.all(
        list.map((expr) =>
          api.queryExpr({ expr, from: to - EXPR_WINDOW_MS, to, stepMs: EXPR_STEP_MS }).then(
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
  }, [api, joined, refreshKey]);

  return results;
}
