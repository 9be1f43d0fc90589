// A module's part of monitor.json: its key, its schema, its default, and what happens when
// something in it is wrong. Three policies cover every section: a list whose bad entries are
// skipped, an object whose bad fields keep their defaults, and a section that is all or nothing.
// Whatever the policy, every problem is reported with its path and the rest still applies.
import { z } from 'zod';
import { formatPath, issuesOf, type Issue } from '../../shared/schema-kit';

export type Report = (issue: Issue, consequence?: string) => void;

export interface ConfigSection<T> {
  key: string;
  description: string;
  /** The section as it is written in the file; the JSON Schema is generated from it. */
  schema: z.ZodType;
  default: T;
  /** The section's value from its raw JSON, reporting each problem. */
  read(raw: unknown, report: Report): T;
}

/** A list of entries (targets): a bad entry is skipped with its reasons, the others apply. */
export function listSection<T extends { name: string }>(options: {
  key: string;
  description: string;
  /** What the list holds, for "must be a list of ...". */
  what: string;
  entry: z.ZodType<T>;
  /** "is used by another ..." */
  duplicate: string;
}): ConfigSection<T[]> {
  const { key, entry } = options;
  return {
    key,
    description: options.description,
    schema: z.array(entry).meta({ description: options.description }),
    default: [],
    read(raw, report) {
      if (!Array.isArray(raw)) {
        report({ path: key, message: `must be a list of ${options.what}` });
        return [];
      }
      const names = new Set<string>();
      const out: T[] = [];
      raw.forEach((item, i) => {
        const parsed = entry.safeParse(item);
        if (!parsed.success) {
          for (const issue of issuesOf(parsed.error, [key, i])) report(issue, 'target skipped');
          return;
        }
        if (names.has(parsed.data.name)) {
          report({ path: formatPath([key, i, 'name']), message: `${JSON.stringify(parsed.data.name)} is used by another ${options.duplicate}` }, 'target skipped');
          return;
        }
        names.add(parsed.data.name);
        out.push(parsed.data);
      });
      return out;
    },
  };
}

/** An object of independent settings: a bad one keeps its default, the others apply. */
export function fieldsSection<S extends Record<string, z.ZodType>, T>(options: {
  key: string;
  description: string;
  shape: S;
  /** For "must be an object such as ...". */
  example: string;
  default: T;
  /** Applies one checked setting to the value being built. */
  apply(value: T, field: keyof S & string, parsed: unknown): T;
}): ConfigSection<T> {
  const { key, shape } = options;
  return {
    key,
    description: options.description,
    schema: z.strictObject(shape).meta({ description: options.description }),
    default: options.default,
    read(raw, report) {
      let value = options.default;
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
        report({ path: key, message: `must be an object such as ${options.example}` });
        return value;
      }
      for (const [field, fieldRaw] of Object.entries(raw)) {
        const schema = shape[field];
        if (!schema) {
          report({ path: formatPath([key, field]), message: `unknown setting (known: ${Object.keys(shape).join(', ')})` }, 'keeping the default');
          continue;
        }
        const parsed = schema.safeParse(fieldRaw);
        if (parsed.success) value = options.apply(value, field, parsed.data);
        else for (const issue of issuesOf(parsed.error, [key, field])) report(issue, 'keeping the default');
      }
      return value;
    },
  };
}

/** A section that applies whole or not at all; `fallback` (and `consequence`) when it is wrong. */
export function wholeSection<T, F>(options: { key: string; description: string; schema: z.ZodType<T>; default: T; fallback: F; consequence: string }): ConfigSection<T | F> {
  const { key, schema } = options;
  return {
    key,
    description: options.description,
    schema: schema.meta({ description: options.description }),
    default: options.default,
    read(raw, report) {
      const parsed = schema.safeParse(raw);
      if (parsed.success) return parsed.data;
      for (const issue of issuesOf(parsed.error, [key])) report(issue, options.consequence);
      return options.fallback;
    },
  };
}
