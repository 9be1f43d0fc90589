import { MessageChannel } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import type { MonitorApi, MonitorEvent } from '../../../src-main/shared/api';
import { createPortClient } from '../../../src-main/core/rpc/port-client';
import { servePort } from '../../../src-main/core/rpc/serve-port';
import { portOf } from '../../support/message-port';

describe('core port protocol', () => {
  const channels: MessageChannel[] = [];
  afterEach(() => {
    for (const c of channels.splice(0)) {
      c.port1.close();
      c.port2.close();
    }
  });

  function connect(api: Partial<MonitorApi>) {
    const ch = new MessageChannel();
    channels.push(ch);
    servePort(portOf(ch.port1), api as MonitorApi);
    const client = createPortClient();
    client.attach(portOf(ch.port2));
    return client;
  }

  it('carries a core error message back to the caller', async () => {
    const client = connect({ getInfo: () => Promise.reject(new Error('disk on fire')) });
    await expect(client.getInfo()).rejects.toThrow('disk on fire');
  });

  it('refuses calls while no core is attached, and fails pending calls when the core goes away', async () => {
    const idle = createPortClient();
    await expect(idle.getInfo()).rejects.toThrow('the monitor core is not running');
    const client = connect({ getInfo: () => new Promise(() => {}) });
    const pending = client.getInfo();
    client.detach('core process exited with code 9');
    await expect(pending).rejects.toThrow('the monitor core stopped: core process exited with code 9');
  });

  it('subscribes to the core only while someone listens, and again after a restart', async () => {
    let subscribed = 0;
    const emitters = new Set<(e: MonitorEvent) => void>();
    const api: Partial<MonitorApi> = {
      subscribe(l) {
        subscribed++;
        emitters.add(l);
        return () => emitters.delete(l);
      },
    };
    const client = connect(api);
    const got: MonitorEvent[] = [];
    const stop = client.subscribe((e) => got.push(e));
    await expect.poll(() => emitters.size).toBe(1);
    for (const e of emitters) e({ type: 'samples', batch: { t: 1, collector: 'c', values: { x: 1 } } });
    await expect.poll(() => got.length).toBe(1);
    client.detach('gone');
    const ch = new MessageChannel();
    channels.push(ch);
    servePort(portOf(ch.port1), api as MonitorApi);
    client.attach(portOf(ch.port2));
    await expect.poll(() => subscribed).toBe(2);
    expect(got.slice(1)).toEqual([
      { type: 'connection', connected: false, reason: 'gone' },
      { type: 'connection', connected: true },
    ]);
    expect(emitters.size).toBe(2); // the first core's listener would have died with its process
    stop();
    await expect.poll(() => emitters.size).toBe(1); // unsubscribe reached the new core
  });
});
