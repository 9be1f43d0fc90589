import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../src-main/core/cli/main';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  const spies = [
    vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' '))),
    vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' '))),
  ];
  return { out, err, restore: () => spies.forEach((s) => s.mockRestore()) };
}

const configFile = (text: string) => {
  const file = join(mkdtempSync(join(tmpdir(), 'am-check-')), 'monitor.json');
  writeFileSync(file, text);
  return file;
};

describe('assistant-monitor check-config', () => {
  let io: ReturnType<typeof capture>;
  afterEach(() => io?.restore());

  it('says ok and exits 0 for a good file, $schema included', async () => {
    const file = configFile(JSON.stringify({ $schema: './monitor.schema.json', scrape: [{ url: 'http://127.0.0.1:8080/metrics' }], history: { raw: '12h' } }));
    io = capture();
    expect(await main(['check-config', file])).toBe(0);
    expect(io.out).toEqual([`${file}: ok`]);
  });

  it('prints every problem, one a line, and exits 1', async () => {
    const file = configFile(
      JSON.stringify({ scrape: [{ url: 'ftp://x/metrics' }, { url: 'http://a:1/m', interval: '5x' }], processes: [{ name: 'p' }], sampling: { gpu: '1h' }, alerts: [] }),
    );
    io = capture();
    expect(await main(['check-config', file])).toBe(1);
    expect(io.out).toEqual([
      `${file}: alerts: unknown setting (known: scrape, processes, history, logs, sampling, export, server, otlp)`,
      `${file}: scrape[0].url: only http and https are supported, got ftp:; target skipped`,
      `${file}: scrape[1].interval: "5x" is not a duration (use e.g. "5s", "1m", or seconds as a number); target skipped`,
      `${file}: processes[0]: set exactly one of pidFile, process, cmdline or port (found none); target skipped`,
      `${file}: sampling.gpu: "1h" must be between 500ms and 10m; keeping the default`,
    ]);
  });

  it('names line and column of a syntax error', async () => {
    const file = configFile('{\n  "scrape": [,]\n}');
    io = capture();
    expect(await main(['check-config', file])).toBe(1);
    expect(io.out).toEqual([expect.stringMatching(new RegExp(`^${file}: not valid JSON at line 2, column 14: .+; running with defaults$`))]);
  });

  it.each([
    [['check-config'], 'check-config needs exactly one file'],
    [['check-config', 'a.json', 'b.json'], 'check-config needs exactly one file'],
    [['check-config', '--strict', 'a.json'], "Unknown option '--strict'"],
  ])('exits 2 with one line for %j', async (argv, line) => {
    io = capture();
    expect(await main(argv)).toBe(2);
    expect(io.err).toHaveLength(1);
    expect(io.err[0]).toContain(line);
  });
});
