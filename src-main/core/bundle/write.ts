// Writes the bundle: every section produced, redacted and measured, then zipped as a stream with
// MANIFEST.json last (it lists what each file is, its size and what was redacted in it). A
// section whose production or redaction fails is left out and the manifest says why: the bundle
// never includes what it could not check.
import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { ZipFile } from 'yazl';
import type { BundleFile } from '../../shared/api';
import { Redactor } from './redact';
import type { BundleSection } from './section';

export interface Manifest {
  createdAt: string;
  host: string;
  version: string;
  files: BundleFile[];
  /** Sections left out: unticked by the user, too large, or failed (with the reason). */
  omitted: { path: string; reason: string }[];
  redactionTotals: Record<string, number>;
}

export interface ProducedSection {
  entry: BundleFile;
  data: Buffer;
}

/** Produces and redacts one section; a failure becomes an omission, never a partial file. */
export async function produceSection(section: BundleSection, redactor: Redactor): Promise<ProducedSection | { path: string; reason: string }> {
  try {
    const before = { ...redactor.counts };
    const content = await section.produce();
    const text = 'json' in content ? `${JSON.stringify(redactor.json(content.json), null, 2)}\n` : redactor.text(content.text);
    const redactions: Record<string, number> = {};
    for (const [rule, n] of Object.entries(redactor.counts)) if (n !== (before[rule] ?? 0)) redactions[rule] = n - (before[rule] ?? 0);
    const data = Buffer.from(text, 'utf8');
    return { entry: { path: section.path, description: section.description, source: section.source, bytes: data.length, redactions }, data };
  } catch (err) {
    return { path: section.path, reason: `could not be produced or redacted: ${err instanceof Error ? err.message : String(err)}` };
  }
}

export interface WriteOptions {
  out: string;
  host: string;
  version: string;
  /** Paths the user unticked. */
  exclude?: string[];
  /** Largest total of uncompressed bytes; sections past it are left out (default 100 MiB). */
  maxBytes?: number;
  pseudonyms?: boolean;
}

export async function writeBundle(sections: BundleSection[], options: WriteOptions): Promise<{ manifest: Manifest; bytes: number; mappingFile: string | null }> {
  const redactor = new Redactor({ pseudonyms: options.pseudonyms });
  const maxBytes = options.maxBytes ?? 100 * 1024 ** 2;
  const manifest: Manifest = { createdAt: new Date().toISOString(), host: options.pseudonyms ? 'host-1' : options.host, version: options.version, files: [], omitted: [], redactionTotals: {} };
  const zip = new ZipFile();
  const tmp = `${options.out}.partial`;
  const done = new Promise<number>((resolve, reject) => {
    const stream = createWriteStream(tmp);
    stream.on('error', reject);
    stream.on('finish', () => resolve(stream.bytesWritten));
    zip.outputStream.on('error', reject).pipe(stream);
  });
  // Awaited after the sections are produced; until then a write error must not go unhandled.
  done.catch(() => {});
  let total = 0;
  for (const section of sections) {
    if (options.exclude?.includes(section.path)) {
      manifest.omitted.push({ path: section.path, reason: 'left out by the user' });
      continue;
    }
    const produced = await produceSection(section, redactor);
    if (!('entry' in produced)) {
      manifest.omitted.push(produced);
      continue;
    }
    if (total + produced.data.length > maxBytes) {
      manifest.omitted.push({ path: section.path, reason: `would pass the bundle's size cap of ${maxBytes} bytes` });
      continue;
    }
    total += produced.data.length;
    manifest.files.push(produced.entry);
    zip.addBuffer(produced.data, section.path);
  }
  manifest.redactionTotals = { ...redactor.counts };
  zip.addBuffer(Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`), 'MANIFEST.json');
  zip.end();
  let bytes: number;
  try {
    bytes = await done;
    renameSync(tmp, options.out);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
  let mappingFile: string | null = null;
  if (options.pseudonyms && Object.keys(redactor.mapping).length > 0) {
    // Kept beside the zip, never in it: the user decides whether to share it.
    mappingFile = `${options.out}.pseudonyms.json`;
    const { writeFileSync } = await import('node:fs');
    writeFileSync(mappingFile, `${JSON.stringify(redactor.mapping, null, 2)}\n`, { mode: 0o600 });
  }
  return { manifest, bytes, mappingFile };
}
