// The behaviour every MonitorApi transport must have. Each transport's test file calls
// `describeMonitorApiContract` with a setup that builds a real core behind that transport.
import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MonitorEvent, SampleBatch } from '../../src-main/shared/api';
import { API_METHODS, type MonitorApi } from '../../src-main/shared/contract';
import { ApiError } from '../../src-main/shared/errors';
import type { Collector } from '../../src-main/core/collector';
import { createSystemCollectors } from '../../src-main/core/collectors/system';
import { DEFAULT_CONFIG } from '../../src-main/core/config/schema';
import { serveExposition } from '../support/exposition-server';
import type { CoreOptions } from '../../src-main/core/create-core';

export interface TransportUnderTest {
  api: MonitorApi;
  /** Makes the core unreachable through this transport (server stopped, process gone). */
  breakCore(): Promise<void>;
  /** Makes it reachable again. */
  restoreCore(): Promise<void>;
  close(): Promise<void>;
}

/** Builds a real core from `options` behind the transport. */
export type TransportFactory = (options: CoreOptions) => Promise<TransportUnderTest>;

/** A real exposition endpoint on loopback: what the core scrapes in this suite. */
function startExporter(): Promise<Server> {
  return serveExposition([
    '# HELP demo_requests_total Requests handled.',
    '# TYPE demo_requests_total counter',
    'demo_requests_total{method="GET"} 7',
    'demo_requests_total{method="POST"} 3',
  ]);
}

/** A collector whose values are known in advance: 1, 2, 3, … every 50 ms. */
export function countingCollector(): Collector {
  let n = 0;
  return {
    name: 'counting',
    intervalMs: 50,
    timeoutMs: 40,
    series: () => [{ id: 'test_ticks_total', help: 'ticks so far', unit: 'count', collector: 'counting' }],
    sample: () => ({ test_ticks_total: ++n }),
  };
}

function nextEvents(api: MonitorApi, count: number, filter: (e: MonitorEvent) => boolean, timeoutMs = 5000): Promise<MonitorEvent[]> {
  return new Promise((resolve, reject) => {
    const got: MonitorEvent[] = [];
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`only ${got.length} of ${count} events within ${timeoutMs} ms`));
    }, timeoutMs);
    const stop = api.subscribe((e) => {
      if (!filter(e)) return;
      got.push(e);
      if (got.length === count) {
        clearTimeout(timer);
        stop();
        resolve(got);
      }
    });
  });
}

