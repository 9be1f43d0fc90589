import { afterEach, describe, expect, it } from 'vitest';
import { startDemoAssistant, type DemoAssistant } from '../../../src-main/core/demo/assistant-server';
import { parseExposition } from '../../../src-main/core/scrape/exposition';

let demo: DemoAssistant | null = null;
afterEach(async () => {
  await demo?.close();
  demo = null;
});

async function families(url: string): Promise<Map<string, string>> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const types = new Map<string, string>();
  parseExposition(text, 'text', { sample() {}, family: (name, type) => types.set(name, type) });
  return types;
}

const postFault = (url: string, body: unknown) =>
  fetch(`${url}/faults`, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body) }).then(async (r) => ({ status: r.status, body: await r.json() }));

describe('demo assistant', () => {
  it('exposes the reference metric families with their types', async () => {
    demo = await startDemoAssistant({ port: 0, trafficPerSecond: 0 });
    const types = await families(demo.url);
    expect(Object.fromEntries(types)).toMatchObject({
      http_requests_total: 'counter',
      http_request_duration_seconds: 'histogram',
      voice_processing_duration_seconds: 'histogram',
      voice_transcription_accuracy: 'histogram',
      knowledge_search_duration_seconds: 'histogram',
      knowledge_search_results: 'histogram',
      memory_usage_bytes: 'gauge',
      cpu_usage_ratio: 'gauge',
      user_interactions_total: 'counter',
      plugin_executions_total: 'counter',
    });
  });

  it('answers /health and /ready in the reference shapes, and 503 when the database is down', async () => {
    demo = await startDemoAssistant({ port: 0, trafficPerSecond: 0 });
    const health = await (await fetch(`${demo.url}/health`)).json();
    expect(health).toMatchObject({ healthy: true, version: '1.4.2-demo', checks: { database: { healthy: true, error: null } } });
    expect(Object.keys(health.checks).sort()).toEqual(['database', 'external_apis', 'qdrant', 'voice_service']);
    expect(health.checks.qdrant).toEqual({ healthy: true, response_time_ms: expect.any(Number), error: null, details: expect.any(Object) });
    expect(typeof health.duration_ms).toBe('number');
    expect(new Date(health.timestamp).getTime()).toBeGreaterThan(0);

    expect((await postFault(demo.url, { fault: 'db-down', enabled: true })).body).toEqual({ active: ['db-down'] });
    const down = await fetch(`${demo.url}/health`);
    expect(down.status).toBe(503);
    expect((await down.json()).checks.database).toMatchObject({ healthy: false, error: 'connection refused (fault db-down)' });
    const ready = await fetch(`${demo.url}/ready`);
    expect(ready.status).toBe(503);
    expect((await ready.json()).checks).toEqual([['database', false], ['qdrant', true]]);
    expect((await fetch(`${demo.url}/api/search`)).status).toBe(503);

    await postFault(demo.url, { fault: 'db-down', enabled: false });
    expect((await fetch(`${demo.url}/health`)).status).toBe(200);
  });

  it('refuses bad fault requests with the reason', async () => {
    demo = await startDemoAssistant({ port: 0, trafficPerSecond: 0 });
    expect(await postFault(demo.url, { fault: 'meltdown' })).toEqual({ status: 400, body: { error: 'unknown fault "meltdown"; available: slow-voice, error-burst, db-down, memory-leak, crash' } });
    expect((await postFault(demo.url, '{"fault": ')).body.error).toMatch(/^body is not valid JSON/);
    expect((await postFault(demo.url, { fault: 'crash', enabled: 'yes' })).body.error).toBe('"enabled" must be true or false, got "yes"');
    expect((await postFault(demo.url, { fault: 'crash', why: 1 })).body.error).toBe('unknown field "why"; expected "fault" and "enabled"');
  });

  it('generates traffic by itself, and error-burst shows up as 500s', async () => {
    demo = await startDemoAssistant({ port: 0, trafficPerSecond: 60, faults: ['error-burst'] });
    await new Promise((r) => setTimeout(r, 1500));
    const text = await (await fetch(`${demo.url}/metrics`)).text();
    expect(text).toMatch(/http_requests_total\{method="\w+",status="500"\} [1-9]/);
    expect(text).toMatch(/user_interactions_total\{action="\w+"\} [1-9]/);
  });

  it('crashes on request (the supervisor restarts it)', async () => {
    let crashed = false;
    demo = await startDemoAssistant({ port: 0, trafficPerSecond: 0, onCrash: () => (crashed = true) });
    expect((await postFault(demo.url, { fault: 'crash' })).status).toBe(202);
    await expect.poll(() => crashed).toBe(true);
  });
});
