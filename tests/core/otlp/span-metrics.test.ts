import { describe, expect, it } from 'vitest';
import type { Span } from '../../../src-main/core/otlp/decode-json';
import { MAX_OPERATIONS, spanMetricsCollector } from '../../../src-main/core/otlp/span-metrics';

const span = (name: string, ms: number, statusCode = 0): Span => ({
  traceId: '5b8efff798038103d269b633813fc60c', spanId: '00000000000000a1', parentSpanId: '', service: 'voice', name, kind: 1,
  startNs: 0n, endNs: BigInt(ms) * 1_000_000n, statusCode, attributes: [], events: [], links: [], resource: [],
});

describe('span metrics', () => {
  it('counts calls by status and fills the duration histogram cumulatively', () => {
    const c = spanMetricsCollector(10_000);
    c.record([span('speech_to_text', 3), span('speech_to_text', 300, 2), span('speech_to_text', 20_000, 1)]);
    const v = c.sample() as Record<string, number>;
    expect(v['assistant_monitor_span_calls_total{name="speech_to_text",service="voice",status="unset"}']).toBe(1);
    expect(v['assistant_monitor_span_calls_total{name="speech_to_text",service="voice",status="error"}']).toBe(1);
    expect(v['assistant_monitor_span_calls_total{name="speech_to_text",service="voice",status="ok"}']).toBe(1);
    expect(v['assistant_monitor_span_duration_seconds_bucket{le="0.005",name="speech_to_text",service="voice"}']).toBe(1);
    expect(v['assistant_monitor_span_duration_seconds_bucket{le="0.5",name="speech_to_text",service="voice"}']).toBe(2);
    expect(v['assistant_monitor_span_duration_seconds_bucket{le="+Inf",name="speech_to_text",service="voice"}']).toBe(3);
    expect(v['assistant_monitor_span_duration_seconds_sum{name="speech_to_text",service="voice"}']).toBeCloseTo(20.303);
    expect(c.series().map((s) => s.id)).toEqual(expect.arrayContaining(Object.keys(v)));
  });

  it('lumps span names past the cap into "_other" so memory stays bounded', () => {
    const c = spanMetricsCollector(10_000);
    c.record(Array.from({ length: MAX_OPERATIONS + 50 }, (_, i) => span(`op${i}`, 1)));
    const v = c.sample() as Record<string, number>;
    expect(v['assistant_monitor_span_calls_total{name="_other",service="voice",status="unset"}']).toBe(50);
    expect(c.series().length).toBe((MAX_OPERATIONS + 1) * 16);
  });
});
