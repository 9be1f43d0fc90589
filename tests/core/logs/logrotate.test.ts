// The tailer against real rotators, rotating a file while it is being written, with monitor
// restarts in between: Debian's logrotate (rename + create, copytruncate) and Python's
// RotatingFileHandler (numbered files). Every line stored exactly once (copytruncate: lines can
// only go missing inside the copy window, and each truncation is counted).
import { execFile, execFileSync, spawn } from 'node:child_process';
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

const hasPython = (() => {
  try {
    execFileSync('python3', ['-c', 'import logging.handlers']);
    return true;
  } catch {
    return false;
  }
})();

describe.skipIf(!hasPython)("tailing Python's RotatingFileHandler", () => {
  it('stores every line exactly once across size rotations (numbered files) and a restart', async () => {
    const dir = tempDir();
    const file = join(dir, 'worker.log');
    const total = 20_000;
    // 8 KiB files, 100 backups: a rotation every ~100 lines, each a rename chain .1 -> .2 -> ...
    const script = [
      'import logging, logging.handlers, sys, time',
      `h = logging.handlers.RotatingFileHandler(${JSON.stringify(file)}, maxBytes=8192, backupCount=100)`,
      "h.setFormatter(logging.Formatter('%(asctime)s %(levelname)s %(message)s'))",
      "log = logging.getLogger('w'); log.addHandler(h); log.setLevel(logging.INFO)",
      `for i in range(1, ${total + 1}):`,
      "    log.info('job %d done', i)",
      '    if i % 500 == 0: time.sleep(0.01)',
    ].join('\n');
    const h = harness(dir, join(dir, 'worker.log*'));
    h.tailer.start(50);
    const writer = spawn('python3', ['-c', script], { stdio: 'inherit' });
    await new Promise((r) => setTimeout(r, 150));
    await h.restart(); // the monitor restarts while the worker writes and rotates
    h.tailer.start(50);
    await new Promise<void>((resolve) => writer.on('exit', () => resolve()));
    await h.scan();
    const got = h.store.query({ from: 0, to: Number.MAX_SAFE_INTEGER, limit: 1e6 }).lines.map((l) => Number(/job (\d+) done/.exec(l.message)![1]));
    await h.close();
    expect(got.length).toBe(total);
    expect(new Set(got).size).toBe(total);
  }, 60_000);
});
