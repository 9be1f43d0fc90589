import { appendFileSync, chmodSync, copyFileSync, mkdirSync, renameSync, rmSync, statSync, truncateSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { harness, tempDir } from './support';

const lines = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `line ${from + i}\n`).join('');
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `line ${from + i}`);

describe('SourceTailer', () => {
  let h: ReturnType<typeof harness>;
  afterEach(async () => h?.close());

  it('reads what is there and holds a partial last line until its newline arrives', async () => {
    const dir = tempDir();
    const file = join(dir, 'app.log');
    writeFileSync(file, `${lines(1, 3)}line 4 is still being wr`);
    h = harness(dir, file);
    await h.scan();
    expect(h.messages()).toEqual(range(1, 3));
    appendFileSync(file, 'itten\n');
    await h.scan();
    expect(h.messages()).toEqual([...range(1, 3), 'line 4 is still being written']);
  });

  it('follows rename + create (logrotate default, numbered files) and drains the renamed file first', async () => {
    const dir = tempDir();
    const file = join(dir, 'app.log');
    writeFileSync(file, lines(1, 3));
    h = harness(dir, join(dir, 'app.log*'));
    await h.scan();
    appendFileSync(file, lines(4, 5)); // written just before the rotation, not yet read
    renameSync(file, `${file}.1`);
    writeFileSync(file, lines(6, 7));
    await h.scan();
    expect(h.messages().sort()).toEqual([...range(1, 7)].sort());
    expect(h.messages()).toHaveLength(7);
  });

  it('reads a rotated file to its end even after it left the glob or was deleted', async () => {
    const dir = tempDir();
    const file = join(dir, 'app.log');
    writeFileSync(file, lines(1, 2));
    h = harness(dir, file);
    await h.scan();
    appendFileSync(file, lines(3, 4));
    renameSync(file, join(dir, 'archived'));
    unlinkSync(join(dir, 'archived'));
    writeFileSync(file, lines(5, 5));
    await h.scan();
    expect(h.messages()).toEqual(range(1, 5));
    expect(h.tailer.status().files.map((f) => f.path)).toEqual([file]);
  });

  it('after copytruncate reads the lines it had not reached from the copy, and counts the truncation', async () => {
    const dir = tempDir();
    const file = join(dir, 'app.log');
    writeFileSync(file, lines(1, 10));
    h = harness(dir, join(dir, 'app.log*'));
    await h.scan();
    appendFileSync(file, lines(11, 20));
    copyFileSync(file, `${file}.1`);
    truncateSync(file, 0);
    appendFileSync(file, lines(21, 22));
    await h.scan();
    expect(h.messages().sort()).toEqual(range(1, 22).sort());
    expect(h.tailer.status().truncations).toBe(1);
  });

  it('copytruncate seen in two steps (copy first, truncate later) still stores each line once', async () => {
    const dir = tempDir();
    const file = join(dir, 'app.log');
    writeFileSync(file, lines(1, 10));
    h = harness(dir, join(dir, 'app.log*'));
    await h.scan();
    appendFileSync(file, lines(11, 12));
    copyFileSync(file, `${file}.1`);
    await h.scan(); // sees the copy while the original is intact
    truncateSync(file, 0);
    appendFileSync(file, lines(13, 13));
    await h.scan();
    expect(h.messages().sort()).toEqual(range(1, 13).sort());
  });

  it('picks up date-suffixed files as new files', async () => {
    const dir = tempDir();
    h = harness(dir, join(dir, 'assistant.log*'));
    writeFileSync(join(dir, 'assistant.log.2026-11-27'), lines(1, 2));
    await h.scan();
    appendFileSync(join(dir, 'assistant.log.2026-11-27'), lines(3, 3));
    writeFileSync(join(dir, 'assistant.log.2026-11-28'), lines(4, 5));
    writeFileSync(join(dir, 'assistant.log.2026-11-26.gz'), 'compressed, never read');
    await h.scan();
    expect(h.messages().sort()).toEqual(range(1, 5).sort());
  });

  it('resumes at the checkpoint after a restart, across a rename rotation and a copytruncate done while it was down', async () => {
    const dir = tempDir();
    const file = join(dir, 'app.log');
    writeFileSync(file, lines(1, 5));
    h = harness(dir, join(dir, 'app.log*'));
    await h.scan();
    await h.restart();
    appendFileSync(file, lines(6, 7));
    renameSync(file, `${file}.1`);
    writeFileSync(file, lines(8, 9));
    await h.scan();
    await h.restart();
    appendFileSync(file, lines(10, 11));
    copyFileSync(file, `${file}.0`);
    truncateSync(file, 0);
    appendFileSync(file, lines(12, 12));
    await h.scan();
    expect(h.messages().sort()).toEqual(range(1, 12).sort());
  });

  it('remembers a copy it saw before a restart as a copy, whether its original is truncated before or after the restart', async () => {
    const dir = tempDir();
    const file = join(dir, 'app.log');
    writeFileSync(file, lines(1, 10));
    h = harness(dir, join(dir, 'app.log*'));
    await h.scan();
    appendFileSync(file, lines(11, 12));
    copyFileSync(file, `${file}.1`);
    await h.scan(); // the copy is seen while the original still holds everything
    await h.restart();
    appendFileSync(file, lines(13, 13));
    await h.scan(); // the original is read on; the copy is not read again
    expect(h.messages().sort()).toEqual(range(1, 13).sort());
    await h.tailer.stop();
    copyFileSync(file, `${file}.2`);
    truncateSync(file, 0);
    appendFileSync(file, lines(14, 14));
    await h.restart();
    await h.scan();
    expect(h.messages().sort()).toEqual(range(1, 14).sort());
  });

  it('starts over when a file is replaced by another under the same name', async () => {
    const dir = tempDir();
    const file = join(dir, 'app.log');
    writeFileSync(file, 'first file, first line with enough bytes to fingerprint it\n');
    h = harness(dir, file);
    await h.scan();
    rmSync(file);
    writeFileSync(file, 'second file, whose first line is quite different from before\n');
    await h.scan();
    expect(h.messages()).toEqual(['first file, first line with enough bytes to fingerprint it', 'second file, whose first line is quite different from before']);
  });

  it('reads past lines older than the retention without storing them', async () => {
    const dir = tempDir();
    const file = join(dir, 'app.log');
    writeFileSync(file, '{"time":100,"msg":"ancient"}\n{"time":5000,"msg":"recent"}\n');
    h = harness(dir, file, 'auto', () => 200_000); // times are seconds: 100 s is older, 5000 s is not
    await h.scan();
    expect(h.messages()).toEqual(['recent']);
    expect(h.tailer.status().files[0]!.offset).toBe(statSync(file).size);
  });

  it('cuts a line over 64 KiB, marks it, and goes on with the next line', async () => {
    const dir = tempDir();
    const file = join(dir, 'app.log');
    writeFileSync(file, `${'x'.repeat(300 * 1024)}\nafter\n`);
    h = harness(dir, file);
    await h.scan();
    const page = h.store.query({ from: 0, to: Number.MAX_SAFE_INTEGER, limit: 10 });
    expect(page.lines.map((l) => [l.message.length, l.truncated])).toEqual([
      [5, false],
      [64 * 1024, true],
    ]);
    expect(h.tailer.status()).toMatchObject({ truncatedLines: 1, reason: '1 lines over 64 KiB cut' });
  });

  it('skips binary garbage, keeps invalid UTF-8 readable, and says so on the source', async () => {
    const dir = tempDir();
    const file = join(dir, 'app.log');
    writeFileSync(file, Buffer.concat([Buffer.from('good 1\n'), Buffer.from([0, 1, 2, 3, 0xff, 0, 10]), Buffer.from([0x62, 0x61, 0x64, 0x20, 0xc3, 0x28, 10]), Buffer.from('good 2\n')]));
    h = harness(dir, file);
    await h.scan();
    expect(h.messages()).toEqual(['good 1', 'bad \uFFFD(', 'good 2']);
    expect(h.tailer.status()).toMatchObject({ state: 'ok', binaryLines: 1, invalidUtf8Lines: 1 });
    expect(h.tailer.status().reason).toMatch(/1 binary lines skipped; 1 lines with invalid UTF-8/);
  });

  it('groups a plain-text stack trace with its line', async () => {
    const dir = tempDir();
    const file = join(dir, 'app.log');
    writeFileSync(
      file,
      ['2026-11-27 10:00:00 ERROR request failed', 'Traceback (most recent call last):', '  File "app.py", line 3, in <module>', '    run()', 'ValueError: bad', '2026-11-27 10:00:01 INFO next'].join('\n') + '\n',
    );
    h = harness(dir, file);
    await h.scan();
    const page = h.store.query({ from: 0, to: Number.MAX_SAFE_INTEGER, limit: 10 });
    expect(page.lines.map((l) => l.level)).toEqual(['info', 'error']);
    expect(page.lines[1]!.message.split('\n')).toHaveLength(5);
  });

  it('keeps an error line at the end of a busy file back until its stack trace is written', async () => {
    const dir = tempDir();
    const file = join(dir, 'app.log');
    writeFileSync(file, '2026-11-27 10:00:00 INFO started\n2026-11-27 10:00:01 ERROR request failed\n');
    h = harness(dir, file);
    await h.scan();
    expect(h.messages()).toEqual(['started']); // the file changed just now: the error may go on
    appendFileSync(file, 'Traceback (most recent call last):\n  File "app.py", line 3, in <module>\nValueError: bad\n');
    await h.scan();
    expect(h.messages()).toEqual(['started']); // still at the end, still fresh
    utimesSync(file, new Date(Date.now() - 5000), new Date(Date.now() - 5000)); // quiet for a while
    await h.scan();
    expect(h.messages()).toEqual(['started', 'request failed\nTraceback (most recent call last):\n  File "app.py", line 3, in <module>\nValueError: bad']);
  });

  it('reports a path that became a directory, and recovers when it is a file again', async () => {
    const dir = tempDir();
    const file = join(dir, 'app.log');
    h = harness(dir, file);
    await h.scan();
    expect(h.tailer.status()).toMatchObject({ state: 'waiting', reason: `no file matches ${file} yet` });
    mkdirSync(file);
    await h.scan();
    expect(h.tailer.status()).toMatchObject({ state: 'error', reason: `${file} is a directory, not a log file` });
    rmSync(file, { recursive: true });
    writeFileSync(file, lines(1, 1));
    await h.scan();
    expect(h.tailer.status()).toMatchObject({ state: 'ok', reason: null });
    expect(h.messages()).toEqual(range(1, 1));
  });

  it.skipIf(process.getuid?.() === 0)('reports permission denied on the source', async () => {
    const dir = tempDir();
    const file = join(dir, 'app.log');
    writeFileSync(file, lines(1, 1));
    chmodSync(file, 0);
    h = harness(dir, file);
    await h.scan();
    expect(h.tailer.status()).toMatchObject({ state: 'error', reason: `permission denied reading ${file}` });
  });
});
