// One file of the diagnostics bundle, contributed by the module that owns its data: what it is,
// where it comes from, and how to produce it (as text or a JSON value, both redacted on the way).
export interface BundleSection {
  /** Path inside the zip, e.g. `assistant/targets.json`. */
  path: string;
  description: string;
  /** Where the data comes from, for the manifest ("live store", "history database", ...). */
  source: string;
  produce(): Promise<BundleContent> | BundleContent;
}

export type BundleContent = { json: unknown } | { text: string };

/** A JSON section. */
export function jsonSection(path: string, description: string, source: string, produce: () => unknown): BundleSection {
  return { path, description, source, produce: async () => ({ json: await produce() }) };
}

/** Rows as CSV: `t` in ISO time first, then one column per series. */
export function csv(header: string[], rows: (string | number | null)[][]): string {
  const cell = (v: string | number | null) => (v === null ? '' : typeof v === 'number' ? String(v) : /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return [header, ...rows].map((r) => r.map(cell).join(',')).join('\n') + '\n';
}
