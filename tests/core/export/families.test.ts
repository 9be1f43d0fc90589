import { describe, expect, it } from 'vitest';
import { collectFamilies, type FamilySource, type LatestSample } from '../../../src-main/core/export/families';

function source(samples: LatestSample[], relay: boolean): FamilySource {
  return {
    latest: () => samples,
    help: (name) => ({ system_memory_used_bytes: 'Memory in use' })[name],
    targets: new Map([['scrape:llama', 'llama']]),
    familyOf: (_t, name) =>
      name.startsWith('llamacpp:latency_seconds')
        ? { name: 'llamacpp:latency_seconds', type: 'histogram', help: 'Latency' }
        : name === 'llamacpp:tokens_total'
          ? { name: 'llamacpp:tokens', type: 'counter', help: 'Tokens' }
          : undefined,
    relay,
  };
}

const samples: LatestSample[] = [
  { name: 'system_memory_used_bytes', labels: { __name__: 'system_memory_used_bytes' }, collector: 'system', v: 5 },
  { name: 'assistant_monitor_history_evicted_total', labels: {}, collector: 'self', v: 2 },
  { name: 'up', labels: { target: 'llama' }, collector: 'scrape:llama', v: 1 },
  { name: 'llamacpp:tokens_total', labels: { target: 'llama', exported_target: 'x' }, collector: 'scrape:llama', v: 10 },
  { name: 'llamacpp:latency_seconds_bucket', labels: { target: 'llama', le: '+Inf' }, collector: 'scrape:llama', v: 4 },
  { name: 'llamacpp:latency_seconds_sum', labels: { target: 'llama' }, collector: 'scrape:llama', v: 1.5 },
  { name: 'mystery', labels: { target: 'llama' }, collector: 'scrape:llama', v: 3 },
];

describe('exported families', () => {
  it("types the monitor's own series by name and keeps their help", () => {
    const f = collectFamilies(source(samples, false));
    expect(f.get('system_memory_used_bytes')).toEqual({ name: 'system_memory_used_bytes', help: 'Memory in use', type: 'gauge', values: [{ labels: {}, value: 5 }] });
    expect(f.get('assistant_monitor_history_evicted_total')!.type).toBe('counter');
  });

  it("renames a target's scrape health so it never clashes with Prometheus's own up", () => {
    const f = collectFamilies(source(samples, false));
    expect(f.has('up')).toBe(false);
    expect(f.get('assistant_monitor_target_up')!.values).toEqual([{ labels: { target: 'llama' }, value: 1 }]);
  });

  it('relays target series only when asked, labelled with their source', () => {
    expect([...collectFamilies(source(samples, false)).keys()].some((k) => k.startsWith('llamacpp'))).toBe(false);
    const f = collectFamilies(source(samples, true));
    expect(f.get('llamacpp:tokens_total')).toMatchObject({ type: 'counter', values: [{ labels: { exported_target: 'x', source: 'llama' }, value: 10 }] });
    const hist = f.get('llamacpp:latency_seconds')!;
    expect(hist.type).toBe('histogram');
    expect(hist.values.map((v) => v.metricName)).toEqual(['llamacpp:latency_seconds_bucket', 'llamacpp:latency_seconds_sum']);
    expect(f.get('mystery')).toMatchObject({ type: 'untyped', help: 'mystery relayed from llama' });
  });
});
