// resources/monitor.schema.json is generated from the same schemas the monitor checks its config
// with. Stale means this test fails; `npm run schema` rewrites it.
import { describe, expect, it } from 'vitest';
import { monitorJsonSchema } from '../../../src-main/core/config/schema';

type Node = { properties?: Record<string, Node>; items?: Node; required?: string[]; additionalProperties?: unknown; type?: unknown; enum?: unknown[] };

describe('monitor.json JSON Schema', () => {
  const schema = monitorJsonSchema() as Node;

  it('is the published resources/monitor.schema.json', async () => {
    await expect(`${JSON.stringify(schema, null, 2)}\n`).toMatchFileSnapshot('../../../resources/monitor.schema.json');
  });

  it('lets editors complete every section and flag unknown keys', () => {
    expect(Object.keys(schema.properties!)).toEqual(['$schema', 'scrape', 'processes', 'history', 'logs', 'sampling', 'export', 'server', 'otlp']);
    expect(schema.additionalProperties).toBe(false);
    const target = schema.properties!.scrape!.items!;
    expect(target.required).toEqual(['url']);
    expect(target.additionalProperties).toBe(false);
    expect(target.properties!.preset!.enum).toEqual(['reference', 'llama.cpp', 'vllm']);
    expect(target.properties!.interval!.type).toEqual(['string', 'number']);
    expect(Object.keys(schema.properties!.sampling!.properties!)).toEqual(['system', 'io', 'filesystems', 'processes', 'gpu', 'idleInterval']);
  });
});
