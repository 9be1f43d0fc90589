import { describe, expect, it } from 'vitest';
import { ftsQuery, LogStore, type StoredRecord } from '../../../src-main/core/logs/store';

const rec = (t: number, message: string, extra: Partial<StoredRecord> = {}): StoredRecord => ({ t, level: 'info', message, fields: {}, traceId: null, truncated: false, ...extra });
const ALL = { from: 0, to: Number.MAX_SAFE_INTEGER, limit: 100 };

describe('LogStore', () => {
  it('finds lines by words of the message or of any field, newest first', () => {
    const store = LogStore.open(':memory:');
    store.commit('assistant', [rec(1000, 'Voice processed', { fields: { user_id: 'alice' } }), rec(2000, 'Knowledge search done', { fields: { user_id: 'bob' } }), rec(3000, 'voice timeout', { level: 'error' })], null);
    expect(store.query({ ...ALL, text: 'voice' }).lines.map((l) => l.message)).toEqual(['voice timeout', 'Voice processed']);
    expect(store.query({ ...ALL, text: 'alice' }).lines.map((l) => l.message)).toEqual(['Voice processed']);
    expect(store.query({ ...ALL, text: 'voice', levels: ['error'] }).lines).toHaveLength(1);
    expect(store.query({ ...ALL, text: 'sea*' }).lines.map((l) => l.message)).toEqual(['Knowledge search done']);
    // FTS syntax in user text is taken as words, never as an error.
    expect(store.query({ ...ALL, text: 'NOT "voice' }).lines).toEqual([]);
    store.close();
  });

  it('filters on a field value, including nested keys with dots', () => {
    const store = LogStore.open(':memory:');
    store.commit('a', [rec(1, 'x', { fields: { target: 'assistant::voice', 'span.name': 'stt', duration_ms: 812 } }), rec(2, 'y', { fields: { target: 'assistant::kb' } })], null);
    expect(store.query({ ...ALL, fields: ['target=assistant::voice'] }).lines.map((l) => l.message)).toEqual(['x']);
    expect(store.query({ ...ALL, fields: ['span.name=stt', 'duration_ms=812'] }).lines.map((l) => l.message)).toEqual(['x']);
    store.close();
  });

  it('pages back from the newest with beforeId', () => {
    const store = LogStore.open(':memory:');
    store.commit('a', Array.from({ length: 5 }, (_, i) => rec(i * 10, `m${i}`)), null);
    const first = store.query({ ...ALL, limit: 2 });
    expect(first).toMatchObject({ more: true });
    const next = store.query({ ...ALL, limit: 2, beforeId: first.lines[1]!.id });
    expect([...first.lines, ...next.lines].map((l) => l.message)).toEqual(['m4', 'm3', 'm2', 'm1']);
    store.close();
  });

  it('counts matching lines per bucket and level', () => {
    const store = LogStore.open(':memory:');
    store.commit('a', [rec(0, 'a'), rec(500, 'b', { level: 'error' }), rec(1500, 'c'), rec(2999, 'd', { level: 'error' })], null);
    const h = store.histogram({ from: 0, to: 2999, buckets: 3 });
    expect(h).toEqual({ t: [0, 1000, 2000], bucketMs: 1000, counts: { info: [1, 1, 0], error: [1, 0, 1] } });
    store.close();
  });

  it('answers long ranges from per-minute counts that follow retention, agreeing with the lines', () => {
    const store = LogStore.open(':memory:');
    const H = 3_600_000;
    // 3 hours of lines, one every 10 s, every 7th an error.
    store.commit('a', Array.from({ length: 1080 }, (_, i) => rec(i * 10_000, `m${i}`, { level: i % 7 === 0 ? 'error' : 'info' })), null);
    store.commit('b', [rec(5_000, 'other source')], null);
    const fromCounts = store.histogram({ from: 0, to: 3 * H - 1, buckets: 3, sources: ['a'] });
    expect(fromCounts).toEqual({ t: [0, H, 2 * H], bucketMs: H, counts: { info: [308, 309, 308], error: [52, 51, 52] } });
    const raw = store.histogram({ from: 0, to: 3 * H - 1, buckets: 3, sources: ['a'], text: 'm*' });
    expect(raw.counts).toEqual(fromCounts.counts);
    while (store.enforceRetention(H, Number.MAX_SAFE_INTEGER));
    expect(store.histogram({ from: 0, to: 3 * H - 1, buckets: 3 }).counts).toEqual({ info: [0, 309, 308], error: [0, 51, 52] });
    store.close();
  });

  it('drops lines past the retention age, then the oldest while over the byte cap, and counts both', () => {
    const store = LogStore.open(':memory:');
    store.commit('a', Array.from({ length: 3000 }, (_, i) => rec(i, `line ${i} ${'x'.repeat(200)}`)), null);
    while (store.enforceRetention(1000, Number.MAX_SAFE_INTEGER));
    expect(store.query({ ...ALL, limit: 5000 }).lines).toHaveLength(2000);
    expect(store.stats().expired).toBe(1000);
    const cap = store.stats().bytes / 2;
    while (store.enforceRetention(0, cap));
    expect(store.stats().bytes).toBeLessThanOrEqual(cap);
    expect(store.stats().evicted).toBeGreaterThan(0);
    // The newest lines are the ones kept, and search agrees with what is kept.
    expect(store.query({ ...ALL, limit: 1 }).lines[0]!.message).toMatch(/^line 2999 /);
    expect(store.query({ ...ALL, text: 'line', limit: 5000 }).lines.length).toBe(store.query({ ...ALL, limit: 5000 }).lines.length);
    store.close();
  });

  it('turns words into quoted tokens, keeping a trailing * as a prefix search', () => {
    expect(ftsQuery('  user:42  say"hi" err* ')).toBe('"user" "42" "say" "hi" "err"*');
    expect(ftsQuery('   ')).toBeNull();
  });
});
