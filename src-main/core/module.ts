// The one shape of every capability of the core. A module is a folder under src-main/core/ with
// its config section (config.ts), and a factory (module.ts) that, given the shared context,
// returns what it adds: collectors for the hub, handlers for rows of the contract table, its own
// numbers as self metrics read at collect time, notices, and start/stop. createCore only wires
// modules together; see src-main/core/README.md.
import type { SeriesInfo } from '../shared/api';
import type { ApiHandlers } from './api';
import type { BundleSection } from './bundle/section';
import type { Collector } from './collector';
import type { MonitorConfig } from './config/schema';
import type { EventBus } from './events';
import type { Hub } from './hub';
import type { LiveStore } from './live-store';

/** What every module may use. Nothing here is created by a module. */
export interface ModuleContext {
  config: MonitorConfig;
  /** Usable data directory, or null for memory only. */
  dataDir: string | null;
  /** Problems found at start (config, data dir), one line each; modules may add their own. */
  notices: string[];
  events: EventBus;
  hub: Hub;
  live: LiveStore;
  /** How much recent history the in-memory rings keep. */
  liveWindowMs: number;
  /** When the core started, ms since the epoch. */
  startedAt: number;
}

/** A module's own numbers, as series of the `self` collector, read when it samples. */
export interface SelfMetrics {
  series: SeriesInfo[];
  collect(): Record<string, number>;
}

export interface CoreModule {
  readonly name: string;
  /** Added to the hub, which runs them on their own timers. */
  readonly collectors?: readonly Collector[];
  /** Implementations of rows of the contract table; inputs arrive already checked. */
  readonly api?: Partial<ApiHandlers>;
  readonly selfMetrics?: SelfMetrics;
  /** Problems that come and go while running (e.g. history writes paused). */
  notices?(): string[];
  /** Its files in the diagnostics bundle (redacted by the bundle writer, which fails closed). */
  bundle?(): BundleSection[];
  start?(): void;
  stop?(): void;
}
