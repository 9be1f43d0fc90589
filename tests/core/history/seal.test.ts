// Closing a window with many series is encoded a slice at a time, so no flush holds the event
// loop for long; until it is written, reads still see every sample.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RETENTION, HistoryStore, WINDOW_MS } from '../../../src-main/core/history/history-store';
import { encodeSome, isEncoded, samplesOf, sealBytes, sealWindow } from '../../../src-main/core/history/seal';

const T0 = Date.UTC(2026, 10, 20, 0, 0, 0);

describe('closing a window', () => {
  it('encodes series until the deadline, at least one per call, and serves raw samples until then', () => {
    const open = new Map([1, 2, 3].map((id) => [id, { ts: [T0, T0 + 1000], vs: [id, id + 0.5] }]));
    const seal = sealWindow(T0 + WINDOW_MS, open);
    const rawBytes = sealBytes(seal);
    encodeSome(seal, 0);
    expect(seal.encoded).toBe(1);
    expect(isEncoded(seal)).toBe(false);
    expect(samplesOf(seal.series[2]!)).toEqual({ ts: [T0, T0 + 1000], vs: [3, 3.5] });
    encodeSome(seal, Infinity);
    expect(isEncoded(seal)).toBe(true);
    expect(samplesOf(seal.series[2]!)).toEqual({ ts: [T0, T0 + 1000], vs: [3, 3.5] });
    expect(seal.r1m).toHaveLength(3);
    expect(sealBytes(seal)).not.toBe(rawBytes);
  });

  it('spreads the work over flushes and loses nothing on the way', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'am-seal-')), 'history.db');
    const s = HistoryStore.open(file, DEFAULT_RETENTION, () => {});
    const values = (i: number) => Object.fromEntries(Array.from({ length: 200 }, (_, k) => [`s${k}`, (i * (k + 7)) % 1009]));
    for (let i = 0; i < 600; i++) {
      s.write({ t: T0 + i * 1000, collector: 'x', values: values(i) });
      s.flush(T0 + i * 1000, 1);
    }
    s.write({ t: T0 + WINDOW_MS, collector: 'x', values: values(600) });
    const db = new DatabaseSync(file, { readOnly: true });
    const chunks = () => (db.prepare('SELECT count(*) AS n FROM chunks').get() as { n: number }).n;
    let flushes = 0;
    while (chunks() === 0) {
      s.flush(T0 + WINDOW_MS, 1);
      flushes++;
      // Closed but not yet written: every sample is still there for reads.
      expect(s.rawSamples('s199', T0, T0 + WINDOW_MS).ts).toHaveLength(601);
      expect(flushes).toBeLessThan(1000);
    }
    expect(flushes).toBeGreaterThan(1);
    expect(chunks()).toBe(200);
    db.close();
    s.close();
  });
});
