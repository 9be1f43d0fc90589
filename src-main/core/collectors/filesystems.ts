// File system sizes. statfs on a network mount (NFS, CIFS, FUSE) whose server is gone can hang
// for minutes, and a synchronous one would hold the whole core with it. So every mount is stat'ed
// through the libuv thread pool with a time limit, and a mount that does not answer is reported
// by its own status series instead of delaying the others.
import { statfs } from 'node:fs/promises';
import { formatSeriesId } from '../../shared/series-id';
import { seriesOf, type Collector } from '../collector';
import { parseMounts } from './procfs';

/** The fields of fs.StatsFs we use. */
export interface FsSizes {
  blocks: number;
  bfree: number;
  bavail: number;
  bsize: number;
}

export interface FilesystemOptions {
  /** Reads /proc/self/mounts. */
  read: (path: string) => string;
  root: string;
  intervalMs: number;
  /** statfs(2) off the event loop; replaced in tests. */
  statfs?: (path: string) => Promise<FsSizes>;
  /** How long one mount may take to answer. */
  statTimeoutMs?: number;
}

/** A local disk answers in microseconds; a network mount that takes this long is in trouble. */
export const STAT_TIMEOUT_MS = 2000;

const fs = seriesOf('system-fs');
const id = formatSeriesId;
const NOT_RESPONDING = Symbol('not responding');

export function filesystemCollector(options: FilesystemOptions): Collector {
  const { read, root, intervalMs } = options;
  const stat = options.statfs ?? ((path: string) => statfs(path));
  const timeoutMs = options.statTimeoutMs ?? STAT_TIMEOUT_MS;
  // A hung stat occupies one of the thread pool's four threads until the kernel gives up; asking
  // the same mount again every interval would soon occupy all of them (and with them every other
  // fs call of the process). So a mount gets one stat at a time.
  const inFlight = new Set<string>();

  const statWithin = (path: string): Promise<FsSizes | typeof NOT_RESPONDING | null> => {
    if (inFlight.has(path)) return Promise.resolve(NOT_RESPONDING);
    inFlight.add(path);
    const pending = stat(path).then(
      (st) => st,
      () => null, // unmounted meanwhile, or not ours to look at
    );
    void pending.finally(() => inFlight.delete(path));
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<typeof NOT_RESPONDING>((resolve) => (timer = setTimeout(() => resolve(NOT_RESPONDING), timeoutMs)));
    return Promise.race([pending, late]).finally(() => clearTimeout(timer));
  };

  return {
    name: 'system-fs',
    intervalMs,
    // Mounts are stat'ed side by side, so one sample takes at most one stat's time limit.
    timeoutMs: timeoutMs + 1000,
    series: () => [
      fs('system_filesystem_size_bytes', 'Size, per mounted file system', 'bytes'),
      fs('system_filesystem_used_bytes', 'Space in use, per mounted file system', 'bytes'),
      fs('system_filesystem_avail_bytes', 'Space available to unprivileged users, per mounted file system', 'bytes'),
      fs('system_filesystem_device_error', `1 while a mounted file system does not answer statfs within ${timeoutMs / 1000} s (a network mount whose server is gone), else 0`, 'count'),
    ],
    async sample() {
      const mounts = parseMounts(read(`${root}/proc/self/mounts`));
      const sizes = await Promise.all(mounts.map((m) => statWithin(m.mountpoint)));
      const out: Record<string, number> = {};
      mounts.forEach((m, i) => {
        const st = sizes[i];
        if (st === null || st === undefined) return;
        const labels = { mountpoint: m.mountpoint, device: m.device, fstype: m.fstype };
        out[id('system_filesystem_device_error', labels)] = st === NOT_RESPONDING ? 1 : 0;
        if (st === NOT_RESPONDING) return;
        out[id('system_filesystem_size_bytes', labels)] = st.blocks * st.bsize;
        out[id('system_filesystem_used_bytes', labels)] = (st.blocks - st.bfree) * st.bsize;
        out[id('system_filesystem_avail_bytes', labels)] = st.bavail * st.bsize;
      });
      return out;
    },
  };
}
