// The time range every chart shows: a live span ending now, or a fixed span picked in the range
// picker or by dragging across a chart. One value for the whole app, so charts stay in step.
import { createContext, useContext } from 'react';

export type TimeRange = { kind: 'live'; spanMs: number } | { kind: 'fixed'; from: number; to: number };

export const PRESETS: { label: string; spanMs: number }[] = [
  { label: '5m', spanMs: 5 * 60_000 },
  { label: '15m', spanMs: 15 * 60_000 },
  { label: '1h', spanMs: 3_600_000 },
  { label: '6h', spanMs: 6 * 3_600_000 },
  { label: '24h', spanMs: 24 * 3_600_000 },
  { label: '7d', spanMs: 7 * 86_400_000 },
  { label: '30d', spanMs: 30 * 86_400_000 },
];

/** Up to this span a live chart is fed sample by sample; longer ones are re-queried. */
export const STREAMED_SPAN_MS = 3_600_000;

export function bounds(range: TimeRange, now = Date.now()): { from: number; to: number } {
  return range.kind === 'live' ? { from: now - range.spanMs, to: now } : { from: range.from, to: range.to };
}

/** A PromQL step that gives about 300 points, never under 15 s. */
export function stepFor(spanMs: number): number {
  const raw = Math.max(15_000, spanMs / 300);
  const nice = [15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 1_800_000, 3_600_000, 7_200_000, 21_600_000];
  return nice.find((s) => s >= raw) ?? raw;
}

export interface RangeState {
  range: TimeRange;
  setRange(range: TimeRange): void;
}

export const RangeContext = createContext<RangeState>({ range: { kind: 'live', spanMs: 5 * 60_000 }, setRange: () => {} });

export function useTimeRange(): RangeState {
  return useContext(RangeContext);
}
