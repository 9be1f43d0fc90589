import { describe, expect, it } from 'vitest';
import type { CollectorStatus, TargetStatus } from '../../../src-main/shared/api';
import { overallState } from '../../../src-main/core/status/overall';

const collector = (name: string, state: CollectorStatus['state'], lastError: string | null = null): CollectorStatus => ({
  name,
  state,
  intervalMs: 1000,
  ticks: 3,
  skippedTicks: 0,
  failures: state === 'ok' ? 0 : 1,
  lastDurationMs: 1,
  lastError,
});
const target = (name: string, up: boolean | null, lastError: string | null = null): TargetStatus => ({
  name,
  url: `http://127.0.0.1/${name}`,
  up,
  lastScrapeAt: 1,
  lastDurationMs: 1,
  lastError,
  format: 'text',
  samples: 1,
  seriesDroppedTotal: 0,
});

describe('overall status', () => {
  const ok = { paused: false, collectors: [collector('system', 'ok')], targets: [target('assistant', true)], history: null };

  it('is healthy when every collector samples and every target is up', () => {
    expect(overallState(ok)).toEqual({ state: 'healthy', reason: '' });
  });

  it('is unknown until the first samples arrive', () => {
    expect(overallState({ ...ok, collectors: [collector('system', 'starting')], targets: [] }).state).toBe('unknown');
    expect(overallState({ ...ok, targets: [target('assistant', null)] }).state).toBe('unknown');
  });

  it('is down, with the reason, when every scrape target is down', () => {
    expect(overallState({ ...ok, targets: [target('assistant', false, 'connection refused')] })).toEqual({
      state: 'down',
      reason: 'scrape target assistant is down: connection refused',
    });
  });

  it('is degraded by one target of several down, a failing collector or paused history writes', () => {
    expect(overallState({ ...ok, targets: [target('assistant', true), target('llama', false)] })).toEqual({ state: 'degraded', reason: 'scrape target llama is down' });
    expect(overallState({ ...ok, collectors: [collector('gpu', 'timeout', 'no result within 1000 ms')] }).reason).toBe('collector gpu: no result within 1000 ms');
    const full = { file: 'h.db', bytes: 1, series: 1, expired: 0, evicted: 0, writesPaused: true, lastError: 'disk full' };
    expect(overallState({ ...ok, history: full })).toEqual({ state: 'degraded', reason: 'history writes are paused: disk full' });
  });

  it('says paused above everything else', () => {
    expect(overallState({ ...ok, paused: true, targets: [target('assistant', false)] })).toEqual({ state: 'paused', reason: 'sampling is paused' });
  });
});
