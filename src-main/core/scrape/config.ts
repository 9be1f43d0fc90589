// The `scrape` section of monitor.json: Prometheus endpoints to scrape, each with its preset.
import { z } from 'zod';
import { Problem, objectErrors, scalar, show } from '../../shared/schema-kit';
import { listSection } from '../config/section';
import { durationBetween, targetName } from '../config/values';
import { PRESET_NAMES, type PresetName } from './presets';
import type { ScrapeTargetConfig } from './scrape-target';

export interface ScrapeConfig extends ScrapeTargetConfig {
  preset: PresetName;
}

const shape = {
  name: targetName(false).optional(),
  url: z
    .string({ error: (iss) => (iss.input === undefined ? 'required, a URL such as "http://127.0.0.1:8080/metrics"' : 'must be a URL string') })
    .transform((raw, ctx) => {
      let url: URL;
      try {
        url = new URL(raw);
      } catch {
        ctx.addIssue({ code: 'custom', message: `${JSON.stringify(raw)} is not a URL`, input: raw });
        return z.NEVER;
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        ctx.addIssue({ code: 'custom', message: `only http and https are supported, got ${url.protocol}`, input: raw });
        return z.NEVER;
      }
      return url;
    })
    .meta({ description: 'the metrics endpoint, http or https' }),
  interval: durationBetween('how often to scrape (default 5s)', 1000, 3_600_000).optional(),
  timeout: durationBetween('per scrape (default 80 % of the interval)', 1, 3_600_000).optional(),
  bearerToken: scalar({ type: 'string', description: 'sent as Authorization: Bearer' }, (raw) => {
    if (typeof raw !== 'string' || raw === '') throw new Problem('must be a non-empty string');
    return raw;
  }).optional(),
  basicAuth: scalar({ type: 'object', description: '{"username": "...", "password": "..."}' }, (raw) => {
    const b = raw as Record<string, unknown> | null;
    if (typeof b !== 'object' || b === null || typeof b.username !== 'string' || typeof b.password !== 'string') throw new Problem('must be {"username": "...", "password": "..."}');
    return { username: b.username, password: b.password };
  }).optional(),
  headers: scalar({ type: 'object', description: 'extra request headers, {"X-Name": "value"}' }, (raw) => {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || !Object.values(raw).every((v) => typeof v === 'string')) {
      throw new Problem('must be an object of header names to string values');
    }
    return raw as Record<string, string>;
  }).optional(),
  preset: scalar({ type: 'string', description: 'which dashboard panels to show (default reference)', enum: PRESET_NAMES }, (raw) => {
    if (!(PRESET_NAMES as readonly unknown[]).includes(raw)) throw new Problem(`${show(raw)} is not one of ${PRESET_NAMES.join(', ')}`);
    return raw as PresetName;
  }).optional(),
};

const DEFAULT_INTERVAL_MS = 5000;

const scrapeEntry: z.ZodType<ScrapeConfig> = z
  .strictObject(shape, { error: objectErrors(shape, 'an object with at least "url"') })
  .check((ctx) => {
    const { interval = DEFAULT_INTERVAL_MS, timeout, bearerToken, basicAuth } = ctx.value;
    if (timeout !== undefined && timeout > interval) {
      ctx.issues.push({ code: 'custom', path: ['timeout'], message: `must not be longer than the interval (${interval / 1000}s)`, input: timeout });
    }
    if (bearerToken !== undefined && basicAuth !== undefined) ctx.issues.push({ code: 'custom', message: 'set bearerToken or basicAuth, not both', input: ctx.value });
    if (ctx.value.url.username && (bearerToken !== undefined || basicAuth !== undefined)) {
      ctx.issues.push({ code: 'custom', path: ['url'], message: 'has user:password in it and bearerToken or basicAuth is set too; use one', input: ctx.value.url.href });
    }
  })
  .transform((r): ScrapeConfig => {
    const intervalMs = r.interval ?? DEFAULT_INTERVAL_MS;
    // user:password@ in the URL is basic auth, as Prometheus reads it; the URL itself is kept
    // without it (HTTP clients refuse credentials in URLs, and it is shown in the UI).
    const url = new URL(r.url.href);
    const urlAuth = url.username ? { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) } : undefined;
    url.username = '';
    url.password = '';
    const out: ScrapeConfig = {
      name: r.name ?? url.host,
      url: url.href,
      intervalMs,
      timeoutMs: r.timeout ?? Math.floor(intervalMs * 0.8),
      preset: r.preset ?? 'reference',
    };
    if (r.bearerToken !== undefined) out.bearerToken = r.bearerToken;
    if (r.basicAuth !== undefined || urlAuth) out.basicAuth = r.basicAuth ?? urlAuth;
    if (r.headers !== undefined) out.headers = r.headers;
    return out;
  });

export const scrapeSection = listSection({
  key: 'scrape',
  description: "Prometheus endpoints to scrape; every scraped series gets the label target=\"name\"",
  what: 'targets',
  entry: scrapeEntry,
  duplicate: 'target',
});
