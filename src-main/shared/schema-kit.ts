// The few building blocks every schema here is made of (zod 4; see the README for why zod).
// Scalars are read by a small function that throws a message in our words, so users see
// `"5x" is not a duration (...)` rather than a library's generic text; objects and lists stay
// declarative, and the JSON Schema for editors is generated from the same definitions.
import { z } from 'zod';

/** Thrown by a scalar's reader; becomes one issue at that field. */
export class Problem extends Error {}

type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array';

export interface ScalarDoc {
  /** JSON types the value may have in a file, for the generated JSON Schema. */
  type: JsonType | JsonType[];
  description: string;
  enum?: readonly string[];
}

/** A value read by `read`, which throws Problem with a message naming what is wrong. */
export function scalar<T>(doc: ScalarDoc, read: (raw: unknown) => T) {
  return z
    .unknown()
    .transform((raw, ctx): T => {
      try {
        return read(raw);
      } catch (err) {
        if (!(err instanceof Problem)) throw err;
        ctx.addIssue({ code: 'custom', message: err.message, input: raw });
        return z.NEVER;
      }
    })
    .meta({ ...doc, enum: doc.enum ? [...doc.enum] : undefined });
}

/** Error text for objects: unknown keys list the known ones; a non-object says what is expected. */
export function objectErrors(shape: Record<string, unknown>, expected: string) {
  return (iss: { code: string }): string | undefined => {
    if (iss.code === 'unrecognized_keys') return `unknown setting (known: ${Object.keys(shape).filter((k) => k !== '$schema').join(', ')})`;
    if (iss.code === 'invalid_type') return `must be ${expected}`;
    return undefined;
  };
}

export function show(value: unknown): string {
  return value === undefined ? 'nothing' : (JSON.stringify(value) ?? String(value));
}

/** `['scrape', 1, 'interval']` -> `scrape[1].interval`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out === '' ? String(part) : `.${String(part)}`;
  return out;
}

export interface Issue {
  /** Where, as `scrape[1].interval`; '' for the value itself. */
  path: string;
  message: string;
}

/** One Issue per problem; an unknown-keys issue becomes one per key, each at its own path. */
export function issuesOf(error: z.ZodError, prefix: readonly PropertyKey[] = []): Issue[] {
  const out: Issue[] = [];
  for (const iss of error.issues) {
    const path = [...prefix, ...iss.path];
    if (iss.code === 'unrecognized_keys') for (const key of iss.keys) out.push({ path: formatPath([...path, key]), message: iss.message });
    else out.push({ path: formatPath(path), message: iss.message });
  }
  return out;
}

/** `path: message`, or the message alone when it is about the value itself. */
export function formatIssue(issue: Issue): string {
  return issue.path ? `${issue.path}: ${issue.message}` : issue.message;
}
