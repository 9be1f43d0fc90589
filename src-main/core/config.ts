// The monitor's configuration file (JSON). Every problem is reported with the file and the path
// of the setting; a bad entry is skipped and the rest still applies, so a typo never stops the
// monitor from starting.
import { readFileSync } from 'node:fs';
import { parseDuration, PromQLError } from './promql/parser';
import type { ProcessTarget } from './collectors/processes';
import { DEFAULT_RETENTION, type Retention } from './history/history-store';
import { PRESET_NAMES, type PresetName } from './scrape/presets';
import type { ScrapeTargetConfig } from './scrape/scrape-target';

export interface ScrapeConfig extends ScrapeTargetConfig {
  preset: PresetName;
}

export interface MonitorConfig {
  scrape: ScrapeConfig[];
  /** Assistant processes to watch. */
  processes: ProcessTarget[];
  /** null: history is off (memory-only mode), because its settings were invalid. */
  history: Retention | null;
  /** Interval of the fast collectors while nobody watches; null keeps their own rate. */
  idleIntervalMs: number | null;
  /** Sampling interval per collector group. */
  intervals: Intervals;
}

export interface Intervals {
  system: number;
  io: number;
  filesystems: number;
  processes: number;
  gpu: number;
}

export const DEFAULT_INTERVALS: Intervals = { system: 1000, io: 5000, filesystems: 30_000, processes: 1000, gpu: 1000 };

export interface LoadedConfig {
  config: MonitorConfig;
  /** One line per problem, naming the file and the setting. */
  problems: string[];
}

export const DEFAULT_CONFIG: MonitorConfig = { scrape: [], processes: [], history: DEFAULT_RETENTION, idleIntervalMs: 5000, intervals: DEFAULT_INTERVALS };

const TOP_KEYS = new Set(['scrape', 'processes', 'history', 'sampling']);
const HISTORY_KEYS: Record<string, { key: keyof Retention; min: number; max: number }> = {
  raw: { key: 'rawMs', min: 10 * 60_000, max: 90 * 86_400_000 },
  minute: { key: 'minuteMs', min: 3_600_000, max: 3 * 365 * 86_400_000 },
  hour: { key: 'hourMs', min: 86_400_000, max: 20 * 365 * 86_400_000 },
};
const SIZE_UNITS: Record<string, number> = { B: 1, KB: 1e3, MB: 1e6, GB: 1e9, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3, TiB: 1024 ** 4 };
const SCRAPE_KEYS = new Set(['name', 'url', 'interval', 'timeout', 'bearerToken', 'basicAuth', 'headers', 'preset']);

function duration(value: unknown, where: string): number {
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) return Math.round(value * 1000);
  if (typeof value === 'string') {
    try {
      return parseDuration(value.trim());
    } catch (err) {
      if (!(err instanceof PromQLError)) throw err;
    }
  }
  throw new Error(`${where}: ${JSON.stringify(value)} is not a duration (use e.g. "5s", "1m", or seconds as a number)`);
}

