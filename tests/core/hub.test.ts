import { afterEach, describe, expect, it } from 'vitest';
import type { SampleBatch } from '../../src-main/shared/api';
import type { Collector } from '../../src-main/core/collector';
import { Hub } from '../../src-main/core/hub';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function collector(name: string, sample: Collector['sample'], intervalMs = 20, timeoutMs = 15): Collector {
  return { name, intervalMs, timeoutMs, series: () => [], sample };
}

describe('Hub', () => {
  let hub: Hub | null = null;
  afterEach(() => hub?.stop());

  it('keeps sampling healthy collectors while another throws, and records the failure', async () => {
    let n = 0;
    hub = new Hub([collector('good', () => ({ x: ++n })), collector('bad', () => { throw new Error('boom: /proc/foo vanished'); })]);
    const batches: SampleBatch[] = [];
    hub.events.on('samples', (e) => batches.push(e.batch));
    hub.start();
    await sleep(120);
    expect(batches.filter((b) => b.collector === 'good').length).toBeGreaterThanOrEqual(3);
    expect(batches.some((b) => b.collector === 'bad')).toBe(false);
    const bad = hub.status().find((s) => s.name === 'bad')!;
    expect(bad.state).toBe('error');
    expect(bad.lastError).toBe('boom: /proc/foo vanished');
    expect(bad.failures).toBeGreaterThanOrEqual(3);
    expect(hub.status().find((s) => s.name === 'good')!.state).toBe('ok');
  });

  it('times out a hung collector, never overlaps its calls, and counts the skipped ticks', async () => {
    let calls = 0;
    let concurrent = 0;
    let maxConcurrent = 0;
    hub = new Hub([
      collector('slow', async () => {
        calls++;
        concurrent++;
        maxConcurrent = Math.max(maxConcurrent, concurrent);
        await sleep(70);
        concurrent--;
        return { x: 1 };
      }),
    ]);
    hub.start();
    await sleep(200);
    const s = hub.status()[0]!;
    expect(maxConcurrent).toBe(1);
    expect(s.state).toBe('timeout');
    expect(s.lastError).toBe('no result within 15 ms');
    expect(s.skippedTicks).toBeGreaterThanOrEqual(4);
    expect(calls).toBeLessThanOrEqual(3);
  });

  it('keeps delivering to other subscribers when one throws', async () => {
    hub = new Hub([collector('c', () => ({ x: 1 }))]);
    let got = 0;
    hub.events.on('samples', () => { throw new Error('subscriber bug'); });
    hub.events.on('samples', () => got++);
    hub.start();
    await sleep(70);
    expect(got).toBeGreaterThanOrEqual(2);
    // Counted (a self metric), not swallowed silently.
    expect(hub.events.listenerErrors).toBe(got);
  });

  it('emits nothing for a tick with no values, and stops on stop()', async () => {
    let closed = false;
    hub = new Hub([{ ...collector('empty', () => ({})), close: () => (closed = true) }]);
    const batches: SampleBatch[] = [];
    hub.events.on('samples', (e) => batches.push(e.batch));
    hub.start();
    await sleep(60);
    hub.stop();
    const ticks = hub.status()[0]!.ticks;
    await sleep(60);
    expect(batches).toEqual([]);
    expect(hub.status()[0]!.ticks).toBe(ticks);
    expect(closed).toBe(true);
  });

  it('slows fast collectors while nobody watches and speeds them up again at once', async () => {
    let n = 0;
    hub = new Hub([collector('fast', () => ({ x: ++n }), 20), collector('slow', () => ({ y: 1 }), 500)]);
    hub.setIdleInterval(200);
    hub.start();
    await sleep(450);
    const idleTicks = n;
    expect(idleTicks).toBeGreaterThanOrEqual(2);
    expect(idleTicks).toBeLessThanOrEqual(4);
    expect(hub.status().map((s) => s.intervalMs)).toEqual([200, 500]);
    hub.setIdleInterval(null);
    await sleep(5);
    expect(n).toBe(idleTicks + 1); // ticked at once
    await sleep(200);
    expect(n - idleTicks).toBeGreaterThanOrEqual(7);
    expect(hub.status().map((s) => s.intervalMs)).toEqual([20, 500]);
  });
});
