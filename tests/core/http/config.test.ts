import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src-main/core/config/schema';

describe('config: server section', () => {
  it('reads server.allowedHosts as Host-header names', () => {
    const { config, problems } = validateConfig({ server: { allowedHosts: ['Monitor.Home.Lan', '2001:db8::1'] } }, 'm.json');
    expect(problems).toEqual([]);
    expect(config.server.allowedHosts).toEqual(['monitor.home.lan', '[2001:db8::1]']);
    expect(validateConfig({}, 'm.json').config.server.allowedHosts).toEqual([]);
  });

  it('names the file, the setting and the entry that is wrong, keeping the default', () => {
    const bad = (allowedHosts: unknown) => validateConfig({ server: { allowedHosts } }, 'm.json');
    expect(bad(['box.lan', 'http://x:1']).problems).toEqual([
      'm.json: server.allowedHosts: entry 1: "http://x:1" is not a host name or IP address (give the name only, without scheme or port, e.g. "monitor.home.lan"); keeping the default',
    ]);
    expect(bad(['box.lan', 7]).config.server.allowedHosts).toEqual([]);
    expect(bad('box.lan').problems).toEqual(['m.json: server.allowedHosts: must be a list of host names, got "box.lan"; keeping the default']);
    expect(validateConfig({ server: { port: 1 } }, 'm.json').problems).toEqual(['m.json: server.port: unknown setting (known: allowedHosts); keeping the default']);
  });
});