function scrapeEntry(raw: unknown, where: string, names: Set<string>): ScrapeConfig {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error(`${where}: must be an object with at least "url"`);
  const r = raw as Record<string, unknown>;
  for (const key of Object.keys(r)) if (!SCRAPE_KEYS.has(key)) throw new Error(`${where}.${key}: unknown setting (known: ${[...SCRAPE_KEYS].join(', ')})`);
  if (typeof r.url !== 'string') throw new Error(`${where}.url: required, a URL such as "http://127.0.0.1:8080/metrics"`);
  let url: URL;
  try {
    url = new URL(r.url);
  } catch {
    throw new Error(`${where}.url: ${JSON.stringify(r.url)} is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`${where}.url: only http and https are supported, got ${url.protocol}`);
  const name = r.name === undefined ? url.host : r.name;
  if (typeof name !== 'string' || !/^[A-Za-z0-9_.:-]{1,64}$/.test(name)) throw new Error(`${where}.name: must be 1-64 letters, digits, _ . : or -`);
  if (names.has(name)) throw new Error(`${where}.name: ${JSON.stringify(name)} is used by another target`);
  const intervalMs = r.interval === undefined ? 5000 : duration(r.interval, `${where}.interval`);
  if (intervalMs < 1000 || intervalMs > 3_600_000) throw new Error(`${where}.interval: must be between 1s and 1h`);
  const timeoutMs = r.timeout === undefined ? Math.floor(intervalMs * 0.8) : duration(r.timeout, `${where}.timeout`);
  if (timeoutMs > intervalMs) throw new Error(`${where}.timeout: must not be longer than the interval (${intervalMs / 1000}s)`);
  const preset = r.preset === undefined ? 'reference' : r.preset;
  if (typeof preset !== 'string' || !(PRESET_NAMES as readonly string[]).includes(preset)) {
    throw new Error(`${where}.preset: ${JSON.stringify(preset)} is not one of ${PRESET_NAMES.join(', ')}`);
  }
  const out: ScrapeConfig = { name, url: url.href, intervalMs, timeoutMs, preset: preset as PresetName };
  if (r.bearerToken !== undefined) {
    if (typeof r.bearerToken !== 'string' || r.bearerToken === '') throw new Error(`${where}.bearerToken: must be a non-empty string`);
    out.bearerToken = r.bearerToken;
  }
  if (r.basicAuth !== undefined) {
    const b = r.basicAuth as Record<string, unknown> | null;
    if (typeof b !== 'object' || b === null || typeof b.username !== 'string' || typeof b.password !== 'string') {
      throw new Error(`${where}.basicAuth: must be {"username": "...", "password": "..."}`);
    }
    if (out.bearerToken) throw new Error(`${where}: set bearerToken or basicAuth, not both`);
    out.basicAuth = { username: b.username, password: b.password };
  }
  if (r.headers !== undefined) {
    const h = r.headers as Record<string, unknown> | null;
    if (typeof h !== 'object' || h === null || Array.isArray(h) || !Object.values(h).every((v) => typeof v === 'string')) {
      throw new Error(`${where}.headers: must be an object of header names to string values`);
    }
    out.headers = h as Record<string, string>;
  }
  names.add(name);
  return out;
}

function humanMs(ms: number): string {
  return ms % 86_400_000 === 0 ? `${ms / 86_400_000}d` : ms % 3_600_000 === 0 ? `${ms / 3_600_000}h` : `${ms / 60_000}m`;
}

/** history: {"raw": "24h", "minute": "30d", "hour": "365d", "maxBytes": "1GiB"}; throws on the first bad setting. */
function historyEntry(raw: unknown): Retention {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error('history: must be an object such as {"raw": "24h", "maxBytes": "1GiB"}');
  const out: Retention = { ...DEFAULT_RETENTION };
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    if (k === 'maxBytes') {
      let bytes: number;
      if (typeof v === 'number') bytes = v;
      else {
        const m = typeof v === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*([KMGT]i?B|B)\s*$/.exec(v) : null;
        if (!m) throw new Error(`history.maxBytes: ${JSON.stringify(v)} is not a size (use e.g. "512MiB", "2GiB" or bytes as a number)`);
        bytes = Number(m[1]) * SIZE_UNITS[m[2]!]!;
      }
      if (!Number.isFinite(bytes) || bytes < 16 * 1024 ** 2 || bytes > 1024 ** 4) throw new Error(`history.maxBytes: ${JSON.stringify(v)} must be between 16MiB and 1TiB`);
      out.maxBytes = Math.floor(bytes);
      continue;
    }
    const spec = HISTORY_KEYS[k];
    if (!spec) throw new Error(`history.${k}: unknown setting (known: raw, minute, hour, maxBytes)`);
    const ms = duration(v, `history.${k}`);
    if (ms < spec.min || ms > spec.max) throw new Error(`history.${k}: ${JSON.stringify(v)} must be between ${humanMs(spec.min)} and ${humanMs(spec.max)}`);
    out[spec.key] = ms;
  }
  if (out.rawMs > out.minuteMs || out.minuteMs > out.hourMs) throw new Error('history: keep raw <= minute <= hour retention');
  return out;
}

/** processes[i]: {"name": "...", and one of "pidFile", "process", "cmdline", "port"}. */
function processEntry(raw: unknown, where: string, names: Set<string>): ProcessTarget {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error(`${where}: must be an object such as {"name": "assistant", "port": 8080}`);
  const r = raw as Record<string, unknown>;
  const known = ['name', 'pidFile', 'process', 'cmdline', 'port'];
  for (const key of Object.keys(r)) if (!known.includes(key)) throw new Error(`${where}.${key}: unknown setting (known: ${known.join(', ')})`);
  if (typeof r.name !== 'string' || !/^[A-Za-z0-9_.:-]{1,64}$/.test(r.name)) throw new Error(`${where}.name: required, 1-64 letters, digits, _ . : or -`);
  if (names.has(r.name)) throw new Error(`${where}.name: ${JSON.stringify(r.name)} is used by another process target`);
  const ways = ['pidFile', 'process', 'cmdline', 'port'].filter((k) => r[k] !== undefined);
  if (ways.length !== 1) throw new Error(`${where}: set exactly one of pidFile, process, cmdline or port (found ${ways.length ? ways.join(', ') : 'none'})`);
  const out: ProcessTarget = { name: r.name };
  if (r.pidFile !== undefined) {
    if (typeof r.pidFile !== 'string' || r.pidFile === '') throw new Error(`${where}.pidFile: must be a file path`);
    out.pidFile = r.pidFile;
  }
  if (r.process !== undefined) {
    if (typeof r.process !== 'string' || r.process === '' || r.process.length > 15) throw new Error(`${where}.process: must be a process name of 1 to 15 characters (as in /proc/PID/comm)`);
    out.process = r.process;
  }
  if (r.cmdline !== undefined) {
    if (typeof r.cmdline !== 'string' || r.cmdline === '') throw new Error(`${where}.cmdline: must be a regular expression`);
    try {
      new RegExp(r.cmdline);
    } catch (err) {
      throw new Error(`${where}.cmdline: ${JSON.stringify(r.cmdline)} is not a valid regular expression (${(err as Error).message})`, { cause: err });
    }
    out.cmdline = r.cmdline;
  }
  if (r.port !== undefined) {
    if (!Number.isInteger(r.port) || (r.port as number) < 1 || (r.port as number) > 65535) throw new Error(`${where}.port: must be a TCP port from 1 to 65535`);
    out.port = r.port as number;
  }
  names.add(r.name);
  return out;
}

/** Validates parsed JSON; `file` names the source in every problem. */
export function validateConfig(raw: unknown, file: string): LoadedConfig {
  const problems: string[] = [];
  const config: MonitorConfig = { ...DEFAULT_CONFIG, scrape: [], processes: [], intervals: { ...DEFAULT_INTERVALS } };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { config, problems: [`${file}: the top level must be an object such as {"scrape": [...]}`] };
  }
  const r = raw as Record<string, unknown>;
  for (const key of Object.keys(r)) if (!TOP_KEYS.has(key)) problems.push(`${file}: ${key}: unknown setting (known: ${[...TOP_KEYS].join(', ')})`);
  // Lists of targets: a bad entry is skipped with its reason, the others still apply.
  const targets = <T>(key: 'scrape' | 'processes', what: string, entry: (raw: unknown, where: string, names: Set<string>) => T): T[] => {
    const list = r[key];
    if (list === undefined) return [];
    if (!Array.isArray(list)) {
      problems.push(`${file}: ${key}: must be a list of ${what}`);
      return [];
    }
    const names = new Set<string>();
    const out: T[] = [];
    list.forEach((item, i) => {
      try {
        out.push(entry(item, `${key}[${i}]`, names));
      } catch (err) {
        problems.push(`${file}: ${(err as Error).message}; target skipped`);
      }
    });
    return out;
  };
  config.scrape = targets('scrape', 'targets', scrapeEntry);
  config.processes = targets('processes', 'process targets', processEntry);
  if (r.sampling !== undefined) {
    const sm = r.sampling as Record<string, unknown> | null;
    if (typeof sm !== 'object' || sm === null || Array.isArray(sm)) problems.push(`${file}: sampling: must be an object such as {"system": "1s", "idleInterval": "5s"}`);
    else {
      for (const [key, value] of Object.entries(sm)) {
        try {
          if (key === 'idleInterval') {
            if (value === 0 || value === false) {
              config.idleIntervalMs = null;
              continue;
            }
            const ms = duration(value, 'sampling.idleInterval');
            if (ms < 1000 || ms > 300_000) throw new Error(`sampling.idleInterval: ${JSON.stringify(value)} must be between 1s and 5m (or 0 to keep full rate)`);
            config.idleIntervalMs = ms;
          } else if (key in DEFAULT_INTERVALS) {
            const ms = duration(value, `sampling.${key}`);
            if (ms < 500 || ms > 600_000) throw new Error(`sampling.${key}: ${JSON.stringify(value)} must be between 500ms and 10m`);
            config.intervals[key as keyof Intervals] = ms;
          } else throw new Error(`sampling.${key}: unknown setting (known: ${[...Object.keys(DEFAULT_INTERVALS), 'idleInterval'].join(', ')})`);
        } catch (err) {
          problems.push(`${file}: ${(err as Error).message}; keeping the default`);
        }
      }
    }
  }
  if (r.history !== undefined) {
    try {
      config.history = historyEntry(r.history);
    } catch (err) {
      config.history = null;
      problems.push(`${file}: ${(err as Error).message}; history is off, running in memory only`);
    }
  }
  return { config, problems };
}

export function loadConfig(file: string): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { config: DEFAULT_CONFIG, problems: [`${file}: cannot read the config file (${code ?? (err as Error).message}); running with defaults`] };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    const m = /position (\d+)/.exec((err as Error).message);
    const where = m ? ` at line ${text.slice(0, Number(m[1])).split('\n').length}` : '';
    return { config: DEFAULT_CONFIG, problems: [`${file}: not valid JSON${where}: ${(err as Error).message}; running with defaults`] };
  }
  return validateConfig(raw, file);
}
