import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../src-main/core/cli/main';
import { parseServeArgs, DEFAULT_PORT } from '../../../src-main/core/cli/serve';

function captureStderr() {
  const lines: string[] = [];
  const spy = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void lines.push(a.join(' ')));
  return { lines, restore: () => spy.mockRestore() };
}

describe('assistant-monitor CLI', () => {
  let blocker: Server | null = null;
  afterEach(() => {
    blocker?.close();
    blocker = null;
  });

  it('serves on 127.0.0.1 and the default port unless told otherwise', () => {
    expect(parseServeArgs([])).toMatchObject({ host: '127.0.0.1', port: DEFAULT_PORT, configFile: null });
    expect(parseServeArgs(['--port', '0', '--host', 'localhost'])).toMatchObject({ host: 'localhost', port: 0 });
    expect(parseServeArgs(['--port=9000', '--config', 'm.json', '--data-dir', '/tmp/d'])).toEqual({ host: '127.0.0.1', port: 9000, configFile: 'm.json', dataDir: '/tmp/d', exportEnabled: false, allowedHosts: [] });
    expect(parseServeArgs(['--export']).exportEnabled).toBe(true);
  });

  it('takes --allow-host more than once', () => {
    expect(parseServeArgs(['--host', '0.0.0.0', '--allow-host', 'Box.lan', '--allow-host=monitor.example.org']).allowedHosts).toEqual(['box.lan', 'monitor.example.org']);
  });

  it('prints serve usage for serve --help and exits 0', async () => {
    const out: string[] = [];
    const spy = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
    try {
      expect(await main(['serve', '--help'])).toBe(0);
      expect(await main(['serve', '--port', '9000', '-h'])).toBe(0);
    } finally {
      spy.mockRestore();
    }
    expect(out[0]).toMatch(/^usage: assistant-monitor serve \[options\]/);
    for (const flag of ['--host ADDR', '--port N', '--allow-host NAME', '--config FILE', '--data-dir DIR', '--export']) expect(out[0]).toContain(flag);
  });

  it.each([
    [['serve', '--port', 'abc'], 'assistant-monitor: --port must be a number from 0 to 65535, got "abc"'],
    [['serve', '--port', '70000'], 'assistant-monitor: --port must be a number from 0 to 65535, got "70000"'],
    [['serve', '--verbose'], "assistant-monitor: Unknown option '--verbose'"],
    [['serve', 'extra'], 'assistant-monitor: Unexpected argument \'extra\''],
    [['frobnicate'], 'assistant-monitor: unknown command "frobnicate"; try assistant-monitor --help'],
    [['serve', '--config'], 'assistant-monitor: --config needs a value: a JSON file'],
    [['serve', '--port'], 'assistant-monitor: --port needs a value: a port number such as 8740, or 0 for a free one'],
    [['serve', '--port', '--host', '0.0.0.0'], 'assistant-monitor: --port needs a value: a port number such as 8740, or 0 for a free one'],
    [['serve', '--allow-host', 'http://box.lan:8740'], 'assistant-monitor: --allow-host: "http://box.lan:8740" is not a host name or IP address'],
    [['demo-assistant', '--port'], 'assistant-monitor: --port needs a value: a port number such as 8080, or 0 for a free one'],
    [['demo-assistant', '--fault', 'meltdown'], 'assistant-monitor: --fault: unknown fault "meltdown"; available: slow-voice, error-burst, db-down, memory-leak, crash'],
    [['demo-assistant', '--port=-1'], 'assistant-monitor: --port must be a number from 0 to 65535'],
  ])('exits 2 with one line for %j', async (argv, line) => {
    const err = captureStderr();
    try {
      expect(await main(argv)).toBe(2);
      expect(err.lines).toHaveLength(1);
      expect(err.lines[0]).toContain(line);
      expect(err.lines[0]).not.toContain('\n');
    } finally {
      err.restore();
    }
  });

  it('exits 1 with one line naming the port when it is taken', async () => {
    blocker = createServer();
    await new Promise<void>((r) => blocker!.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    const err = captureStderr();
    try {
      expect(await main(['serve', '--port', String(port)])).toBe(1);
      expect(err.lines).toEqual([`assistant-monitor: port ${port} on 127.0.0.1 is already in use; choose another with --port`]);
    } finally {
      err.restore();
    }
  });
});
