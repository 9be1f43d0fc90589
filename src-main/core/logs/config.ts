// The `logs` section of monitor.json: the files to tail (a path or a glob each), an optional
// format override, and how long and how much of them the log store keeps. A bad source is
// skipped and a bad retention setting keeps its default; the rest applies.
import { homedir } from 'node:os';
import { z } from 'zod';
import { Problem, objectErrors, scalar, show } from '../../shared/schema-kit';
import { fieldsSection, listSection, type ConfigSection } from '../config/section';
import { durationBetween, sizeBetween, targetName } from '../config/values';
import { LOG_FORMATS, type LogFormat } from './formats';

const DAY = 24 * 3_600_000;

export interface LogSourceConfig {
  name: string;
  /** Absolute path or glob (`*`, `?` in the last segment only), `~` expanded. */
  path: string;
  format: LogFormat;
}

export interface LogsConfig {
  sources: LogSourceConfig[];
  retentionMs: number;
  maxBytes: number;
}

/** Our own log source's name: the monitor's own logs are always tailed under it. */
export const OWN_SOURCE = 'assistant-monitor';

export const DEFAULT_LOGS: LogsConfig = { sources: [], retentionMs: 7 * DAY, maxBytes: 256 * 1024 ** 2 };

function expandHome(path: string): string {
  return path === '~' || path.startsWith('~/') ? homedir() + path.slice(1) : path;
}

const sourceShape = {
  name: targetName(true),
  path: scalar({ type: 'string', description: 'a file or glob such as ~/.assistant/logs/assistant.log* (wildcards in the file name only)' }, (raw) => {
    if (typeof raw !== 'string' || raw.trim() === '') throw new Problem('must be a file path or glob');
    const path = expandHome(raw.trim());
    if (!path.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(path)) throw new Problem(`${show(raw)} must be an absolute path (or start with ~/)`);
    const dir = path.slice(0, Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')));
    if (/[*?[]/.test(dir)) throw new Problem(`${show(raw)}: wildcards are allowed in the file name only, not in directories`);
    return path;
  }),
  format: scalar({ type: 'string', description: 'auto (per line, the default), json, logfmt or text', enum: LOG_FORMATS }, (raw) => {
    if (!LOG_FORMATS.includes(raw as LogFormat)) throw new Problem(`must be one of ${LOG_FORMATS.join(', ')}, got ${show(raw)}`);
    return raw as LogFormat;
  }).optional(),
};

const sourceEntry: z.ZodType<LogSourceConfig> = z
  .strictObject(sourceShape, { error: objectErrors(sourceShape, 'an object such as {"name": "assistant", "path": "~/.assistant/logs/assistant.log*"}') })
  .check((ctx) => {
    if (ctx.value.name === OWN_SOURCE) ctx.issues.push({ code: 'custom', message: `"${OWN_SOURCE}" is the monitor's own logs; pick another name`, input: ctx.value.name, path: ['name'] });
  })
  .transform((s) => ({ name: s.name, path: s.path, format: s.format ?? 'auto' }));

const sources = listSection({ key: 'logs.sources', description: 'Log files to tail', what: 'sources such as {"name": "assistant", "path": "~/.assistant/logs/assistant.log*"}', entry: sourceEntry, duplicate: 'log source' });

const settings = fieldsSection({
  key: 'logs',
  description: 'Log tailing and the log store',
  shape: {
    retention: durationBetween('how long stored log lines are kept (default 7d)', 3_600_000, 365 * DAY).optional(),
    maxBytes: sizeBetween('the most the log store may use (default 256MiB)', 16 * 1024 ** 2, 1024 ** 4).optional(),
  },
  example: '{"retention": "7d", "maxBytes": "256MiB"}',
  default: DEFAULT_LOGS,
  apply: (value, field, parsed) => (field === 'retention' ? { ...value, retentionMs: parsed as number } : { ...value, maxBytes: parsed as number }),
});

export const logsSection: ConfigSection<LogsConfig> = {
  key: 'logs',
  description: 'Log files to tail and how long their lines are kept',
  schema: z
    .strictObject({ sources: sources.schema.optional(), ...(settings.schema as z.ZodObject).shape })
    .meta({ description: 'Log files to tail (path or glob, optional format) and how long and how much of them is kept' }),
  default: DEFAULT_LOGS,
  read(raw, report) {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      report({ path: 'logs', message: 'must be an object such as {"sources": [{"name": "assistant", "path": "~/.assistant/logs/assistant.log*"}]}' });
      return DEFAULT_LOGS;
    }
    const { sources: rawSources, ...rest } = raw as Record<string, unknown>;
    const value = settings.read(rest, report);
    return { ...value, sources: rawSources === undefined ? [] : sources.read(rawSources, report) };
  },
};
