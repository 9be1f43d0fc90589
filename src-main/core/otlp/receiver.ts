// OTLP/HTTP receiver (127.0.0.1 only). Status codes follow the OTLP/HTTP specification: 200 with
// partialSuccess when some spans are dropped, 400 malformed, 401 wrong key, 405 wrong method,
// 413 too large after decompression, 415 unsupported type or encoding, 503 + Retry-After when busy.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { bearerToken, hostPolicy, tokenMatches } from '../http/access';
import { listen, type Listening } from '../http/listen';

/** The receiver binds loopback only: the Host must be this machine's loopback name. */
const LOOPBACK_HOSTS = hostPolicy({ bindHost: '127.0.0.1' });
import type { OtlpConfig } from './config';
import { decodeJson, MalformedBody, type Span } from './decode-json';

export interface ReceiverCounters {
  requests: number;
  acceptedSpans: number;
  rejectedSpans: number;
  refusedRequests: number;
}

/** Requests decoded at once; more get 503 so senders back off instead of memory growing. */
const MAX_IN_FLIGHT = 32;
const RETRY_AFTER_S = 2;

class HttpFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface Receiver {
  counters: ReceiverCounters;
  /** Resolves with the bound port, or rejects with a message naming the address (port in use). */
  listen(): Promise<number>;
  close(): Promise<void>;
}

export function createReceiver(config: OtlpConfig, onSpans: (spans: Span[]) => void): Receiver {
  const counters: ReceiverCounters = { requests: 0, acceptedSpans: 0, rejectedSpans: 0, refusedRequests: 0 };
  let inFlight = 0;
  let port = config.port;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    counters.requests++;
    const path = (req.url ?? '').split('?')[0];
    if (!LOOPBACK_HOSTS.allows(req.headers.host, port)) throw new HttpFailure(403, `Host header ${JSON.stringify(req.headers.host ?? '')} is not allowed; send to 127.0.0.1:${port}`);
    if (path !== '/v1/traces' && path !== '/v1/logs') throw new HttpFailure(404, `${path} is not an OTLP path; traces go to /v1/traces`);
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      throw new HttpFailure(405, `${req.method} ${path}: OTLP accepts POST only`);
    }
    if (config.apiKey !== null && !tokenMatches(apiKeyOf(req), config.apiKey)) throw new HttpFailure(401, 'missing or wrong API key (x-otlp-api-key or Authorization: Bearer)');
    if (path === '/v1/logs') throw new HttpFailure(501, 'logs are not stored yet; only /v1/traces is received');
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (type !== 'application/json') throw new HttpFailure(415, `content type ${JSON.stringify(type)} is not supported; send application/json`);
    if (inFlight >= MAX_IN_FLIGHT) {
      res.setHeader('Retry-After', String(RETRY_AFTER_S));
      throw new HttpFailure(503, 'the ingest queue is full; retry later');
    }
    inFlight++;
    try {
      const body = await readBody(req, config.maxBodyBytes);
      let decoded;
      try {
        decoded = decodeJson(body.toString('utf8'));
      } catch (e) {
        if (e instanceof MalformedBody) throw new HttpFailure(400, e.message);
        throw e;
      }
      counters.acceptedSpans += decoded.spans.length;
      counters.rejectedSpans += decoded.rejected;
      if (decoded.spans.length) onSpans(decoded.spans);
      const reply = decoded.rejected ? { partialSuccess: { rejectedSpans: String(decoded.rejected), errorMessage: decoded.firstReason } } : {};
      send(res, 200, reply);
    } finally {
      inFlight--;
    }
  };

  let listening: Listening | null = null;
  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      counters.refusedRequests++;
      const status = e instanceof HttpFailure ? e.status : 500;
      // The rest of the body is not read: closing keeps a huge or endless upload from costing more.
      if (!req.complete) res.setHeader('Connection', 'close');
      send(res, status, { code: status, message: e instanceof Error ? e.message : String(e) });
    });
  });

  return {
    counters,
    async listen() {
      try {
        listening = await listen(server, config.port, '127.0.0.1');
      } catch (err) {
        const inUse = (err as NodeJS.ErrnoException).code === 'EADDRINUSE';
        throw new Error(inUse ? `OTLP receiver: 127.0.0.1:${config.port} is in use by another program; traces are not received (set otlp.port)` : `OTLP receiver: ${(err as Error).message}`, { cause: err });
      }
      port = listening.port;
      return port;
    },
    close: () => listening?.close() ?? Promise.resolve(),
  };
}

function apiKeyOf(req: IncomingMessage): string | null {
  const header = req.headers['x-otlp-api-key'];
  return typeof header === 'string' ? header : bearerToken(req);
}

/** The body, decompressed; fails with 413 as soon as more than `max` bytes come out (gzip bombs). */
async function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
  let stream: Readable;
  if (encoding === 'gzip') stream = req.pipe(createGunzip());
  else if (encoding === 'identity') stream = req;
  else throw new HttpFailure(415, `content encoding ${JSON.stringify(encoding)} is not supported; send gzip or none`);
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > max) {
        stream.destroy();
        throw new HttpFailure(413, `body is over ${max} bytes after decompression`);
      }
      chunks.push(chunk);
    }
  } catch (e) {
    if (e instanceof HttpFailure) throw e;
    throw new HttpFailure(400, `body could not be read: ${(e as Error).message}`);
  }
  return Buffer.concat(chunks);
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json');
  res.end(JSON.stringify(body));
}
