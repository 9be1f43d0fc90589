import { describe, expect, it } from 'vitest';
import { EventBus, type CoreEvent } from '../../src-main/core/events';

const restart: CoreEvent = { type: 'restart', restart: { target: 'a', at: 1, oldPid: 1, newPid: 2, evidence: [] } };
const scraped: CoreEvent = { type: 'scraped', target: 'demo', t: 5, up: true };

describe('the event stream', () => {
  it('delivers each event to the listeners of its type and to those of every type', () => {
    const bus = new EventBus();
    const restarts: CoreEvent[] = [];
    const all: string[] = [];
    bus.on('restart', (e) => restarts.push(e));
    bus.onAny((e) => all.push(e.type));
    bus.emit(scraped);
    bus.emit(restart);
    expect(restarts).toEqual([restart]);
    expect(all).toEqual(['scraped', 'restart']);
  });

  it('keeps delivering when a listener throws, and counts it', () => {
    const bus = new EventBus();
    let got = 0;
    bus.on('scraped', () => {
      throw new Error('bug');
    });
    bus.on('scraped', () => got++);
    bus.emit(scraped);
    bus.emit(scraped);
    expect(got).toBe(2);
    expect(bus.listenerErrors).toBe(2);
  });

  it('stops delivering to a listener that unsubscribed', () => {
    const bus = new EventBus();
    let got = 0;
    const off = bus.on('scraped', () => got++);
    bus.emit(scraped);
    off();
    bus.emit(scraped);
    expect(got).toBe(1);
  });
});
