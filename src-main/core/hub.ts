// Runs the collectors on their own timers, isolates them from each other (timeout, own status,
// a throwing collector never stops another or the loop) and puts their batches on the core's
// event stream.
import type { CollectorStatus, SeriesInfo } from '../shared/api';
import type { Collector } from './collector';
import { EventBus } from './events';

interface Slot {
  collector: Collector;
  status: CollectorStatus;
  running: boolean;
  timer: ReturnType<typeof setInterval> | null;
  /** Interval in force now: the collector's own, or the idle one while nobody watches. */
  intervalMs: number;
}

export class Hub {
  private readonly slots: Slot[] = [];
  private started = false;

  constructor(
    collectors: Collector[] = [],
    readonly events: EventBus = new EventBus(),
    private readonly now: () => number = Date.now,
  ) {
    this.add(...collectors);
  }

  /** Adds collectors; they start with the hub, or at once if it already runs. */
  add(...collectors: Collector[]): void {
    for (const collector of collectors) {
      if (this.slots.some((s) => s.collector.name === collector.name)) throw new Error(`two collectors are named ${collector.name}`);
      const slot = this.slotFor(collector);
      this.slots.push(slot);
      if (this.started && !this.paused) {
        void this.tick(slot);
        this.schedule(slot);
      }
    }
  }

  private slotFor(collector: Collector): Slot {
    return {
      collector,
      running: false,
      timer: null,
      intervalMs: collector.intervalMs,
      status: {
        name: collector.name,
        state: 'starting',
        intervalMs: collector.intervalMs,
        ticks: 0,
        skippedTicks: 0,
        failures: 0,
        lastDurationMs: null,
        lastError: null,
      },
    };
  }

  /** The interval a collector was configured with (ms); 1 s for names the hub does not know. */
  intervalOf(name: string): number {
    return this.slots.find((s) => s.collector.name === name)?.collector.intervalMs ?? 1000;
  }

  /** Every series every collector may produce. */
  series(): SeriesInfo[] {
    return this.slots.flatMap((s) => s.collector.series());
  }

  private paused = false;

  get isPaused(): boolean {
    return this.paused;
  }

  /**
   * Pausing stops every collector's timer (the user asked for quiet: nothing is sampled or
   * stored); resuming samples at once and resumes each rate.
   */
  setPaused(paused: boolean): void {
    if (paused === this.paused) return;
    this.paused = paused;
    if (!this.started) return;
    for (const slot of this.slots) {
      if (paused) {
        if (slot.timer) clearInterval(slot.timer);
        slot.timer = null;
      } else {
        void this.tick(slot);
        this.schedule(slot);
      }
    }
  }

  start(): void {
    this.started = true;
    if (this.paused) return;
    for (const slot of this.slots) {
      if (slot.timer) continue;
      void this.tick(slot);
      this.schedule(slot);
    }
  }

  private schedule(slot: Slot): void {
    if (slot.timer) clearInterval(slot.timer);
    slot.timer = setInterval(() => void this.tick(slot), slot.intervalMs);
    slot.timer.unref?.();
    slot.status.intervalMs = slot.intervalMs;
  }

  /**
   * While nobody watches, collectors faster than `idleIntervalMs` run at that interval (history
   * keeps recording, at a coarser step); `null` restores every collector's own rate at once.
   */
  setIdleInterval(idleIntervalMs: number | null): void {
    for (const slot of this.slots) {
      const next = idleIntervalMs === null ? slot.collector.intervalMs : Math.max(slot.collector.intervalMs, idleIntervalMs);
      if (next === slot.intervalMs) continue;
      const speedingUp = next < slot.intervalMs;
      slot.intervalMs = next;
      if (!this.started || this.paused) continue;
      this.schedule(slot);
      if (speedingUp) void this.tick(slot);
    }
  }

  stop(): void {
    for (const slot of this.slots) {
      if (slot.timer) clearInterval(slot.timer);
      slot.timer = null;
      slot.collector.close?.();
    }
  }

  status(): CollectorStatus[] {
    return this.slots.map((s) => ({ ...s.status }));
  }

  /** One tick of one collector. Exposed for tests through `start`; never overlaps itself. */
  private async tick(slot: Slot): Promise<void> {
    const { status, collector } = slot;
    if (slot.running) {
      status.skippedTicks++;
      return;
    }
    slot.running = true;
    status.ticks++;
    const t = this.now();
    const started = performance.now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const work = Promise.resolve().then(() => collector.sample());
    // The slot stays busy until the collector's own call settles, even after a timeout, so a
    // hung collector skips ticks instead of piling up calls.
    work.finally(() => (slot.running = false)).catch(() => {});
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new TimeoutError(collector.timeoutMs)), collector.timeoutMs);
      });
      const values = await Promise.race([work, timeout]);
      status.lastDurationMs = performance.now() - started;
      status.state = 'ok';
      status.lastError = null;
      const stale = collector.takeStale?.() ?? [];
      const live = collector.streamValues !== false;
      if (stale.length > 0) this.events.emit({ type: 'samples', batch: { t, collector: collector.name, values, stale }, live });
      else if (hasAny(values)) this.events.emit({ type: 'samples', batch: { t, collector: collector.name, values }, live });
    } catch (err) {
      status.failures++;
      status.lastDurationMs = performance.now() - started;
      status.state = err instanceof TimeoutError ? 'timeout' : 'error';
      status.lastError = err instanceof Error ? err.message : String(err);
    } finally {
      clearTimeout(timer);
    }
  }
}

function hasAny(values: Record<string, number>): boolean {
  for (const _ in values) return true;
  return false;
}

class TimeoutError extends Error {
  constructor(ms: number) {
    super(`no result within ${ms} ms`);
  }
}
