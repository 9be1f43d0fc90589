// The files under resources/prometheus, checked by Prometheus's own promtool: the example scrape
// config parses, the alert rules are valid, and their unit tests (alert-rules.test.yml) pass.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const PROMTOOL = process.env.PROMTOOL_PATH ?? '/usr/bin/promtool';
const DIR = resolve(import.meta.dirname, '../../resources/prometheus');
const promtool = (...args: string[]) => spawnSync(PROMTOOL, args, { cwd: DIR, encoding: 'utf8' });

describe('resources/prometheus', () => {
  it('has a scrape config example that Prometheus accepts', () => {
    const r = promtool('check', 'config', '--syntax-only', 'prometheus.yml');
    expect(r.stdout + r.stderr).toContain('SUCCESS');
    expect(r.status).toBe(0);
  });

  it('has valid alert rules, one per default alert', () => {
    const r = promtool('check', 'rules', 'alert-rules.yml');
    expect(r.stdout).toContain('SUCCESS: 9 rules found');
    expect(r.status).toBe(0);
  });

  it('fires each alert when it should and not before its `for` (promtool test rules)', () => {
    const r = promtool('test', 'rules', 'alert-rules.test.yml');
    expect(r.stdout + r.stderr).toContain('SUCCESS');
    expect(r.status).toBe(0);
  });
});
