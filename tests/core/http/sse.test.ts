// A browser stream that stops reading is cut off rather than grow the monitor's memory, and the
// cut is counted as a self metric.
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { EventBus } from '../../../src-main/core/events';
import { startHttpServer } from '../../../src-main/core/http/server';
import { Hub } from '../../../src-main/core/hub';
import { liveModule } from '../../../src-main/core/live/module';
import type { MonitorApi, MonitorEvent } from '../../../src-main/shared/api';

describe('event stream', () => {
  it('cuts off a client that stopped reading and counts it in the self metrics', async () => {
    let push: ((e: MonitorEvent) => void) | null = null;
    const api = { subscribe: (listener: (e: MonitorEvent) => void) => ((push = listener), () => {}) } as unknown as MonitorApi;
    const token = 'a'.repeat(32);
    const server = await startHttpServer({ api, host: '127.0.0.1', port: 0, token, staticDir: null });
    const events = new EventBus();
    const live = liveModule(new Hub([], events), events, 60_000);
    const dropped = () => live.selfMetrics!.collect().assistant_monitor_stream_slow_clients_dropped_total!;
    const before = dropped();
    // A client that asks for the stream and then never reads it.
    const socket = connect(server.port, '127.0.0.1');
    socket.write(`GET /api/stream HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nAuthorization: Bearer ${token}\r\n\r\n`);
    await expect.poll(() => push).not.toBeNull();
    socket.pause();
    const big: MonitorEvent = { type: 'samples', batch: { t: 1, collector: 'x', values: { ['p'.repeat(1024 * 1024)]: 1 } } };
    for (let i = 0; i < 64 && server.sse.droppedSlowClients === 0; i++) push!(big);
    expect(server.sse.droppedSlowClients).toBe(1);
    expect(dropped()).toBe(before + 1);
    socket.destroy();
    live.stop?.();
    await server.close();
  });
});
