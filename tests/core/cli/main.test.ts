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
    expect(parseServeArgs(['--port=9000', '--config', 'm.json', '--data-dir', '/tmp/d'])).toEqual({ host: '127.0.0.1', port: 9000, configFile: 'm.json', dataDir: '/tmp/d', exportEnabled: false });
    expect(parseServeArgs(['--export']).exportEnabled).toBe(true);
  });

  it.each([
    [['serve', '--port', 'abc'], 'assistant-monitor: --port must be a number from 0 to 65535, got "abc"'],
    [['serve', '--port', '70000'], 'assistant-monitor: --port must be a number from 0 to 65535, got "70000"'],
    [['serve', '--verbose'], "assistant-monitor: Unknown option '--verbose'"],
    [['serve', 'extra'], 'assistant-monitor: Unexpected argument \'extra\''],
    [['frobnicate'], 'assistant-monitor: unknown command "frobnicate"; try assistant-monitor --help'],
    [['serve', '--config'], "assistant-monitor: Option '--config <value>' argument missing"],
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
