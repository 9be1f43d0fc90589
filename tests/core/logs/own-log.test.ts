import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createOwnLog } from '../../../src-main/core/logs/own-log';
import { harness, tempDir } from './support';

describe('our own log (electron-log/node)', () => {
  it('writes JSON lines, keeps N dated archives, and loses no line at 10k lines/s while tailed', async () => {
    const dir = tempDir();
    const logDir = join(dir, 'own');
    const log = createOwnLog({ dir: logDir, maxBytes: 128 * 1024, keep: 1000 });
    const h = harness(dir, join(logDir, 'assistant-monitor*.log'), 'json');
    h.tailer.start(50);
    const total = 20_000;
    // 10 lines per millisecond: 10k lines a second, for two seconds.
    for (let sent = 0; sent < total; ) {
      const tickStart = performance.now();
      for (let i = 0; i < 100 && sent < total; i++) log.info('request %d handled', ++sent);
      const spare = 10 - (performance.now() - tickStart);
      await new Promise((r) => setTimeout(r, Math.max(0, spare)));
    }
    await h.scan();
    const page = h.store.query({ from: 0, to: Number.MAX_SAFE_INTEGER, limit: 1e6 });
    const seqs = page.lines.map((l) => Number(/request (\d+) handled/.exec(l.message)![1]));
    expect(seqs.length).toBe(total);
    expect(new Set(seqs).size).toBe(total);
    expect(page.lines[0]).toMatchObject({ level: 'info', fields: { pid: process.pid } });
    const archives = readdirSync(logDir).filter((n) => n !== 'assistant-monitor.log');
    expect(archives.length).toBeGreaterThan(5);
    expect(archives.every((n) => /^assistant-monitor\.\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z-\d{6}\.log$/.test(n))).toBe(true);
    await h.close();
  }, 30_000);

  it('writes the desktop shell\'s log beside the core\'s, under the same source glob, each pruning only its own archives', () => {
    const dir = tempDir();
    const core = createOwnLog({ dir, maxBytes: 1024, keep: 2 });
    const shell = createOwnLog({ dir, name: 'assistant-monitor-main', maxBytes: 1024, keep: 1 });
    for (let i = 0; i < 200; i++) {
      core.info('core line %d with some padding text', i);
      shell.info('shell line %d with some padding text', i);
    }
    const names = readdirSync(dir);
    expect(names.filter((n) => /^assistant-monitor\.\d{4}-/.test(n))).toHaveLength(2);
    expect(names.filter((n) => /^assistant-monitor-main\.\d{4}-/.test(n))).toHaveLength(1);
    expect(names).toEqual(expect.arrayContaining(['assistant-monitor.log', 'assistant-monitor-main.log']));
    expect(names.every((n) => /^assistant-monitor.*\.log$/.test(n))).toBe(true);
  });

  it('deletes the oldest archives beyond the number to keep', () => {
    const dir = tempDir();
    const log = createOwnLog({ dir, maxBytes: 1024, keep: 3 });
    for (let i = 0; i < 500; i++) log.warn('filler line %d with some text to reach the cap sooner', i);
    const archives = readdirSync(dir).filter((n) => n !== 'assistant-monitor.log').sort();
    expect(archives).toHaveLength(3);
  });
});
