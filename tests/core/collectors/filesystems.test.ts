import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { filesystemCollector, STAT_TIMEOUT_MS, type FsSizes } from '../../../src-main/core/collectors/filesystems';

const MOUNTS = ['/dev/vda / ext4 rw 0 0', 'nas:/export /mnt/nas nfs4 rw 0 0', '//box/share /mnt/share cifs rw 0 0', 'proc /proc proc rw 0 0'].join('\n');
const DISK: FsSizes = { blocks: 1000, bfree: 400, bavail: 300, bsize: 4096 };
const key = (metric: string, mountpoint: string, device: string, fstype: string) => `${metric}{device="${device}",fstype="${fstype}",mountpoint="${mountpoint}"}`;

/** statfs that answers at once for local disks, and for the NFS mount only once `release()`d (the server is back). */
function hangingNfs() {
  const calls: string[] = [];
  let answer: ((sizes: FsSizes) => void) | null = null;
  let back = false;
  const statfs = (path: string): Promise<FsSizes> => {
    calls.push(path);
    if (path === '/mnt/nas' && !back) return new Promise((resolve) => (answer = resolve));
    return Promise.resolve(DISK);
  };
  const release = (sizes: FsSizes) => {
    back = true;
    answer?.(sizes);
  };
  return { calls, statfs, release };
}

describe('file system collector', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('reports the other mounts on time while a network mount hangs, and marks the hung one', async () => {
    const nfs = hangingNfs();
    const c = filesystemCollector({ read: () => MOUNTS, root: '', intervalMs: 30_000, statfs: nfs.statfs });
    const sample = Promise.resolve(c.sample());
    await vi.advanceTimersByTimeAsync(STAT_TIMEOUT_MS);
    const v = await sample;
    expect(v[key('system_filesystem_size_bytes', '/', '/dev/vda', 'ext4')]).toBe(1000 * 4096);
    expect(v[key('system_filesystem_used_bytes', '/', '/dev/vda', 'ext4')]).toBe(600 * 4096);
    expect(v[key('system_filesystem_avail_bytes', '/', '/dev/vda', 'ext4')]).toBe(300 * 4096);
    expect(v[key('system_filesystem_device_error', '/', '/dev/vda', 'ext4')]).toBe(0);
    expect(v[key('system_filesystem_device_error', '/mnt/share', '//box/share', 'cifs')]).toBe(0);
    expect(v[key('system_filesystem_device_error', '/mnt/nas', 'nas:/export', 'nfs4')]).toBe(1);
    expect(v[key('system_filesystem_size_bytes', '/mnt/nas', 'nas:/export', 'nfs4')]).toBeUndefined();
    // The whole sample fits in the collector's own time limit, so the hub never gives up on it.
    expect(c.timeoutMs).toBeGreaterThan(STAT_TIMEOUT_MS);
  });

  it('never asks a hung mount again while its stat is still out (each would hold a thread-pool thread)', async () => {
    const nfs = hangingNfs();
    const c = filesystemCollector({ read: () => MOUNTS, root: '', intervalMs: 30_000, statfs: nfs.statfs });
    const first = Promise.resolve(c.sample());
    await vi.advanceTimersByTimeAsync(STAT_TIMEOUT_MS);
    await first;
    // The next sample does not wait for the hung mount at all.
    const second = await c.sample();
    expect(second[key('system_filesystem_device_error', '/mnt/nas', 'nas:/export', 'nfs4')]).toBe(1);
    expect(nfs.calls.filter((p) => p === '/mnt/nas')).toHaveLength(1);
    // The server comes back: the stat returns, and the next sample sizes the mount again.
    nfs.release(DISK);
    await vi.advanceTimersByTimeAsync(0);
    const third = await c.sample();
    expect(third[key('system_filesystem_device_error', '/mnt/nas', 'nas:/export', 'nfs4')]).toBe(0);
    expect(third[key('system_filesystem_size_bytes', '/mnt/nas', 'nas:/export', 'nfs4')]).toBe(1000 * 4096);
    expect(nfs.calls.filter((p) => p === '/mnt/nas')).toHaveLength(2);
  });

  it('leaves out a mount that went away or is not ours to read', async () => {
    const statfs = (path: string) => (path === '/' ? Promise.resolve(DISK) : Promise.reject(Object.assign(new Error('EACCES'), { code: 'EACCES' })));
    const v = await filesystemCollector({ read: () => MOUNTS, root: '', intervalMs: 30_000, statfs }).sample();
    expect(Object.keys(v).filter((k) => k.includes('/mnt/'))).toEqual([]);
    expect(v[key('system_filesystem_device_error', '/', '/dev/vda', 'ext4')]).toBe(0);
  });
});
