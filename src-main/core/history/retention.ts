// Retention per tier, then the byte cap, oldest first. Runs inside the flush's transaction after
// a window was written.
import type { DatabaseSync } from 'node:sqlite';
import type { Retention } from './config';

/** Bytes the database's pages hold, free pages left out. */
export function usedBytes(db: DatabaseSync): number {
  const pages = (db.prepare('PRAGMA page_count').get() as { page_count: number }).page_count;
  const free = (db.prepare('PRAGMA freelist_count').get() as { freelist_count: number }).freelist_count;
  const size = (db.prepare('PRAGMA page_size').get() as { page_size: number }).page_size;
  return (pages - free) * size;
}

/** Deletes what aged out of its tier, then the oldest rows past the cap; returns both counts. */
export function enforceRetention(db: DatabaseSync, r: Retention, now: number): { expired: number; evicted: number } {
  let expired = 0;
  expired += Number(db.prepare('DELETE FROM chunks WHERE end_ms < ?').run(now - r.rawMs).changes);
  expired += Number(db.prepare('DELETE FROM rollup_1m WHERE t < ?').run(now - r.minuteMs).changes);
  expired += Number(db.prepare('DELETE FROM rollup_1h WHERE t < ?').run(now - r.hourMs).changes);
  let evicted = 0;
  for (const table of ['chunks', 'rollup_1m', 'rollup_1h']) {
    const col = table === 'chunks' ? 'start_ms' : 't';
    while (usedBytes(db) > r.maxBytes) {
      const oldest = db.prepare(`SELECT ${col} AS t FROM ${table} ORDER BY ${col} LIMIT 1 OFFSET 200`).get() as { t: number } | undefined;
      const cut = oldest?.t ?? Infinity;
      const n = Number(db.prepare(`DELETE FROM ${table} WHERE ${col} <= ?`).run(cut).changes);
      if (n === 0) break;
      evicted += n;
      db.exec('PRAGMA incremental_vacuum');
    }
  }
  return { expired, evicted };
}
