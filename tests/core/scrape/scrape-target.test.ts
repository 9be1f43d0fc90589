import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { createScrapeCollector } from '../../../src-main/core/scrape/scrape-target';

interface Reply {
  status?: number;
  headers?: Record<string, string>;
  body: string | Buffer;
  delayMs?: number;
}

let servers: Server[] = [];
afterEach(async () => {
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
  servers = [];
});

/** A real HTTP server on loopback answering each request with the next scripted reply. */
async function serveReplies(replies: Reply[], seen: IncomingHttpHeaders[] = []): Promise<string> {
  const server = createServer((req, res) => {
    seen.push(req.headers);
    const r = replies.length > 1 ? replies.shift()! : replies[0]!;
    setTimeout(() => {
      res.writeHead(r.status ?? 200, { 'Content-Type': 'text/plain; version=0.0.4', ...r.headers });
      res.end(r.body);
    }, r.delayMs ?? 0);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
}

const target = (url: string, extra = {}) => createScrapeCollector({ name: 'app', url, intervalMs: 1000, timeoutMs: 500, ...extra });

describe('scrape target', () => {
  it('turns an exposition into series labelled with the target, plus up and scrape duration', async () => {
    const url = await serveReplies([{ body: '# TYPE reqs_total counter\nreqs_total{code="200"} 5\nreqs_total{code="500",target="upstream"} 1\n' }]);
    const c = target(url);
    const v = await c.sample();
    expect(v['reqs_total{code="200",target="app"}']).toBe(5);
    // A target's own `target` label is kept as exported_target.
    expect(v['reqs_total{code="500",exported_target="upstream",target="app"}']).toBe(1);
    expect(v['up{target="app"}']).toBe(1);
    expect(v['scrape_duration_seconds{target="app"}']).toBeGreaterThan(0);
    expect(v['scrape_samples_scraped{target="app"}']).toBe(2);
    expect(c.status()).toMatchObject({ up: true, lastError: null, format: 'text', samples: 2 });
    expect(c.families()).toEqual([{ name: 'reqs_total', type: 'counter', help: null, unit: null }]);
  });

  it('marks a malformed scrape failed with the line and reason, and the vanished series stale', async () => {
    const url = await serveReplies([{ body: 'a 1\nb 2\n' }, { body: 'a 1\nb{x="1" 2\n' }]);
    const c = target(url);
    await c.sample();
    expect(c.takeStale!()).toEqual([]);
    const v = await c.sample();
    expect(v).toMatchObject({ 'up{target="app"}': 0 });
    expect(v['a{target="app"}']).toBeUndefined();
    expect(c.status().lastError).toBe('malformed exposition at line 2: expected "," or "}" after label value, got "2"');
    expect(c.takeStale!().sort()).toEqual(['a{target="app"}', 'b{target="app"}']);
  });

  it('fails a scrape with invalid UTF-8, naming the line, instead of storing U+FFFD', async () => {
    const body = Buffer.concat([Buffer.from('ok 1\nmsgs_total{user="j'), Buffer.from([0xf6]), Buffer.from('rg"} 3\n')]);
    const url = await serveReplies([{ body }]);
    const c = target(url);
    const v = await c.sample();
    expect(v).toMatchObject({ 'up{target="app"}': 0 });
    expect(Object.keys(v).some((k) => k.includes('\uFFFD'))).toBe(false);
    expect(c.status().lastError).toBe('malformed exposition at line 2: invalid UTF-8 (shown as \uFFFD): "msgs_total{user=\\"j\uFFFDrg\\"} 3"');
  });

  it('marks series that disappear from a good scrape stale', async () => {
    const url = await serveReplies([{ body: 'a 1\nb 2\n' }, { body: 'a 2\n' }]);
    const c = target(url);
    await c.sample();
    c.takeStale!();
    await c.sample();
    expect(c.takeStale!()).toEqual(['b{target="app"}']);
  });

  it.each([
    ['a redirect', { status: 302, headers: { Location: '/elsewhere' }, body: '' }, 'redirected (302) to /elsewhere; configure the final URL'],
    ['an HTTP error', { status: 503, body: 'down' }, 'HTTP 503 Service Unavailable'],
    ['JSON instead of metrics', { headers: { 'Content-Type': 'application/json' }, body: '{}' }, 'unexpected content type "application/json"'],
    ['a slow target', { delayMs: 800, body: 'a 1\n' }, 'no answer within 500 ms (timeout)'],
  ])('reports %s as up = 0 with the reason', async (_what, reply, reason) => {
    const c = target(await serveReplies([reply as Reply]));
    const v = await c.sample();
    expect(v['up{target="app"}']).toBe(0);
    expect(c.status().up).toBe(false);
    expect(c.status().lastError).toContain(reason);
  });

  it('reports an unreachable target', async () => {
    const url = await serveReplies([{ body: '' }]);
    await new Promise((r) => servers.pop()!.close(r));
    const c = target(url);
    await c.sample();
    expect(c.status().lastError).toMatch(/cannot connect: ECONNREFUSED/);
  });

  it('explains a port that fetch refuses to use', async () => {
    const c = target('http://127.0.0.1:6000/metrics');
    await c.sample();
    expect(c.status().lastError).toBe('cannot connect: port 6000 is one that fetch refuses to use (a blocked port); move the target to another port');
  });

  it('refuses a body over the limit, counted after decompression', async () => {
    const big = 'a 1\n'.repeat(4096); // 16 KiB, compresses to almost nothing
    const url = await serveReplies([{ headers: { 'Content-Encoding': 'gzip' }, body: gzipSync(big) }]);
    const c = createScrapeCollector({ name: 'app', url, intervalMs: 1000, timeoutMs: 500 }, { maxBodyBytes: 8 * 1024, maxSeries: 100 });
    await c.sample();
    expect(c.status().lastError).toMatch(/body larger than/);
  });

  it('keeps at most maxSeries series and counts the rest as dropped', async () => {
    const body = Array.from({ length: 50 }, (_, i) => `s{i="${i}"} ${i}`).join('\n');
    const c = createScrapeCollector({ name: 'app', url: await serveReplies([{ body }]), intervalMs: 1000, timeoutMs: 500 }, { maxBodyBytes: 1 << 20, maxSeries: 20 });
    const v = await c.sample();
    expect(Object.keys(v).filter((k) => k.startsWith('s{'))).toHaveLength(20);
    expect(v['scrape_series_dropped_total{target="app"}']).toBe(30);
    expect(c.status()).toMatchObject({ up: true, seriesDroppedTotal: 30, lastError: '30 series over the limit of 20 were dropped' });
  });

  it('sends bearer tokens, basic auth and custom headers, and asks for OpenMetrics first', async () => {
    const seen: IncomingHttpHeaders[] = [];
    const url = await serveReplies([{ headers: { 'Content-Type': 'application/openmetrics-text; version=1.0.0' }, body: 'a 1\n# EOF\n' }], seen);
    await target(url, { bearerToken: 's3cret', headers: { 'X-Tenant': 'home' } }).sample();
    await target(url, { basicAuth: { username: 'u', password: 'p' } }).sample();
    expect(seen[0]!.authorization).toBe('Bearer s3cret');
    expect(seen[0]!['x-tenant']).toBe('home');
    expect(seen[0]!.accept).toMatch(/^application\/openmetrics-text/);
    expect(seen[1]!.authorization).toBe(`Basic ${Buffer.from('u:p').toString('base64')}`);
  });
});