const isCounting = (e: MonitorEvent) => e.type === 'samples' && e.batch.collector === 'counting';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function describeMonitorApiContract(transport: string, factory: TransportFactory): void {
  describe(`MonitorApi over ${transport}`, () => {
    let t: TransportUnderTest;
    let exporter: Server;
    let logFile: string;
    beforeEach(async () => {
      exporter = await startExporter();
      const port = (exporter.address() as AddressInfo).port;
      const logDir = mkdtempSync(join(tmpdir(), 'am-contract-logs-'));
      logFile = join(logDir, 'assistant.log');
      const line = (level: string, message: string, user: string) => JSON.stringify({ timestamp: new Date().toISOString(), level, fields: { message, user_id: user }, target: 'assistant::voice' });
      writeFileSync(logFile, `${line('INFO', 'Voice processed', 'alice')}\n${line('ERROR', 'Transcription failed', 'bob')}\n`);
      t = await factory({
        collectors: [countingCollector(), createSystemCollectors({ intervalMs: 100 })[0]!],
        dataDir: mkdtempSync(join(tmpdir(), 'am-contract-')),
        config: {
          ...DEFAULT_CONFIG,
          scrape: [{ name: 'demo', url: `http://127.0.0.1:${port}/metrics`, intervalMs: 1000, timeoutMs: 800, preset: 'reference' }],
          // This test process listens on the exporter's port: the core finds it there.
          processes: [{ name: 'tester', port }],
          export: { ...DEFAULT_CONFIG.export, port: 0 },
          logs: { ...DEFAULT_CONFIG.logs, sources: [{ name: 'assistant', path: join(logDir, 'assistant.log*'), format: 'auto' }] },
        },
      });
      t.api = recording(t.api);
    });
    afterEach(async () => {
      await t.close();
      await new Promise((r) => exporter.close(r));
    });

    /** Every method this suite called, over this transport; all of them must be. */
    const called = new Set<string>();
    const recording = (api: MonitorApi): MonitorApi =>
      new Proxy(api, {
        get(target, key, receiver) {
          if (typeof key === 'string') called.add(key);
          return Reflect.get(target, key, receiver) as unknown;
        },
      });
    afterAll(() => {
      expect(API_METHODS.filter((m) => !called.has(m))).toEqual([]);
    });

    /** The rejection of `call`, which must be an ApiError. */
    const failure = async (call: Promise<unknown>): Promise<ApiError> => {
      const err = await call.then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(ApiError);
      return err as ApiError;
    };

    it('describes the monitor it talks to', async () => {
      const info = await t.api.getInfo();
      expect(info.hostname).toBeTypeOf('string');
      expect(info.version).toMatch(/^\d+\.\d+\.\d+/);
      expect(info.startedAt).toBeLessThanOrEqual(Date.now());
      expect(info.liveWindowMs).toBeGreaterThanOrEqual(5 * 60_000);
      expect(info.machine.cores).toBeGreaterThanOrEqual(1);
      expect(info.machine.totalMemoryBytes).toBeGreaterThan(0);
      expect(info.machine.cpuModel).toBeTypeOf('string');
    });

    it('lists the series of every collector with unit and help', async () => {
      const series = await t.api.listSeries();
      const ids = series.map((s) => s.id);
      expect(ids).toContain('system_cpu_utilization_ratio');
      expect(ids).toContain('system_memory_used_bytes');
      expect(ids).toContain('test_ticks_total');
      expect(series.find((s) => s.id === 'system_memory_used_bytes')).toMatchObject({ unit: 'bytes', collector: 'system' });
    });

    it('streams each tick as a batch of values with its timestamp', async () => {
      const events = await nextEvents(t.api, 3, isCounting);
      const batches = events.map((e) => (e as { batch: SampleBatch }).batch);
      const counts = batches.map((b) => b.values.test_ticks_total!);
      expect(counts[1]).toBe(counts[0]! + 1);
      expect(counts[2]).toBe(counts[1]! + 1);
      expect(batches[1]!.t).toBeGreaterThan(batches[0]!.t);
    });

    it('streams real CPU and memory readings', async () => {
      const [e] = await nextEvents(t.api, 1, (e) => e.type === 'samples' && 'system_cpu_utilization_ratio' in e.batch.values);
      const values = (e as { batch: SampleBatch }).batch.values;
      expect(values.system_cpu_utilization_ratio).toBeGreaterThanOrEqual(0);
      expect(values.system_cpu_utilization_ratio).toBeLessThanOrEqual(1);
      expect(values.system_memory_total_bytes).toBeGreaterThan(64 * 1024 * 1024);
      expect(values.system_memory_used_bytes! + values.system_memory_available_bytes!).toBe(values.system_memory_total_bytes);
    });

    it('answers a range query with the streamed samples as aligned columns', async () => {
      const events = await nextEvents(t.api, 4, isCounting);
      const first = (events[0] as { batch: SampleBatch }).batch;
      const last = (events[3] as { batch: SampleBatch }).batch;
      const r = await t.api.queryRange({ series: ['test_ticks_total', 'no_such_series'], from: first.t, to: last.t });
      expect(r.series).toEqual(['test_ticks_total', 'no_such_series']);
      expect(r.t).toHaveLength(4);
      expect(r.values[0]).toEqual(events.map((e) => (e as { batch: SampleBatch }).batch.values.test_ticks_total));
      expect(r.values[1]).toEqual([null, null, null, null]);
    });

    it('rejects a malformed query with a reason naming the field', async () => {
      await expect(t.api.queryRange({ series: ['test_ticks_total'], from: 10, to: 5 })).rejects.toThrow(/from \(10\) is after to \(5\)/);
      await expect(t.api.queryRange({ series: [], from: 0, to: 5 })).rejects.toThrow(/series must list at least one/);
      await expect(t.api.queryRange({ series: ['bad name!'], from: 0, to: 5 })).rejects.toThrow(/"bad name!" is not a valid metric name/);
      // The transport keeps working after bad input.
      expect((await t.api.getInfo()).hostname).toBeTypeOf('string');
    });

    it('sends errors as {code, message} with the same text over every transport', async () => {
      const bad = await failure(t.api.queryRange({ series: ['test_ticks_total'], from: 10, to: 5 }));
      expect({ code: bad.code, message: bad.message }).toEqual({ code: 'invalid_input', message: 'from (10) is after to (5)' });
      const promql = await failure(t.api.queryExpr({ expr: 'rate(test_ticks_total[', from: 0, to: 1000, stepMs: 1000 }));
      expect(promql.code).toBe('invalid_input');
      expect(promql.message).toMatch(/^rate\(test_ticks_total\[: .*position \d+/);
    });

    it('evaluates PromQL over the streamed samples', async () => {
      const events = await nextEvents(t.api, 4, isCounting);
      const last = (events[3] as { batch: SampleBatch }).batch;
      const r = await t.api.queryExpr({ expr: 'test_ticks_total * 2', from: last.t, to: last.t, stepMs: 1000 });
      expect(r.values).toEqual([[last.values.test_ticks_total! * 2]]);
      expect(r.tier).toBe('live');
    });

    it('finds series by words of their name', async () => {
      await nextEvents(t.api, 1, isCounting);
      expect(await t.api.findSeries({ text: 'ticks TEST' })).toEqual([{ id: 'test_ticks_total', name: 'test_ticks_total', labels: {} }]);
      expect(await t.api.findSeries({ text: 'no such words', limit: 5 })).toEqual([]);
      expect((await failure(t.api.findSeries({ text: 'x', limit: 0 }))).message).toBe('limit must be a whole number from 1 to 1000, got 0');
    });

    it('scrapes its targets: status, scrape events, the metric catalog and the preset panels', async () => {
      const [scraped] = await nextEvents(t.api, 1, (e) => e.type === 'scraped');
      expect(scraped).toMatchObject({ type: 'scraped', target: 'demo', up: true });
      const [target] = await t.api.getTargets();
      expect(target).toMatchObject({ name: 'demo', up: true, lastError: null, format: 'text' });
      const metric = (await t.api.listMetrics()).find((m) => m.name === 'demo_requests_total');
      expect(metric).toMatchObject({ type: 'counter', help: 'Requests handled.', targets: ['demo'], series: 2 });
      expect(metric!.labels.method).toEqual(['GET', 'POST']);
      const panels = await t.api.getDashboard();
      expect(panels.length).toBeGreaterThan(0);
      expect(new Set(panels.map((p) => p.target))).toEqual(new Set(['demo']));
    });

    it('watches configured processes and lists their restarts', async () => {
      await expect
        .poll(async () => (await t.api.getProcesses()).find((g) => g.target === 'tester'), { timeout: 5000 })
        .toMatchObject({ state: 'running', rootPid: process.pid, restarts: 0 });
      expect(await t.api.getRestarts()).toEqual([]);
    });

    it('pins charts, lists and removes them, and refuses bad ones with the reason', async () => {
      const pin = await t.api.addPin({ title: ' Ticks ', expr: 'rate(test_ticks_total[1m])', unit: 'perSecond' });
      expect(pin).toMatchObject({ title: 'Ticks', expr: 'rate(test_ticks_total[1m])', unit: 'perSecond' });
      expect(await t.api.listPins()).toEqual([pin]);
      expect(await t.api.removePin(pin.id)).toBeUndefined();
      expect(await t.api.listPins()).toEqual([]);
      const unit = await failure(t.api.addPin({ title: 't', expr: 'up', unit: 'furlongs' as never }));
      expect({ code: unit.code, message: unit.message }).toEqual({ code: 'invalid_input', message: 'pin unit must be one of ratio, seconds, perSecond, count, bytes, bytesPerSecond, celsius, got "furlongs"' });
      expect((await failure(t.api.removePin('nope'))).message).toBe('no pinned chart with id nope');
    });

    it('reports the overall status, and pauses and resumes sampling', async () => {
      await nextEvents(t.api, 1, (e) => e.type === 'scraped');
      await expect.poll(async () => (await t.api.getStatus()).state, { timeout: 5000 }).toBe('healthy');
      const paused = await t.api.setPaused({ paused: true });
      expect(paused).toMatchObject({ state: 'paused', reason: 'sampling is paused' });
      expect((await t.api.getStatus()).state).toBe('paused');
      const quiet: MonitorEvent[] = [];
      const stop = t.api.subscribe((e) => isCounting(e) && quiet.push(e));
      await sleep(300);
      stop();
      expect(quiet).toEqual([]);
      expect((await t.api.setPaused({ paused: false })).state).not.toBe('paused');
      await nextEvents(t.api, 2, isCounting);
      const bad = await failure(t.api.setPaused({ paused: 'yes' as never }));
      expect({ code: bad.code, message: bad.message }).toEqual({ code: 'invalid_input', message: 'paused must be true or false, got "yes"' });
    });

    it('turns the Prometheus endpoint on and off, and says where it serves', async () => {
      expect(await t.api.getExport()).toMatchObject({ enabled: false, url: null, error: null });
      const on = await t.api.setExport({ enabled: true });
      expect(on).toMatchObject({ enabled: true, error: null });
      expect(on.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
      expect(await t.api.setExport({ enabled: false })).toMatchObject({ enabled: false, url: null });
      expect((await failure(t.api.setExport({ enabled: 1 as never }))).message).toBe('enabled must be true or false, got 1');
    });

    it('previews and writes a diagnostics bundle, and refuses a bad request by name', async () => {
      const preview = await t.api.previewBundle();
      expect(preview.files.map((f) => f.path)).toEqual(expect.arrayContaining(['summary.txt', 'app/config.json', 'assistant/targets.json']));
      const result = await t.api.createBundle({ exclude: ['metrics/last-15m.csv'] });
      expect(result.bytes).toBeGreaterThan(0);
      expect(result.files.map((f) => f.path)).not.toContain('metrics/last-15m.csv');
      expect(result.omitted).toEqual([{ path: 'metrics/last-15m.csv', reason: 'left out by the user' }]);
      expect((await failure(t.api.createBundle({ exclude: 'all' as never }))).message).toBe('exclude must be a list of at most 200 paths inside the bundle');
    });

    it('tails log files: sources with their files, search, field filters, histograms and live notices', async () => {
      const until = async <T>(read: () => Promise<T>, ok: (v: T) => boolean): Promise<T> => {
        for (let i = 0; i < 100; i++) {
          const v = await read();
          if (ok(v)) return v;
          await sleep(50);
        }
        return read();
      };
      const window = { from: Date.now() - 60_000, to: Date.now() + 60_000 };
      const all = await until(() => t.api.queryLogs(window), (p) => p.lines.length === 2);
      expect(all.lines.map((l) => [l.level, l.message])).toEqual([
        ['error', 'Transcription failed'],
        ['info', 'Voice processed'],
      ]);
      expect(all.lines[0]!.fields).toMatchObject({ user_id: 'bob', target: 'assistant::voice' });
      expect((await t.api.queryLogs({ ...window, text: 'voice', fields: ['user_id=alice'] })).lines.map((l) => l.message)).toEqual(['Voice processed']);
      expect((await t.api.queryLogs({ ...window, levels: ['error'] })).lines).toHaveLength(1);
      const h = await t.api.logHistogram({ ...window, buckets: 4 });
      expect(h.t).toHaveLength(4);
      expect(Object.values(h.counts).flat().reduce((a, b) => a + b, 0)).toBe(2);
      const [source] = await t.api.getLogSources();
      expect(source).toMatchObject({ name: 'assistant', state: 'ok', reason: null, lines: 2, files: [{ path: logFile }] });
      // A diagnostics bundle carries the sources' state and their latest lines.
      expect((await t.api.previewBundle()).files.map((f) => f.path)).toEqual(expect.arrayContaining(['logs/sources.json', 'logs/assistant.jsonl']));

      const notice = nextEvents(t.api, 1, (e) => e.type === 'logs' && e.source === 'assistant', 10_000);
      appendFileSync(logFile, '2026-11-27 10:00:00 WARN plain text joins in\n');
      await expect(notice).resolves.toHaveLength(1);
      const bad = await failure(t.api.queryLogs({ ...window, fields: ['no equals sign'] }));
      expect({ code: bad.code, message: bad.message }).toEqual({ code: 'invalid_input', message: 'field filter "no equals sign" must be key=value (key of letters, digits, _ . @ -)' });
    });

    it('reports each collector with its state and tick counts', async () => {
      await nextEvents(t.api, 2, isCounting);
      const status = await t.api.getCollectorStatus();
      const counting = status.find((s) => s.name === 'counting');
      expect(counting).toMatchObject({ state: 'ok', intervalMs: 50, failures: 0, lastError: null });
      expect(counting!.ticks).toBeGreaterThanOrEqual(2);
      expect(status.map((s) => s.name)).toContain('system');
    });

    it('stops delivering events after unsubscribe, and serves several subscribers', async () => {
      const a: MonitorEvent[] = [];
      const b: MonitorEvent[] = [];
      const stopA = t.api.subscribe((e) => a.push(e));
      const stopB = t.api.subscribe((e) => b.push(e));
      await nextEvents(t.api, 3, isCounting);
      stopA();
      const frozen = a.length;
      await nextEvents(t.api, 3, isCounting);
      expect(frozen).toBeGreaterThan(0);
      expect(a.length).toBe(frozen);
      expect(b.length).toBeGreaterThan(frozen);
      stopB();
    });

    it('says when the core is lost, and again when it is back', async () => {
      const connection: boolean[] = [];
      const stop = t.api.subscribe((e) => {
        if (e.type === 'connection') connection.push(e.connected);
      });
      await nextEvents(t.api, 1, isCounting);
      await t.breakCore();
      await expect.poll(() => connection, { timeout: 5000 }).toEqual([false]);
      await sleep(200);
      expect(connection).toEqual([false]);
      await t.restoreCore();
      await expect.poll(() => connection, { timeout: 8000 }).toEqual([false, true]);
      await nextEvents(t.api, 2, isCounting);
      stop();
    }, 20_000);
  });
}
