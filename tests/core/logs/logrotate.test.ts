// The tailer against Debian's real logrotate, rotating a file while it is being written, with
// monitor restarts in between: every line stored exactly once (copytruncate: lines can only go
// missing inside the copy window, and each truncation is counted).
import { execFile } from 'node:child_process';
import { closeSync, existsSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { harness, tempDir } from './support';

const LOGROTATE = '/usr/sbin/logrotate';
const run = promisify(execFile);

/** A daemon-like writer: keeps its file open (O_APPEND) and reopens it when postrotate says so. */
function startWriter(file: string, reopenFlag: string) {
  let fd = openSync(file, 'a');
  let n = 0;
  const timer = setInterval(() => {
    if (existsSync(reopenFlag)) {
      rmSync(reopenFlag);
      closeSync(fd);
      fd = openSync(file, 'a');
    }
    let batch = '';
    for (let i = 0; i < 20; i++) batch += JSON.stringify({ timestamp: new Date().toISOString(), level: 'INFO', fields: { message: `seq ${++n}` } }) + '\n';
    writeSync(fd, batch);
  }, 2);
  return {
    get written() {
      return n;
    },
    stop() {
      clearInterval(timer);
      closeSync(fd);
    },
  };
}

function seqs(messages: string[]): number[] {
  return messages.map((m) => Number(m.replace('seq ', '')));
}

async function rotateWhileWriting(mode: 'create' | 'copytruncate') {
  const dir = tempDir();
  const file = join(dir, 'assistant.log');
  const reopen = join(dir, 'reopen');
  const conf = join(dir, 'logrotate.conf');
  writeFileSync(conf, `${file} {\n  rotate 20\n  ${mode}\n  missingok\n  postrotate\n    touch ${reopen}\n  endscript\n}\n`);
  const writer = startWriter(file, reopen);
  const h = harness(dir, join(dir, 'assistant.log*'));
  h.tailer.start(100);
  const windows: [number, number][] = [];
  let tailerTruncations = 0;
  for (let round = 0; round < 6; round++) {
    await new Promise((r) => setTimeout(r, 60));
    const before = writer.written;
    await run(LOGROTATE, ['-f', '-s', join(dir, 'state'), conf]);
    windows.push([before, writer.written + 20]);
    if (round % 2 === 1) {
      tailerTruncations += h.tailer.status().truncations;
      await h.restart(); // the monitor restarts between rotations
      h.tailer.start(100);
    }
  }
  await new Promise((r) => setTimeout(r, 60));
  writer.stop();
  await h.scan();
  tailerTruncations += h.tailer.status().truncations;
  const got = seqs(h.store.query({ from: 0, to: Number.MAX_SAFE_INTEGER, limit: 1e7 }).lines.map((l) => l.message));
  await h.close();
  return { got, written: writer.written, windows, truncations: tailerTruncations };
}

describe.skipIf(!existsSync(LOGROTATE))('tailing through real logrotate runs', () => {
  it('rename + create: every line exactly once across rotations and restarts', async () => {
    const { got, written } = await rotateWhileWriting('create');
    expect(got.length).toBe(written);
    expect(new Set(got).size).toBe(written);
  }, 30_000);

  it('copytruncate: no duplicates; a missing line only inside a copy window; truncations counted', async () => {
    const { got, written, windows, truncations } = await rotateWhileWriting('copytruncate');
    const dups = got.filter((s, i) => got.indexOf(s) !== i);
    expect(dups, `stored twice: ${dups.slice(0, 5).join(', ')}…`).toEqual([]);
    const have = new Set(got);
    const missing = Array.from({ length: written }, (_, i) => i + 1).filter((s) => !have.has(s));
    for (const s of missing) expect(windows.some(([a, b]) => s > a && s <= b), `seq ${s} lost outside a copy window`).toBe(true);
    expect(truncations).toBeGreaterThanOrEqual(5);
    expect(got.length).toBeGreaterThan(written * 0.9);
  }, 30_000);
});
