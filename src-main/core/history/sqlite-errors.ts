// What an SQLite failure means for the history: node:sqlite errors carry SQLite's result code in
// `errcode` (extended codes keep the primary one in the low byte).
const SQLITE_BUSY = 5;
const SQLITE_LOCKED = 6;
const SQLITE_NOMEM = 7;
const SQLITE_READONLY = 8;
const SQLITE_IOERR = 10;
const SQLITE_CORRUPT = 11;
const SQLITE_FULL = 13;
const SQLITE_CANTOPEN = 14;
const SQLITE_NOTADB = 26;

function primaryCode(err: unknown): number | null {
  const code = (err as { errcode?: unknown } | null)?.errcode;
  return typeof code === 'number' ? code & 0xff : null;
}

/** The file is damaged or not a database: only then may it be moved aside. */
export function isCorrupt(err: unknown): boolean {
  const code = primaryCode(err);
  return code === SQLITE_CORRUPT || code === SQLITE_NOTADB;
}

/** Another connection holds a lock. */
export function isLocked(err: unknown): boolean {
  const code = primaryCode(err);
  return code === SQLITE_BUSY || code === SQLITE_LOCKED;
}

export function isDiskFull(err: unknown): boolean {
  return primaryCode(err) === SQLITE_FULL || /full/i.test((err as Error)?.message ?? '');
}

/**
 * A failure of the machine (disk full, I/O, locks, memory) that the same write may survive later;
 * anything else (a constraint, a bad value) fails again on every retry and must not block the rest.
 */
export function isTransient(err: unknown): boolean {
  const code = primaryCode(err);
  return code !== null && [SQLITE_BUSY, SQLITE_LOCKED, SQLITE_NOMEM, SQLITE_READONLY, SQLITE_IOERR, SQLITE_FULL, SQLITE_CANTOPEN].includes(code);
}
