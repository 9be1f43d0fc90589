import { describe, expect, it } from 'vitest';
import { deathEvidence, readKmsg } from '../../../../src-main/core/collectors/process/kernel-log';

describe('kernel log evidence', () => {
  const lines = [
    'Out of memory: Killed process 4242 (python3) total-vm:812345kB, anon-rss:401234kB',
    'oom_reaper: reaped process 4242 (python3), now anon-rss:0kB',
    'python3[42424]: segfault at 0 ip 00007f sp 00007ffd error 4 in libc.so.6',
    'eth0: link up, 1000 Mbps, full duplex',
    'audit: pid 4242 opened a file',
  ];

  it('keeps the lines that name the process and say how it died, not those of a longer PID', () => {
    expect(deathEvidence(lines, 4242)).toEqual([lines[0], lines[1]]);
    expect(deathEvidence(lines, 42424)).toEqual([lines[2]]);
    expect(deathEvidence(lines, 7)).toEqual([]);
  });

  it('reads /dev/kmsg without blocking, or says it cannot (null) when not root', () => {
    const read = readKmsg();
    expect(read === null || Array.isArray(read)).toBe(true);
  });
});
