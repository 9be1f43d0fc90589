// The monitor's own log: electron-log's Node build (the same library the desktop shell uses),
// writing JSON lines that the log tailer reads back as source `assistant-monitor`. Rotation by
// size keeps N dated archives (`assistant-monitor.2026-11-28T05-40-00-123Z.log`) instead of
// electron-log's single `.old`: the file is renamed, so the tailer drains it by inode and no
// line is lost or read twice. electron-log writes synchronously, so nothing is buffered either.
import log from 'electron-log/node';
import { mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import { OWN_SOURCE } from './config';

export interface OwnLogOptions {
  dir: string;
  /** File name without `.log`: `assistant-monitor` (the core) or `assistant-monitor-main` (the desktop shell); both match the source's glob. */
  name?: string;
  /** Size at which the file is archived. */
  maxBytes?: number;
  /** Archives kept; older ones are deleted. */
  keep?: number;
  now?: () => number;
}

export type OwnLogger = Pick<ReturnType<typeof log.create>, 'info' | 'warn' | 'error' | 'debug'>;

/** `NAME.<ISO time>-<sequence>.log`: names sort in the order they were made. */
const archiveOf = (name: string) => new RegExp(`^${name}\\.\\d{4}-\\d{2}-\\d{2}T[\\d-]+Z-\\d{6}\\.log$`);

export function createOwnLog(options: OwnLogOptions): OwnLogger {
  const { dir } = options;
  const keep = options.keep ?? 5;
  const now = options.now ?? Date.now;
  const name = options.name ?? OWN_SOURCE;
  const archive = archiveOf(name);
  mkdirSync(dir, { recursive: true });
  const logger = log.create({ logId: `${name}:${dir}` });
  logger.transports.console.level = false;
  const file = logger.transports.file;
  file.resolvePathFn = () => join(dir, `${name}.log`);
  file.maxSize = options.maxBytes ?? 10 * 1024 ** 2;
  file.format = ({ data, level, message }) => [
    JSON.stringify({ time: (message.date ?? new Date(now())).toISOString(), level, msg: format(...(data as unknown[])), ...(message.scope ? { scope: message.scope } : {}), pid: process.pid }),
  ];
  let seq = 0;
  file.archiveLogFn = (current) => {
    const stamp = new Date(now()).toISOString().replaceAll(':', '-').replace('.', '-');
    // The sequence keeps two rotations within one millisecond (a burst, a small cap) apart.
    renameSync(current.toString(), join(dir, `${name}.${stamp}-${String(seq++ % 1e6).padStart(6, '0')}.log`));
    const archives = readdirSync(dir).filter((n) => archive.test(n)).sort();
    for (const old of archives.slice(0, Math.max(0, archives.length - keep))) rmSync(join(dir, old), { force: true });
  };
  return logger;
}
