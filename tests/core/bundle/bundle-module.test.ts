// The diagnostics bundle from a real core: secrets of every kind planted in the config and in a
// scrape target's series never reach any file of the zip; what is in it matches the API.
import { mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src-main/core/config/schema';
import { createCore, type Core } from '../../../src-main/core/create-core';
import { createSystemCollectors } from '../../../src-main/core/collectors/system';
import { serveExposition } from '../../support/exposition-server';
import { readZip } from '../../support/unzip';

const SECRETS = {
  bearer: 'tok_4f9a8b7c6d5e4f3a2b1c',
  basicPassword: 'correct-horse-battery-staple',
  headerKey: 'hdr-9f8e7d6c5b4a',
  urlPassword: 'urlpass-77c1',
  openai: 'sk-proj-Zq8Vt3Lm2Nx7Ck4Jh6Gf9Ds1',
  jwt: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjYW5hcnkifQ.c2lnbmF0dXJlLWNhbmFyeS0xMjM0',
  email: 'canary.person@example.org',
  aws: 'AKIAZZZZCANARY123456',
};

function startTarget(): Promise<Server> {
  return serveExposition([
    '# HELP assistant_info Build and deployment facts.',
    '# TYPE assistant_info gauge',
    `assistant_info{model_api_key="${SECRETS.openai}",owner="${SECRETS.email}",session_jwt="${SECRETS.jwt}",upstream="https://svc:${SECRETS.urlPassword}@llm.internal/v1",aws="${SECRETS.aws}"} 1`,
    '# TYPE assistant_requests_total counter',
    'assistant_requests_total 42',
  ]);
}

describe('diagnostics bundle', () => {
  let core: Core | null = null;
  let target: Server | null = null;
  afterEach(async () => {
    core?.stop();
    core = null;
    await new Promise((r) => (target ? target.close(r) : r(null)));
  });

  async function start(): Promise<Core> {
    target = await startTarget();
    const port = (target.address() as AddressInfo).port;
    const dataDir = mkdtempSync(join(tmpdir(), 'am-bundle-'));
    core = createCore({
      collectors: createSystemCollectors({ intervalMs: 200 }),
      dataDir,
      historyFile: join(dataDir, 'history.db'),
      // As a user writes it in monitor.json, checked by the real schema.
      config: validateConfig(
        {
          scrape: [
            { name: 'assistant', url: `http://127.0.0.1:${port}/metrics`, interval: '1s', bearerToken: SECRETS.bearer, headers: { 'X-Api-Key': SECRETS.headerKey } },
            { name: 'other', url: `http://127.0.0.1:${port}/metrics`, interval: '1s', basicAuth: { username: 'ops', password: SECRETS.basicPassword } },
            { name: 'third', url: `http://svc:${SECRETS.urlPassword}@127.0.0.1:${port}/metrics`, interval: '1s' },
          ],
        },
        'monitor.json',
      ).config,
    });
    core.start();
    await expect.poll(async () => (await core!.api.getTargets()).every((t) => t.up === true), { timeout: 5000 }).toBe(true);
    return core;
  }

  it('never lets a planted secret into any file of the zip', async () => {
    const c = await start();
    const result = await c.api.createBundle({});
    const files = await readZip(result.file);
    expect([...files.keys()]).toEqual(expect.arrayContaining(['summary.txt', 'MANIFEST.json', 'app/config.json', 'app/versions.json', 'app/collectors.json', 'system/machine.json', 'assistant/targets.json', 'metrics/last-15m.csv', 'metrics/last-24h-1m.csv']));
    for (const [name, text] of files) {
      for (const [kind, secret] of Object.entries(SECRETS)) expect(text.includes(secret), `${kind} secret in ${name}`).toBe(false);
      expect(text.includes(homedir() + '/'), `home directory in ${name}`).toBe(false);
    }
    // The series is there, with its secrets replaced rather than dropped.
    expect(files.get('metrics/last-15m.csv')).toMatch(/assistant_info\{.*model_api_key=""\[REDACTED:api-key\]""/);
    const manifest = JSON.parse(files.get('MANIFEST.json')!) as { files: { path: string; redactions: Record<string, number> }[]; redactionTotals: Record<string, number> };
    expect(manifest.files.find((f) => f.path === 'app/config.json')!.redactions['secret-key']).toBeGreaterThanOrEqual(3);
    expect(manifest.redactionTotals).toMatchObject({ 'api-key': expect.any(Number), email: expect.any(Number), jwt: expect.any(Number), 'url-credentials': expect.any(Number) });
  }, 20_000);

  it('previews each file with its size and redactions, and leaves out what the user unticks', async () => {
    const c = await start();
    const preview = await c.api.previewBundle();
    const config = preview.files.find((f) => f.path === 'app/config.json')!;
    expect(config.bytes).toBeGreaterThan(100);
    expect(config.redactions['secret-key']).toBeGreaterThanOrEqual(3);
    const result = await c.api.createBundle({ exclude: ['metrics/last-15m.csv', 'app/config.json'] });
    const files = await readZip(result.file);
    expect(files.has('metrics/last-15m.csv')).toBe(false);
    expect(files.has('app/config.json')).toBe(false);
    expect(result.omitted).toEqual([
      { path: 'app/config.json', reason: 'left out by the user' },
      { path: 'metrics/last-15m.csv', reason: 'left out by the user' },
    ]);
    expect(result.name).toMatch(/^assistant-monitor-.+-\d{4}-\d{2}-\d{2}_\d{2}-\d{2}-\d{2}\.zip$/);
  }, 20_000);

  it('holds the same values the API answers', async () => {
    const c = await start();
    const { file } = await c.api.createBundle({});
    const rows = (await readZip(file))
      .get('metrics/last-15m.csv')!
      .trim()
      .split('\n')
      .slice(1)
      .filter((l) => l.includes(',assistant_requests_total{target=""assistant""},') || l.includes(',"assistant_requests_total{target=""assistant""}",'));
    expect(rows.length).toBeGreaterThan(0);
    const [time, , value] = rows.at(-1)!.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/);
    const t = Date.parse(time!);
    const r = await c.api.queryRange({ series: ['assistant_requests_total{target="assistant"}'], from: t, to: t });
    expect(r.values[0]).toEqual([Number(value)]);
  }, 20_000);
});
