// OTLP/JSON ExportTraceServiceRequest → flat spans. Per the OTLP spec a bad span is dropped and
// counted (partial_success), while a body that is not a request at all is a 400.
export interface Span {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  service: string;
  name: string;
  kind: number;
  startNs: bigint;
  endNs: bigint;
  statusCode: number;
  /** As received (OTLP/JSON KeyValue lists and objects), kept whole for the span detail. */
  attributes: unknown[];
  events: unknown[];
  links: unknown[];
  resource: unknown[];
}

export interface Decoded {
  spans: Span[];
  rejected: number;
  /** Why the first rejected span was dropped, naming where it was. */
  firstReason: string | null;
}

export class MalformedBody extends Error {}

const HEX32 = /^[0-9a-f]{32}$/i;
const HEX16 = /^[0-9a-f]{16}$/i;

function list(v: unknown, where: string): unknown[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new MalformedBody(`${where} must be a list`);
  return v;
}

function nanos(v: unknown): bigint | null {
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return BigInt(v);
  if (typeof v === 'string' && /^\d{1,20}$/.test(v)) return BigInt(v);
  return null;
}

function serviceName(resource: unknown): string {
  const attrs = (resource as { attributes?: unknown } | undefined)?.attributes;
  if (!Array.isArray(attrs)) return 'unknown_service';
  const attr = attrs.find((a) => (a as { key?: unknown })?.key === 'service.name') as { value?: { stringValue?: unknown } } | undefined;
  return typeof attr?.value?.stringValue === 'string' ? attr.value.stringValue : 'unknown_service';
}

export function decodeJson(text: string): Decoded {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (e) {
    throw new MalformedBody(`body is not JSON: ${(e as Error).message}`);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new MalformedBody('body must be an object such as {"resourceSpans": [...]}');
  const out: Decoded = { spans: [], rejected: 0, firstReason: null };
  list((body as { resourceSpans?: unknown }).resourceSpans, 'resourceSpans').forEach((rs, i) => {
    const resource = (rs as { resource?: { attributes?: unknown } })?.resource;
    const service = serviceName(resource);
    const resourceAttrs = Array.isArray(resource?.attributes) ? resource.attributes : [];
    list((rs as { scopeSpans?: unknown })?.scopeSpans, `resourceSpans[${i}].scopeSpans`).forEach((ss, j) => {
      list((ss as { spans?: unknown })?.spans, `resourceSpans[${i}].scopeSpans[${j}].spans`).forEach((raw, k) => {
        const where = `resourceSpans[${i}].scopeSpans[${j}].spans[${k}]`;
        const reason = checkSpan(raw);
        if (reason) {
          out.rejected++;
          out.firstReason ??= `${where}: ${reason}`;
          return;
        }
        const s = raw as Record<string, unknown>;
        out.spans.push({
          traceId: (s.traceId as string).toLowerCase(),
          spanId: (s.spanId as string).toLowerCase(),
          parentSpanId: typeof s.parentSpanId === 'string' ? s.parentSpanId.toLowerCase() : '',
          service,
          name: s.name as string,
          kind: typeof s.kind === 'number' ? s.kind : 0,
          startNs: nanos(s.startTimeUnixNano)!,
          endNs: nanos(s.endTimeUnixNano)!,
          statusCode: typeof (s.status as { code?: unknown })?.code === 'number' ? ((s.status as { code: number }).code) : 0,
          attributes: Array.isArray(s.attributes) ? s.attributes : [],
          events: Array.isArray(s.events) ? s.events : [],
          links: Array.isArray(s.links) ? s.links : [],
          resource: resourceAttrs,
        });
      });
    });
  });
  return out;
}

function checkSpan(raw: unknown): string | null {
  if (typeof raw !== 'object' || raw === null) return 'must be an object';
  const s = raw as Record<string, unknown>;
  if (typeof s.traceId !== 'string' || !HEX32.test(s.traceId) || /^0+$/.test(s.traceId)) return 'traceId must be 32 hex digits, not all zero';
  if (typeof s.spanId !== 'string' || !HEX16.test(s.spanId) || /^0+$/.test(s.spanId)) return 'spanId must be 16 hex digits, not all zero';
  if (s.parentSpanId !== undefined && s.parentSpanId !== '' && (typeof s.parentSpanId !== 'string' || !HEX16.test(s.parentSpanId))) return 'parentSpanId must be 16 hex digits or empty';
  if (typeof s.name !== 'string') return 'name must be a string';
  const start = nanos(s.startTimeUnixNano);
  const end = nanos(s.endTimeUnixNano);
  if (start === null || end === null) return 'startTimeUnixNano and endTimeUnixNano must be nanoseconds';
  if (end < start) return 'endTimeUnixNano is before startTimeUnixNano';
  return null;
}
