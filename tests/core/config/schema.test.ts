import { mkdtempSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src-main/core/config/load';
import { validateConfig } from '../../../src-main/core/config/schema';

const file = (text: string) => {
  const p = join(mkdtempSync(join(tmpdir(), 'am-config-')), 'monitor.json');
  writeFileSync(p, text);
  return p;
};

describe('config', () => {
  it('fills defaults: name from the host, 5 s interval, timeout 80 % of it, reference preset', () => {
    const { config, problems } = validateConfig({ scrape: [{ url: 'http://127.0.0.1:8080/metrics' }] }, 'm.json');
    expect(problems).toEqual([]);
    expect(config.scrape).toEqual([{ name: '127.0.0.1:8080', url: 'http://127.0.0.1:8080/metrics', intervalMs: 5000, timeoutMs: 4000, preset: 'reference' }]);
  });

  it('reads durations as strings or seconds, and auth settings', () => {
    const { config } = validateConfig(
      { scrape: [{ name: 'llm', url: 'http://h:1/m', interval: '15s', timeout: 2, preset: 'llama.cpp', bearerToken: 't', headers: { 'X-A': 'b' } }] },
      'm.json',
    );
    expect(config.scrape[0]).toMatchObject({ name: 'llm', intervalMs: 15_000, timeoutMs: 2000, preset: 'llama.cpp', bearerToken: 't', headers: { 'X-A': 'b' } });
  });

  it('reads user:password in a target URL as basic auth and keeps it out of the URL', () => {
    const { config, problems } = validateConfig({ scrape: [{ url: 'http://ops:p%40ss@127.0.0.1:9100/metrics' }, { url: 'http://a:b@h:1/m', bearerToken: 't' }] }, 'm.json');
    expect(config.scrape).toEqual([{ name: '127.0.0.1:9100', url: 'http://127.0.0.1:9100/metrics', intervalMs: 5000, timeoutMs: 4000, preset: 'reference', basicAuth: { username: 'ops', password: 'p@ss' } }]);
    expect(problems).toEqual(['m.json: scrape[1].url: has user:password in it and bearerToken or basicAuth is set too; use one; target skipped']);
  });

  it('skips a bad target with a reason naming the file and setting, keeping the good ones', () => {
    const { config, problems } = validateConfig(
      {
        scrape: [
          { url: 'http://a:1/metrics', name: 'a' },
          { url: 'http://b:1/metrics', interval: '5x' },
          { url: 'ftp://c/metrics' },
          { url: 'http://d:1/metrics', timeout: '10s' },
          { url: 'http://e:1/metrics', name: 'a' },
          { url: 'http://f:1/metrics', preset: 'ollama' },
          { url: 'http://g:1/metrics', intervl: '5s' },
          { url: 'http://h:1/metrics', bearerToken: 'x', basicAuth: { username: 'u', password: 'p' } },
        ],
        alerts: [],
      },
      'monitor.json',
    );
    expect(config.scrape.map((s) => s.name)).toEqual(['a']);
    expect(problems).toEqual([
      'monitor.json: alerts: unknown setting (known: scrape, processes, history, logs, sampling, export, server, otlp)',
      'monitor.json: scrape[1].interval: "5x" is not a duration (use e.g. "5s", "1m", or seconds as a number); target skipped',
      'monitor.json: scrape[2].url: only http and https are supported, got ftp:; target skipped',
      'monitor.json: scrape[3].timeout: must not be longer than the interval (5s); target skipped',
      'monitor.json: scrape[4].name: "a" is used by another target; target skipped',
      'monitor.json: scrape[5].preset: "ollama" is not one of reference, llama.cpp, vllm; target skipped',
      'monitor.json: scrape[6].intervl: unknown setting (known: name, url, interval, timeout, bearerToken, basicAuth, headers, preset); target skipped',
      'monitor.json: scrape[7]: set bearerToken or basicAuth, not both; target skipped',
    ]);
  });

  it('reads history retention and size, and turns history off with a reason when they are absurd', () => {
    expect(validateConfig({ history: { raw: '12h', minute: '7d', maxBytes: '256MiB' } }, 'm.json').config.history).toEqual({
      rawMs: 12 * 3600_000,
      minuteMs: 7 * 86_400_000,
      hourMs: 365 * 86_400_000,
      maxBytes: 256 * 1024 ** 2,
    });
    const cases: [unknown, string][] = [
      [{ raw: -5 }, 'm.json: history.raw: -5 is not a duration (use e.g. "5s", "1m", or seconds as a number); history is off, running in memory only'],
      [{ raw: '1s' }, 'm.json: history.raw: "1s" must be between 10m and 90d; history is off, running in memory only'],
      [{ hour: '500y' }, 'm.json: history.hour: "500y" must be between 1d and 7300d; history is off, running in memory only'],
      [{ maxBytes: '1PB' }, 'm.json: history.maxBytes: "1PB" is not a size (use e.g. "512MiB", "2GiB" or bytes as a number); history is off, running in memory only'],
      [{ maxBytes: 1000 }, 'm.json: history.maxBytes: 1000 must be between 16MiB and 1TiB; history is off, running in memory only'],
      [{ raw: '60d', minute: '30d' }, 'm.json: history: keep raw <= minute <= hour retention; history is off, running in memory only'],
      [{ rawMs: 1 }, 'm.json: history.rawMs: unknown setting (known: raw, minute, hour, maxBytes); history is off, running in memory only'],
    ];
    for (const [history, problem] of cases) {
      const r = validateConfig({ history }, 'm.json');
      expect(r.config.history).toBeNull();
      expect(r.problems).toEqual([problem]);
    }
  });

  it('reads process targets, one way of finding each, and skips bad ones with the reason', () => {
    const { config, problems } = validateConfig(
      {
        processes: [
          { name: 'ollama', process: 'ollama' },
          { name: 'api', port: 8080 },
          { name: 'worker', cmdline: 'python .*worker\\.py' },
          { name: 'db', pidFile: '/run/db.pid' },
          { name: 'two', port: 1, process: 'x' },
          { name: 'bad-re', cmdline: '(' },
          { name: 'api', port: 9 },
          { name: 'long', process: 'a-process-name-too-long' },
        ],
      },
      'm.json',
    );
    expect(config.processes.map((p) => p.name)).toEqual(['ollama', 'api', 'worker', 'db']);
    expect(problems).toEqual([
      'm.json: processes[4]: set exactly one of pidFile, process, cmdline or port (found process, port); target skipped',
      expect.stringMatching(/^m\.json: processes\[5\]\.cmdline: "\(" is not a valid regular expression .*; target skipped$/),
      'm.json: processes[6].name: "api" is used by another process target; target skipped',
      'm.json: processes[7].process: must be a process name of 1 to 15 characters (as in /proc/PID/comm); target skipped',
    ]);
  });

  it('reads sampling intervals per group and the idle interval, keeping defaults for bad ones', () => {
    const { config, problems } = validateConfig({ sampling: { system: '2s', io: 10, gpu: '1h', idleInterval: 0, disks: '5s' } }, 'm.json');
    expect(config.sampling).toEqual({ system: 2000, io: 10_000, filesystems: 30_000, processes: 1000, gpu: 1000, idleIntervalMs: null });
    expect(problems).toEqual([
      'm.json: sampling.gpu: "1h" must be between 500ms and 10m; keeping the default',
      'm.json: sampling.disks: unknown setting (known: system, io, filesystems, processes, gpu, idleInterval); keeping the default',
    ]);
  });

  it('names the line and column of a JSON syntax error and runs with defaults', () => {
    const p = file('{\n  "scrape": [\n    { "url": "http://a/metrics", }\n  ]\n}');
    const { config, problems } = loadConfig(p);
    expect(config.scrape).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${p}: not valid JSON at line 3, column 34: .*; running with defaults$`));
  });

  it('says when the file cannot be read', () => {
    expect(loadConfig('/nonexistent/monitor.json').problems).toEqual(['/nonexistent/monitor.json: cannot read the config file (ENOENT); running with defaults']);
  });
});

describe('logs section', () => {
  it('expands ~, keeps good sources, skips bad ones with the reason, and reads retention and size', () => {
    const { config, problems } = validateConfig(
      {
        logs: {
          sources: [
            { name: 'assistant', path: '~/.assistant/logs/assistant.log*' },
            { name: 'bad', path: 'relative.log' },
            { name: 'globdir', path: '/var/log/*/app.log' },
            { name: 'assistant-monitor', path: '/tmp/x.log' },
            { name: 'fmt', path: '/tmp/y.log', format: 'xml' },
          ],
          retention: '3d',
          maxBytes: '64MiB',
        },
      },
      'monitor.json',
    );
    expect(config.logs).toEqual({ sources: [{ name: 'assistant', path: `${homedir()}/.assistant/logs/assistant.log*`, format: 'auto' }], retentionMs: 3 * 86_400_000, maxBytes: 64 * 1024 ** 2 });
    expect(problems).toEqual([
      'monitor.json: logs.sources[1].path: "relative.log" must be an absolute path (or start with ~/); target skipped',
      'monitor.json: logs.sources[2].path: "/var/log/*/app.log": wildcards are allowed in the file name only, not in directories; target skipped',
      'monitor.json: logs.sources[3].name: "assistant-monitor" is the monitor\'s own logs; pick another name; target skipped',
      'monitor.json: logs.sources[4].format: must be one of auto, json, logfmt, text, got "xml"; target skipped',
    ]);
  });
});
