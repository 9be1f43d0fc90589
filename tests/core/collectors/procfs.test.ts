import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cpuShares, parseDiskStats, parseMemInfo, parseMounts, parseNetDev, parseProcStatModes } from '../../../src-main/core/collectors/procfs';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/proc/${name}`, import.meta.url), 'utf8');

describe('/proc parsers', () => {
  it('computes shares per mode between two real /proc/stat captures (one of two cores kept busy)', () => {
    const a = parseProcStatModes(fixture('stat.1'));
    const b = parseProcStatModes(fixture('stat.2'));
    // 102 busy jiffies (100 user, 2 system) and 99 idle ones between the captures.
    expect(cpuShares(a.total, b.total)).toEqual({ utilization: 0.5075, user: 0.4975, system: 0.01, iowait: 0, steal: 0 });
    expect([...b.cores.keys()]).toEqual(['0', '1']);
  });

  it('counts iowait apart from busy time and steal as busy; guest is already in user', () => {
    const a = parseProcStatModes('cpu  100 0 0 100 0 0 0 0 0 0\ncpu0 100 0 0 100 0 0 0 0 0 0\n');
    const b = parseProcStatModes('cpu  110 0 0 120 20 0 0 10 50 0\ncpu0 110 0 0 120 20 0 0 10 50 0\n');
    expect(cpuShares(a.total, b.total)).toEqual({ utilization: 0.3333, user: 0.1667, system: 0, iowait: 0.3333, steal: 0.1667 });
  });

  it('gives no shares when no time passed or a counter went backwards (CPU hot-unplug)', () => {
    const a = parseProcStatModes('cpu  1 2 3 4 5 6 7 8 0 0');
    expect(cpuShares(a.total, a.total)).toBeNull();
    expect(cpuShares(parseProcStatModes('cpu  9 2 3 4 5 6 7 8').total, a.total)).toBeNull();
  });

  it('names the file and shows the line when /proc/stat is not what it should be', () => {
    expect(() => parseProcStatModes('intr 1 2 3')).toThrow(/\/proc\/stat: no aggregate cpu line/);
    expect(() => parseProcStatModes('cpu  a b c d')).toThrow(/\/proc\/stat: malformed line "cpu {2}a b c d"/);
  });

  it('reads total and available memory in bytes from a real /proc/meminfo', () => {
    const text = fixture('meminfo');
    const mem = parseMemInfo(text);
    const kib = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(text)![1]) * 1024;
    expect(mem).toEqual({ totalBytes: kib('MemTotal'), availableBytes: kib('MemAvailable') });
  });

  it('estimates available memory on kernels without MemAvailable', () => {
    expect(parseMemInfo(fixture('meminfo.linux-3.10'))).toEqual({ totalBytes: 2048000 * 1024, availableBytes: (512000 + 100000 + 300000) * 1024 });
  });

  it('refuses a meminfo without MemTotal', () => {
    expect(() => parseMemInfo('MemFree: 1 kB')).toThrow(/\/proc\/meminfo: no MemTotal line/);
  });

  it('reads disks, network interfaces and real mounts', () => {
    const disks = parseDiskStats(' 254 0 vda 10 0 8 0 20 0 16 0 0 0 0\n 254 1 vda1 1 0 1 0 1 0 1 0 0 0 0\n', (n) => n === 'vda');
    expect(disks).toEqual(new Map([['vda', { readsTotal: 10, readBytesTotal: 8 * 512, writesTotal: 20, writtenBytesTotal: 16 * 512 }]]));
    const net = parseNetDev('h1\nh2\n  eth0: 100 5 1 0 0 0 0 0 200 6 2 0 0 0 0 0\n');
    expect(net.get('eth0')).toEqual({ rxBytesTotal: 100, rxErrorsTotal: 1, txBytesTotal: 200, txErrorsTotal: 2 });
    expect(parseMounts('/dev/sda1 / ext4 rw 0 0\nproc /proc proc rw 0 0\n/dev/sdb /mnt/my\\040disk xfs rw 0 0\n/dev/sda1 / ext4 rw 0 0\n')).toEqual([
      { device: '/dev/sda1', mountpoint: '/', fstype: 'ext4' },
      { device: '/dev/sdb', mountpoint: '/mnt/my disk', fstype: 'xfs' },
    ]);
  });
});
