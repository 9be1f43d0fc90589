// monitor.json as a whole: one row per module's section. The checked config, the problems found
// and the JSON Schema published for editors all come from these rows.
import { z } from 'zod';
import { formatIssue } from '../../shared/schema-kit';
import { exportSection } from '../export/config';
import { historySection } from '../history/config';
import { serverSection } from '../http/config';
import { otlpSection } from '../otlp/config';
import { logsSection } from '../logs/config';
import { processesSection } from '../processes/config';
import { scrapeSection } from '../scrape/config';
import { samplingSection } from './sampling';
import type { ConfigSection } from './section';

const SECTIONS = {
  scrape: scrapeSection,
  processes: processesSection,
  history: historySection,
  logs: logsSection,
  sampling: samplingSection,
  export: exportSection,
  server: serverSection,
  otlp: otlpSection,
};

type ValueOf<S> = S extends ConfigSection<infer T> ? T : never;
export type MonitorConfig = { [K in keyof typeof SECTIONS]: ValueOf<(typeof SECTIONS)[K]> };

export const DEFAULT_CONFIG: MonitorConfig = Object.fromEntries(Object.entries(SECTIONS).map(([k, s]) => [k, s.default])) as MonitorConfig;

export interface LoadedConfig {
  config: MonitorConfig;
  /** One line per problem, naming the file and the setting. */
  problems: string[];
}

/** Checks parsed JSON; `file` names the source in every problem. Never throws: the rest applies. */
export function validateConfig(raw: unknown, file: string): LoadedConfig {
  const problems: string[] = [];
  const config = { ...DEFAULT_CONFIG };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { config, problems: [`${file}: the top level must be an object such as {"scrape": [...]}`] };
  }
  const r = raw as Record<string, unknown>;
  for (const key of Object.keys(r)) {
    if (key !== '$schema' && !(key in SECTIONS)) problems.push(`${file}: ${key}: unknown setting (known: ${Object.keys(SECTIONS).join(', ')})`);
  }
  for (const [key, section] of Object.entries(SECTIONS) as [keyof MonitorConfig, ConfigSection<unknown>][]) {
    if (r[key] === undefined) continue;
    (config as Record<string, unknown>)[key] = section.read(r[key], (issue, consequence) => problems.push(`${file}: ${formatIssue(issue)}${consequence ? `; ${consequence}` : ''}`));
  }
  return { config, problems };
}

/** The JSON Schema of monitor.json (draft 2020-12), as published in resources/monitor.schema.json. */
export function monitorJsonSchema(): Record<string, unknown> {
  const shape = Object.fromEntries(Object.entries(SECTIONS).map(([k, s]) => [k, s.schema.optional()]));
  const file = z.strictObject({ $schema: z.string().optional().meta({ description: 'this schema, for editors' }), ...shape }).meta({
    title: 'Assistant Monitor configuration (monitor.json)',
  });
  return z.toJSONSchema(file, { io: 'input', unrepresentable: 'any' });
}
