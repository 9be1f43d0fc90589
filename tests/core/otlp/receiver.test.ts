import { request } from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_OTLP, type OtlpConfig } from '../../../src-main/core/otlp/config';
import type { Span } from '../../../src-main/core/otlp/decode-json';
import { createReceiver, type Receiver } from '../../../src-main/core/otlp/receiver';

const TRACE = '5b8efff798038103d269b633813fc60c';
const span = (over: Record<string, unknown> = {}) => ({
  traceId: TRACE,
  spanId: 'eee19b7ec3c1b174',
  name: 'speech_to_text',
  kind: 1,
  startTimeUnixNano: '1544712660000000000',
  endTimeUnixNano: '1544712661000000000',
  status: { code: 2 },
  ...over,
});
const body = (spans: unknown[]) =>
  JSON.stringify({ resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'voice' } }] }, scopeSpans: [{ spans }] }] });

let receiver: Receiver | null = null;
afterEach(async () => {
  await receiver?.close();
  receiver = null;
});

async function start(config: Partial<OtlpConfig> = {}) {
  const got: Span[] = [];
  receiver = createReceiver({ ...DEFAULT_OTLP, port: 0, ...config }, (s) => got.push(...s));
  const port = await receiver.listen();
  return { port, got };
}

function post(port: number, opts: { path?: string; method?: string; headers?: Record<string, string>; data?: string | Buffer }) {
  return new Promise<{ status: number; headers: Record<string, unknown>; json: Record<string, unknown> }>((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path: opts.path ?? '/v1/traces', method: opts.method ?? 'POST', headers: { 'content-type': 'application/json', ...opts.headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, json: JSON.parse(Buffer.concat(chunks).toString() || '{}') }));
      },
    );
    req.on('error', reject);
    req.end(opts.data);
  });
}

describe('OTLP/HTTP receiver', () => {
  it('stores valid spans with their service and answers 200 {}', async () => {
    const { port, got } = await start();
    const r = await post(port, { data: body([span()]) });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({});
    expect(got).toEqual([
      expect.objectContaining({ traceId: TRACE, spanId: 'eee19b7ec3c1b174', service: 'voice', name: 'speech_to_text', statusCode: 2, startNs: 1544712660000000000n, endNs: 1544712661000000000n }),
    ]);
  });

  it('drops bad spans with partialSuccess naming the first one and where it was', async () => {
    const { port, got } = await start();
    const r = await post(port, { data: body([span(), span({ spanId: 'xyz' })]) });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ partialSuccess: { rejectedSpans: '1', errorMessage: expect.stringContaining('resourceSpans[0].scopeSpans[0].spans[1]: spanId') } });
    expect(got).toHaveLength(1);
  });

  it('accepts gzip bodies', async () => {
    const { port, got } = await start();
    const r = await post(port, { data: gzipSync(body([span()])), headers: { 'content-encoding': 'gzip' } });
    expect(r.status).toBe(200);
    expect(got).toHaveLength(1);
  });

  it('answers 400 for malformed JSON and for a corrupt gzip stream', async () => {
    const { port } = await start();
    expect((await post(port, { data: '{"resourceSpans": [' })).json.message).toMatch(/not JSON/);
    expect((await post(port, { data: '{"resourceSpans": 3}' })).status).toBe(400);
    expect((await post(port, { data: Buffer.from('not gzip'), headers: { 'content-encoding': 'gzip' } })).status).toBe(400);
  });

  it('answers 413 for a gzip bomb: the cap is measured after decompression', async () => {
    const { port, got } = await start({ maxBodyBytes: 64 * 1024 });
    const bomb = gzipSync(Buffer.alloc(10 * 1024 ** 2, 0x20));
    expect(bomb.length).toBeLessThan(64 * 1024);
    const r = await post(port, { data: bomb, headers: { 'content-encoding': 'gzip' } });
    expect(r.status).toBe(413);
    expect(got).toEqual([]);
  });

  it('answers 415, 405 with Allow, 404 and 501 for logs', async () => {
    const { port } = await start();
    expect((await post(port, { data: 'x', headers: { 'content-type': 'text/plain' } })).status).toBe(415);
    expect((await post(port, { data: 'x', headers: { 'content-encoding': 'br' } })).status).toBe(415);
    const get = await post(port, { method: 'GET' });
    expect([get.status, get.headers.allow]).toEqual([405, 'POST']);
    expect((await post(port, { path: '/v1/metrics', data: '{}' })).status).toBe(404);
    expect((await post(port, { path: '/v1/logs', data: '{}' })).status).toBe(501);
  });

  it('asks for the API key when one is set, in either header', async () => {
    const { port } = await start({ apiKey: 's3cret' });
    expect((await post(port, { data: body([span()]) })).status).toBe(401);
    expect((await post(port, { data: body([span()]), headers: { 'x-otlp-api-key': 'wrong' } })).status).toBe(401);
    expect((await post(port, { data: body([span()]), headers: { 'x-otlp-api-key': 's3cret' } })).status).toBe(200);
    expect((await post(port, { data: body([span()]), headers: { authorization: 'Bearer s3cret' } })).status).toBe(200);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const { port } = await start();
    expect((await post(port, { data: body([span()]), headers: { host: `evil.example:${port}` } })).status).toBe(403);
  });

  it('names the port when it is in use', async () => {
    const { port } = await start();
    const second = createReceiver({ ...DEFAULT_OTLP, port }, () => {});
    await expect(second.listen()).rejects.toThrow(`127.0.0.1:${port} is in use`);
  });

  it('survives 10k mutated bodies without crashing or answering 5xx', async () => {
    const { port } = await start();
    const seed = Buffer.from(body([span(), span({ spanId: 'aaaaaaaaaaaaaaaa', parentSpanId: 'eee19b7ec3c1b174' })]));
    let x = 12345;
    const rand = () => ((x = (x * 1103515245 + 12345) & 0x7fffffff), x);
    for (let i = 0; i < 10_000; i++) {
      const b = Buffer.from(seed);
      for (let m = 0; m <= rand() % 4; m++) b[rand() % b.length] = rand() % 256;
      const r = await post(port, { data: b.subarray(0, b.length - (rand() % 8)) });
      expect([200, 400]).toContain(r.status);
    }
    expect((await post(port, { data: body([span()]) })).status).toBe(200);
  }, 120_000);
});
