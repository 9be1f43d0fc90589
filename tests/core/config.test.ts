import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, validateConfig } from '../../src-main/core/config';

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
      'monitor.json: alerts: unknown setting (known: scrape)',
      'monitor.json: scrape[1].interval: "5x" is not a duration (use e.g. "5s", "1m", or seconds as a number); target skipped',
      'monitor.json: scrape[2].url: only http and https are supported, got ftp:; target skipped',
      'monitor.json: scrape[3].timeout: must not be longer than the interval (5s); target skipped',
      'monitor.json: scrape[4].name: "a" is used by another target; target skipped',
      'monitor.json: scrape[5].preset: "ollama" is not one of reference, llama.cpp, vllm; target skipped',
      'monitor.json: scrape[6].intervl: unknown setting (known: name, url, interval, timeout, bearerToken, basicAuth, headers, preset); target skipped',
      'monitor.json: scrape[7]: set bearerToken or basicAuth, not both; target skipped',
    ]);
  });

  it('names the line of a JSON syntax error and runs with defaults', () => {
    const p = file('{\n  "scrape": [\n    { "url": "http://a/metrics", }\n  ]\n}');
    const { config, problems } = loadConfig(p);
    expect(config.scrape).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${p}: not valid JSON at line 3: .*; running with defaults$`));
  });

  it('says when the file cannot be read', () => {
    expect(loadConfig('/nonexistent/monitor.json').problems).toEqual(['/nonexistent/monitor.json: cannot read the config file (ENOENT); running with defaults']);
  });
});
