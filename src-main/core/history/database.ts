// Opening the history file and the statements every part of the store runs on it.
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { CHUNK_FORMAT } from './codec';
import { migrate } from './schema';

const SQLITE_CORRUPT = 11;

/** Opens (or creates) the file and brings its schema up to date; throws SQLite's error as it is. */
export function openDatabase(file: string, busyTimeoutMs: number): DatabaseSync {
  const db = new DatabaseSync(file);
  try {
    db.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
    const check = db.prepare('PRAGMA quick_check').get() as { quick_check: string };
    if (check.quick_check !== 'ok') throw Object.assign(new Error(`quick_check: ${check.quick_check}`), { errcode: SQLITE_CORRUPT });
    // Both must be set before the first table exists: deleted pages go back to the disk, and
    // 16 kB pages hold many chunks each instead of wasting the tail of small pages.
    db.exec('PRAGMA page_size = 16384');
    db.exec('PRAGMA auto_vacuum = INCREMENTAL');
    db.exec('PRAGMA journal_mode = WAL');
    // WAL + NORMAL: a crash of the process never loses committed transactions.
    db.exec('PRAGMA synchronous = NORMAL');
    migrate(db);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/** Rows as arrays instead of objects: several times cheaper for thousands of rows. */
function arrays(stmt: StatementSync): StatementSync {
  stmt.setReturnArrays(true);
  return stmt;
}

/** A bucket merged into a stored row; min and max are NULL where a side had no finite sample. */
const MERGE_ROLLUP = `min = coalesce(min(min, excluded.min), min, excluded.min), max = coalesce(max(max, excluded.max), max, excluded.max),
  sum = sum + excluded.sum, count = count + excluded.count, last = excluded.last`;

export function prepareStatements(db: DatabaseSync) {
  const upsertRollup = (table: string) =>
    db.prepare(`INSERT INTO ${table} (series_id, t, min, max, sum, count, last) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (series_id, t) DO UPDATE SET ${MERGE_ROLLUP}`);
  const rollupRows = (table: string) => arrays(db.prepare(`SELECT t, min, max, sum, count, last FROM ${table} WHERE series_id = ? AND t >= ? AND t <= ? ORDER BY t`));
  return {
    insertSeries: db.prepare('INSERT OR IGNORE INTO series (id, key, name, labels) VALUES (?, ?, ?, ?)'),
    allSeries: db.prepare('SELECT id, key FROM series'),
    insertJournal: db.prepare('INSERT INTO journal (window_start, data) VALUES (?, ?)'),
    journalRows: db.prepare('SELECT seq, window_start, data FROM journal ORDER BY seq'),
    deleteJournalBefore: db.prepare('DELETE FROM journal WHERE window_start < ?'),
    deleteJournalRow: db.prepare('DELETE FROM journal WHERE seq = ?'),
    insertChunk: db.prepare(`INSERT OR REPLACE INTO chunks (series_id, start_ms, end_ms, count, data, format) VALUES (?, ?, ?, ?, ?, ${CHUNK_FORMAT})`),
    chunksFor: db.prepare('SELECT data, format FROM chunks WHERE series_id = ? AND end_ms >= ? AND start_ms <= ? ORDER BY start_ms'),
    upsert1m: upsertRollup('rollup_1m'),
    upsert1h: upsertRollup('rollup_1h'),
    rows1m: rollupRows('rollup_1m'),
    rows1h: rollupRows('rollup_1h'),
    counters: db.prepare('SELECT name, value FROM counters'),
    setCounter: db.prepare('INSERT INTO counters (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value'),
  };
}

export type Statements = ReturnType<typeof prepareStatements>;
