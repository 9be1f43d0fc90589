// Starting the core from a config file and a data dir, the same way for `serve` and for the
// Electron utility process: problems found on the way become notices, never a failed start.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from './config/load';
import { DEFAULT_CONFIG, type MonitorConfig } from './config/schema';
import { createCore, type Core } from './create-core';
import { prepareDataDir } from './data-dir';
import { createOwnLog, type OwnLogger } from './logs/own-log';

export interface BootOptions {
  /** The config file; null runs with defaults. */
  configFile: string | null;
  /** Read only if it exists (the desktop app's monitor.json is optional). */
  configOptional?: boolean;
  /** The data dir to use (created if missing); null keeps everything in memory. */
  dataDir: string | null;
  appPid?: number;
  /** `serve --export`. */
  exportEnabled?: boolean;
}

export interface Booted {
  core: Core;
  /** The data dir in use, or null when the monitor runs in memory only. */
  dataDir: string | null;
  /** The checked config, for the transports' own settings (serve's `server` section). */
  config: MonitorConfig;
  /** The monitor's own log (JSON lines under the data dir's logs/); null in memory-only mode. */
  log: OwnLogger | null;
  /** Problems found before the core started, also shown in the UI. */
  notices: string[];
}

export function bootCore(options: BootOptions): Booted {
  const notices: string[] = [];
  const skip = options.configFile === null || (options.configOptional && !existsSync(options.configFile));
  const { config, problems } = skip ? { config: DEFAULT_CONFIG, problems: [] } : loadConfig(options.configFile!);
  notices.push(...problems);
  const dataDir = options.dataDir === null ? null : prepareDataDir(options.dataDir, (line) => notices.push(line));
  const ownLogDir = dataDir ? join(dataDir, 'logs') : null;
  let log: OwnLogger | null = null;
  try {
    log = ownLogDir ? createOwnLog({ dir: ownLogDir }) : null;
  } catch (err) {
    notices.push(`own log ${ownLogDir}: ${(err as Error).message}; the monitor keeps no log of its own`);
  }
  for (const line of notices) log?.warn(line);
  const core = createCore({
    config,
    dataDir,
    notices,
    idleIntervalMs: config.sampling.idleIntervalMs,
    appPid: options.appPid,
    exportEnabled: options.exportEnabled,
    historyFile: dataDir ? join(dataDir, 'history.db') : null,
    ownLogDir: log ? ownLogDir : null,
  });
  return { core, config, log, notices, dataDir };
}
