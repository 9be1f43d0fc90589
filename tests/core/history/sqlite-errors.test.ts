import { writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { isCorrupt, isLocked, isTransient } from '../../../src-main/core/history/sqlite-errors';

function errorOf(fn: () => void): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected an error');
}

describe('SQLite errors', () => {
  it('tell a file that is not a database from a locked one and from a refused write', () => {
    const dir = mkdtempSync(join(tmpdir(), 'am-sqlerr-'));
    writeFileSync(join(dir, 'junk'), 'not a database '.repeat(500));
    const notADb = errorOf(() => new DatabaseSync(join(dir, 'junk')).prepare('PRAGMA quick_check').get());
    expect([isCorrupt(notADb), isLocked(notADb), isTransient(notADb)]).toEqual([true, false, false]);

    const holder = new DatabaseSync(join(dir, 'db'));
    holder.exec('CREATE TABLE t (x NOT NULL); PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; INSERT INTO t VALUES (1)');
    const other = new DatabaseSync(join(dir, 'db'));
    const locked = errorOf(() => other.prepare('SELECT * FROM t').all());
    expect([isCorrupt(locked), isLocked(locked), isTransient(locked)]).toEqual([false, true, true]);
    holder.exec('ROLLBACK');

    const refused = errorOf(() => holder.exec('INSERT INTO t VALUES (NULL)'));
    expect([isCorrupt(refused), isTransient(refused)]).toEqual([false, false]);
    expect(isTransient(new TypeError('a bug of ours'))).toBe(false);
  });
});
