// The `export` section of monitor.json: the opt-in Prometheus endpoint.
import { z } from 'zod';
import { Problem, objectErrors, scalar, show } from '../../shared/schema-kit';
import { wholeSection } from '../config/section';

export interface ExportConfig {
  enabled: boolean;
  host: string;
  port: number;
  /** Required from scrapers as `Authorization: Bearer`, when set. */
  bearerToken: string | null;
  /** Also expose every scraped target's series, labelled source="target". */
  relay: boolean;
  /** True when the section in monitor.json was wrong: export stays off, whatever asks for it. */
  invalid?: boolean;
}

export const DEFAULT_EXPORT: ExportConfig = { enabled: false, host: '127.0.0.1', port: 9464, bearerToken: null, relay: false };
export const MIN_TOKEN_LENGTH = 16;

const bool = (what: string) =>
  scalar({ type: 'boolean', description: what }, (raw) => {
    if (typeof raw !== 'boolean') throw new Problem(`must be true or false, got ${show(raw)}`);
    return raw;
  });

const shape = {
  enabled: bool('serve /metrics for Prometheus (default false)').optional(),
  host: scalar({ type: 'string', description: 'address to bind (default 127.0.0.1); anything else is reachable from other machines' }, (raw) => {
    if (typeof raw !== 'string' || raw.trim() === '' || /[\s/]/.test(raw)) throw new Problem(`${show(raw)} is not a bind address (use e.g. "127.0.0.1", "0.0.0.0" or "::1")`);
    return raw;
  }).optional(),
  port: scalar({ type: 'integer', description: 'port to listen on (default 9464; 0 picks a free one)' }, (raw) => {
    if (!Number.isInteger(raw) || (raw as number) < 0 || (raw as number) > 65535) throw new Problem(`must be a TCP port from 0 to 65535, got ${show(raw)}`);
    return raw as number;
  }).optional(),
  bearerToken: scalar({ type: 'string', description: `token Prometheus must send (at least ${MIN_TOKEN_LENGTH} characters)` }, (raw) => {
    if (typeof raw !== 'string' || raw.length < MIN_TOKEN_LENGTH) throw new Problem(`must be a string of at least ${MIN_TOKEN_LENGTH} characters (a short token is easy to guess)`);
    return raw;
  }).optional(),
  relay: bool("also expose the scraped targets' series with a source label (default false)").optional(),
};

const exportSchema: z.ZodType<ExportConfig> = z
  .strictObject(shape, { error: objectErrors(shape, 'an object such as {"enabled": true, "port": 9464}') })
  .transform((r) => ({
    enabled: r.enabled ?? DEFAULT_EXPORT.enabled,
    host: r.host ?? DEFAULT_EXPORT.host,
    port: r.port ?? DEFAULT_EXPORT.port,
    bearerToken: r.bearerToken ?? null,
    relay: r.relay ?? DEFAULT_EXPORT.relay,
  }));

export const exportSection = wholeSection({
  key: 'export',
  description: 'Opt-in Prometheus /metrics endpoint for a Prometheus server to scrape',
  schema: exportSchema,
  default: DEFAULT_EXPORT,
  fallback: { ...DEFAULT_EXPORT, invalid: true },
  consequence: 'export is off',
});
