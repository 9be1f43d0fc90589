// Where the monitor keeps its files (pinned charts now, history later). Checked up front: a
// data dir that is a file or not writable leaves the monitor running in memory only, and says so.
import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { lockDataDir, lockedNotice } from './history/data-dir-lock';

export function defaultDataDir(): string {
  const home = homedir();
  if (process.platform === 'win32') return join(process.env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'assistant-monitor');
  if (process.platform === 'darwin') return join(home, 'Library', 'Application Support', 'assistant-monitor');
  return join(process.env.XDG_DATA_HOME || join(home, '.local', 'share'), 'assistant-monitor');
}

/** Returns the usable directory, or null with the reason in `notice`. */
export function prepareDataDir(dir: string, notice: (line: string) => void): string | null {
  try {
    mkdirSync(dir, { recursive: true });
    if (!statSync(dir).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
    accessSync(dir, constants.W_OK);
    const lock = lockDataDir(dir);
    if (!lock.ok) {
      notice(lockedNotice(dir, lock));
      return null;
    }
    return dir;
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why = e.code === 'EEXIST' || e.code === 'ENOTDIR' ? 'it is a file, not a directory' : e.code === 'EACCES' || e.code === 'EROFS' ? 'it is not writable' : e.message;
    notice(`data dir ${dir}: ${why}; running in memory only (no history beyond 15 minutes, pinned charts are not kept)`);
    return null;
  }
}
