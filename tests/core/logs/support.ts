// A tailer over a temporary directory with a real log store, for the rotation tests.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LogFormat } from '../../../src-main/core/logs/formats';
import { LogStore } from '../../../src-main/core/logs/store';
import { SourceTailer } from '../../../src-main/core/logs/tailer';

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'am-logs-'));
}

/** A store file that survives "restarts" (new tailers over the same store file). */
export function harness(dir: string, path: string, format: LogFormat = 'auto', oldest?: () => number) {
  const dbFile = join(dir, 'logs.db');
  let store = LogStore.open(dbFile);
  const make = () => new SourceTailer({ name: 'app', path, format }, { store, now: () => 1_000, oldest, onStored: () => {} });
  let tailer = make();
  return {
    get tailer() {
      return tailer;
    },
    get store() {
      return store;
    },
    scan: () => tailer.scanNow(),
    /** Stops the tailer and the store and starts both again, as a monitor restart does. */
    async restart() {
      await tailer.stop();
      store.close();
      store = LogStore.open(dbFile);
      tailer = make();
    },
    /** Every stored message, oldest first. */
    messages(): string[] {
      return store.query({ from: 0, to: Number.MAX_SAFE_INTEGER, limit: 5000 }).lines.map((l) => l.message).reverse();
    },
    async close() {
      await tailer.stop();
      store.close();
    },
  };
}
