// The diagnostics bundle: one click (or `createBundle` over the API) writes a redacted zip of
// what a maintainer needs to triage a report — every module contributes its own files; this
// module adds the summary and the sanitized config, previews sizes and redactions, and writes.
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BundleResult } from '../../shared/api';
import type { ApiHandlers } from '../api';
import type { CoreModule, ModuleContext } from '../module';
import { VERSION } from '../version';
import { Redactor } from './redact';
import { jsonSection, type BundleSection } from './section';
import { summaryText } from './summary';
import { produceSection, writeBundle } from './write';

const DAY = 86_400_000;

export interface BundleDeps {
  /** Every other module: their bundle() sections. */
  modules: readonly CoreModule[];
  /** Their API implementations, for the summary (info, status, targets, restarts, ranges). */
  handlers: Partial<ApiHandlers>;
}

/** Where bundles are written: the data dir, or a temporary folder in memory-only mode. */
export function bundleDir(dataDir: string | null): string {
  return dataDir ? join(dataDir, 'bundles') : join(tmpdir(), 'assistant-monitor-bundles');
}

export function bundleModule(ctx: ModuleContext, deps: BundleDeps): CoreModule {
  const h = deps.handlers as ApiHandlers;

  const peak = async (series: string, label: string, format: (v: number) => string) => {
    const to = Date.now();
    const r = await h.queryRange({ series: [series], from: to - DAY, to, maxPoints: 2000 });
    let best: { v: number; t: number } | null = null;
    r.t.forEach((t, i) => {
      const v = r.values[0]![i];
      if (v !== null && v !== undefined && Number.isFinite(v) && (!best || v > best.v)) best = { v, t };
    });
    const b = best as { v: number; t: number } | null;
    return b ? [{ label, value: format(b.v), at: b.t }] : [];
  };

  const sections = (): BundleSection[] => [
    {
      path: 'summary.txt',
      description: 'Triage page: versions, status now, targets, restarts, peaks of the last 24 h, notices',
      source: 'core',
      async produce() {
        const pct = (v: number) => `${(v * 100).toFixed(1)} %`;
        const peaks = [...(await peak('system_cpu_utilization_ratio', 'machine CPU', pct)), ...(await peak('system_memory_utilization_ratio', 'machine memory', pct)), ...(await peak('assistant_monitor_cpu_ratio', "the monitor's own CPU", (v) => `${(v * 100).toFixed(2)} % of a core`))];
        return { text: summaryText({ info: await h.getInfo(), status: await h.getStatus(), targets: await h.getTargets(), restarts: await h.getRestarts(), peaks }) };
      },
    },
    jsonSection('app/config.json', 'The effective configuration (defaults filled in), secrets redacted', 'monitor.json', () => ctx.config),
    ...deps.modules.flatMap((m) => m.bundle?.() ?? []),
  ];

  return {
    name: 'bundle',
    api: {
      async previewBundle() {
        const redactor = new Redactor();
        const files = [];
        const omitted = [];
        for (const section of sections()) {
          const produced = await produceSection(section, redactor);
          if ('entry' in produced) files.push(produced.entry);
          else omitted.push(produced);
        }
        return { files, omitted };
      },
      async createBundle({ exclude = [], pseudonyms = false }): Promise<BundleResult> {
        const dir = bundleDir(ctx.dataDir);
        mkdirSync(dir, { recursive: true });
        const info = await h.getInfo();
        const stamp = new Date().toISOString().replace(/[:.]/g, '-').replace('T', '_').slice(0, 19);
        const name = `assistant-monitor-${pseudonyms ? 'host-1' : info.hostname.replace(/[^A-Za-z0-9.-]/g, '_')}-${stamp}.zip`;
        const file = join(dir, name);
        const { manifest, bytes, mappingFile } = await writeBundle(sections(), { out: file, host: info.hostname, version: VERSION, exclude, pseudonyms });
        return { file, name, bytes, files: manifest.files, omitted: manifest.omitted, redactionTotals: manifest.redactionTotals, mappingFile };
      },
    },
  };
}
