import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../src-main/core/create-core';
import { startHttpServer, type RunningServer } from '../../../src-main/core/http/server';
import { machineNames, newToken } from '../../../src-main/core/http/access';
import { MAX_STREAMS } from '../../../src-main/core/http/server';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function get(port: number, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const r = request({ host: '127.0.0.1', port, path, method, headers: { Host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    r.on('error', reject);
    r.end();
  });
}

describe('HTTP server', () => {
  let core: Core;
  let server: RunningServer;
  const token = newToken();
  const auth = () => ({ Authorization: `Bearer ${token}` });
  let root: string;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'am-static-'));
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>t</title>');
    writeFileSync(join(root, 'assets', 'app-abc.js'), 'console.log(1)');
    writeFileSync(join(root, '..', 'am-secret.txt'), 'secret');
    core = createCore({ collectors: [] });
    server = await startHttpServer({ api: core.api, host: '127.0.0.1', port: 0, token, staticDir: root });
  });
  afterAll(async () => {
    await server.close();
  });

  it('trades ?token= for an HttpOnly SameSite cookie and redirects to the clean URL', async () => {
    const res = await get(server.port, `/?token=${token}`);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/');
    expect(res.headers['set-cookie']![0]).toBe(`am_token_${server.port}=${token}; HttpOnly; SameSite=Strict; Path=/`);
    const page = await get(server.port, '/', { Cookie: `am_token_${server.port}=${token}` });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
  });

  it('refuses a wrong token in the URL with 401', async () => {
    expect((await get(server.port, '/?token=nope')).status).toBe(401);
  });

  it('refuses the page and the API without a token', async () => {
    expect((await get(server.port, '/')).status).toBe(401);
    const api = await get(server.port, '/api/info');
    expect(api.status).toBe(401);
    expect(JSON.parse(api.body).message).toMatch(/Authorization: Bearer/);
  });

  it('checks the Host header before anything else', async () => {
    const res = await get(server.port, `/?token=${token}`, { Host: 'attacker.example:80' });
    expect(res.status).toBe(403);
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('never sends CORS headers, even when asked cross-origin', async () => {
    const res = await get(server.port, '/api/info', { ...auth(), Origin: 'http://evil.example' });
    expect(res.status).toBe(200);
    expect(Object.keys(res.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
  });

  it('answers bad query parameters with 400 naming the parameter', async () => {
    const res = await get(server.port, '/api/query?series=x&from=abc&to=5', auth());
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body).message).toBe('from must be a time in milliseconds since the epoch, got "abc"');
  });

  it('answers unknown routes with 404 JSON and other methods with 405', async () => {
    const missing = await get(server.port, '/api/metrics-please', auth());
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body)).toEqual({ code: 'not_found', message: 'unknown API route: GET /api/metrics-please' });
    expect((await get(server.port, '/api/info', auth(), 'POST')).status).toBe(405);
    expect((await get(server.port, '/nope.js', auth())).status).toBe(404);
  });

  it('serves hashed assets as immutable and never a file outside the renderer folder', async () => {
    const asset = await get(server.port, '/assets/app-abc.js', auth());
    expect(asset.status).toBe(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    expect(asset.headers['content-type']).toBe('text/javascript; charset=utf-8');
    for (const path of ['/../am-secret.txt', '/%2e%2e/am-secret.txt', '/assets/..%2f..%2fam-secret.txt', '/%00']) {
      const res = await get(server.port, path, auth());
      expect(res.status, path).toBe(404);
      expect(res.body).not.toBe('secret');
    }
  });

  it('streams live events as server-sent events', async () => {
    const res = await fetch(`http://127.0.0.1:${server.port}/api/stream`, { headers: auth() });
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const reader = res.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toBe('retry: 2000\n\n');
    expect(server.sse.clients).toBe(1);
    await reader.cancel();
    await expect.poll(() => server.sse.clients).toBe(0);
  });

  it('accepts the Bearer scheme in any letter case', async () => {
    expect((await get(server.port, '/api/info', { Authorization: `bearer ${token}` })).status).toBe(200);
  });

  it(`caps live streams at ${MAX_STREAMS} and refuses the next with a clear 503`, async () => {
    const open: ReadableStreamDefaultReader<Uint8Array>[] = [];
    try {
      for (let i = 0; i < MAX_STREAMS; i++) {
        const res = await fetch(`http://127.0.0.1:${server.port}/api/stream`, { headers: auth() });
        expect(res.status).toBe(200);
        open.push(res.body!.getReader());
      }
      const refused = await get(server.port, '/api/stream', auth());
      expect(refused.status).toBe(503);
      expect(refused.headers['retry-after']).toBe('10');
      expect(JSON.parse(refused.body)).toEqual({ code: 'unavailable', message: `too many live streams: ${MAX_STREAMS} are open already; close other dashboard tabs or scripts reading /api/stream` });
    } finally {
      await Promise.all(open.map((r) => r.cancel()));
    }
    await expect.poll(() => server.sse.clients).toBe(0);
    const again = await fetch(`http://127.0.0.1:${server.port}/api/stream`, { headers: auth() });
    expect(again.status).toBe(200);
    await again.body!.cancel();
  });
});

// Every request below goes to 127.0.0.1; only the Host header names the LAN address, so no
// traffic ever leaves this machine.
describe('HTTP server bound to every interface', () => {
  let core: Core;
  let server: RunningServer;
  const token = newToken();

  beforeAll(async () => {
    core = createCore({ collectors: [] });
    server = await startHttpServer({ api: core.api, host: '0.0.0.0', port: 0, token, staticDir: null, allowedHosts: ['monitor.example.org'] });
  });
  afterAll(async () => {
    await server.close();
  });

  it('prints a URL with this machine’s first LAN address, and that URL’s host gets in', async () => {
    const lan = machineNames().addresses[0] ?? '127.0.0.1';
    const url = new URL(server.url);
    expect(url.hostname).toBe(lan.includes(':') ? `[${lan}]` : lan);
    const res = await get(server.port, `${url.pathname}${url.search}`, { Host: url.host });
    expect(res.status).toBe(303);
    expect(res.headers['set-cookie']![0]).toContain(`am_token_${server.port}=`);
  });

  it('accepts every own address and the host name, and the names given with --allow-host', async () => {
    const { addresses, hostname } = machineNames();
    for (const name of [...addresses.map((a) => (a.includes(':') ? `[${a}]` : a)), hostname, 'localhost']) {
      const res = await get(server.port, '/api/info', { Host: `${name}:${server.port}`, Authorization: `Bearer ${token}` });
      expect(res.status, name).toBe(200);
    }
    expect((await get(server.port, '/api/info', { Host: 'monitor.example.org', Authorization: `Bearer ${token}` })).status).toBe(200);
  });

  it('still refuses foreign names, saying how to allow one', async () => {
    const res = await get(server.port, '/api/info', { Host: `rebind.attacker.example:${server.port}`, Authorization: `Bearer ${token}` });
    expect(res.status).toBe(403);
    expect(JSON.parse(res.body)).toEqual({
      code: 'forbidden',
      message: `Host header "rebind.attacker.example:${server.port}" is not allowed; use this machine's address or name, or add the name with --allow-host`,
    });
  });
});
