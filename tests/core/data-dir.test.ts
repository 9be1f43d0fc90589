import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepareDataDir } from '../../src-main/core/data-dir';

describe('data dir', () => {
  it('creates a missing directory', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'am-dd-')), 'nested', 'data');
    expect(prepareDataDir(dir, () => {})).toBe(dir);
  });

  it('refuses a path that is a file, with the reason, so the monitor runs in memory only', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'am-dd-')), 'data');
    writeFileSync(file, 'x');
    const notices: string[] = [];
    expect(prepareDataDir(file, (l) => notices.push(l))).toBeNull();
    expect(notices).toEqual([`data dir ${file}: it is a file, not a directory; running in memory only (no history beyond 15 minutes, pinned charts are not kept)`]);
  });
});
