import { describe, expect, it } from 'vitest';
import type { Span } from '../../../src-main/core/otlp/decode-json';
import { SpanStore } from '../../../src-main/core/otlp/span-store';

const DAY = 86_400_000;
const at = (ms: number, spanId: string): Span => ({
  traceId: '5b8efff798038103d269b633813fc60c',
  spanId,
  parentSpanId: '',
  service: 'voice',
  name: 'speech_to_text',
  kind: 1,
  startNs: BigInt(ms) * 1_000_000n,
  endNs: BigInt(ms + 5) * 1_000_000n,
  statusCode: 0,
  attributes: [{ key: 'intent', value: { stringValue: 'weather' } }],
  events: [{ name: 'retry', timeUnixNano: '1' }],
  links: [],
  resource: [{ key: 'service.name', value: { stringValue: 'voice' } }],
});

describe('SpanStore', () => {
  it('keeps spans, replaces a span sent twice, and expires those older than the retention', () => {
    const now = 1_800_000_000_000;
    const store = SpanStore.open(':memory:', 7 * DAY);
    store.write([at(now - 8 * DAY, '00000000000000a1'), at(now - DAY, '00000000000000a2')]);
    store.write([at(now - DAY, '00000000000000a2')]);
    expect(store.count()).toBe(2);
    store.expire(now);
    expect([store.count(), store.expired]).toEqual([1, 1]);
    store.close();
  });

  it("gives back a span's attributes, events and resource as they were received", () => {
    const store = SpanStore.open(':memory:', DAY);
    store.write([at(1000, '00000000000000b1')]);
    expect(store.detail('5b8efff798038103d269b633813fc60c', '00000000000000b1')).toEqual({
      attributes: [{ key: 'intent', value: { stringValue: 'weather' } }],
      events: [{ name: 'retry', timeUnixNano: '1' }],
      links: [],
      resource: [{ key: 'service.name', value: { stringValue: 'voice' } }],
    });
    expect(store.detail('5b8efff798038103d269b633813fc60c', '00000000000000ff')).toBeNull();
    store.close();
  });
});
