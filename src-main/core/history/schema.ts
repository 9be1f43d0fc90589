// The history database's schema, as numbered migrations. PRAGMA user_version records how far a
// file has come; opening runs the missing steps in one transaction each.
import type { DatabaseSync } from 'node:sqlite';

const MIGRATIONS: string[] = [
  // 1: series registry, raw chunks, rollups, and the per-tick journal of the open window.
  `CREATE TABLE series (
     id INTEGER PRIMARY KEY,
     key TEXT NOT NULL UNIQUE,
     name TEXT NOT NULL,
     labels TEXT NOT NULL
   );
   CREATE INDEX series_name ON series(name);
   -- A rowid table: chunks of a few kB stay on their page (an index b-tree would spill them
   -- into overflow pages past ~1 kB).
   CREATE TABLE chunks (
     series_id INTEGER NOT NULL,
     start_ms INTEGER NOT NULL,
     end_ms INTEGER NOT NULL,
     count INTEGER NOT NULL,
     data BLOB NOT NULL
   );
   CREATE UNIQUE INDEX chunks_series ON chunks(series_id, start_ms);
   CREATE INDEX chunks_start ON chunks(start_ms);
   CREATE TABLE rollup_1m (
     series_id INTEGER NOT NULL, t INTEGER NOT NULL,
     min REAL NOT NULL, max REAL NOT NULL, sum REAL NOT NULL, count INTEGER NOT NULL, last REAL NOT NULL,
     PRIMARY KEY (series_id, t)
   ) WITHOUT ROWID;
   CREATE INDEX rollup_1m_t ON rollup_1m(t);
   CREATE TABLE rollup_1h (
     series_id INTEGER NOT NULL, t INTEGER NOT NULL,
     min REAL NOT NULL, max REAL NOT NULL, sum REAL NOT NULL, count INTEGER NOT NULL, last REAL NOT NULL,
     PRIMARY KEY (series_id, t)
   ) WITHOUT ROWID;
   CREATE INDEX rollup_1h_t ON rollup_1h(t);
   CREATE TABLE journal (seq INTEGER PRIMARY KEY, window_start INTEGER NOT NULL, data BLOB NOT NULL);
   CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);`,
  // 2: rollups of buckets whose samples are all NaN or ±Inf have no min and max (NULL), and a NaN
  // last value is stored as NULL (SQLite's only way to keep NaN); NOT NULL made one NaN halt history.
  ['1m', '1h']
    .map(
      (tier) => `CREATE TABLE rollup_${tier}_v2 (
     series_id INTEGER NOT NULL, t INTEGER NOT NULL,
     min REAL, max REAL, sum REAL NOT NULL, count INTEGER NOT NULL, last REAL,
     PRIMARY KEY (series_id, t)
   ) WITHOUT ROWID;
   INSERT INTO rollup_${tier}_v2 SELECT series_id, t, min, max, sum, count, last FROM rollup_${tier};
   DROP TABLE rollup_${tier};
   ALTER TABLE rollup_${tier}_v2 RENAME TO rollup_${tier};
   CREATE INDEX rollup_${tier}_t ON rollup_${tier}(t);`,
    )
    .join('\n'),
  // 3: chunks say which codec wrote them (codec.ts); those written before are format 1.
  `ALTER TABLE chunks ADD COLUMN format INTEGER NOT NULL DEFAULT 1;`,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export function migrate(db: DatabaseSync): number {
  const current = Number((db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version);
  if (current > SCHEMA_VERSION) {
    throw new Error(`history database has schema version ${current}, newer than this app's ${SCHEMA_VERSION}; update the app`);
  }
  for (let v = current; v < SCHEMA_VERSION; v++) {
    db.exec('BEGIN');
    try {
      db.exec(MIGRATIONS[v]!);
      db.exec(`PRAGMA user_version = ${v + 1}`);
      db.exec('COMMIT');
    } catch (err) {
      db.exec('ROLLBACK');
      throw err;
    }
  }
  return current;
}
