// `npm run bench -- NAME`: bundles tests/bench/NAME.bench.ts with Vite (the benchmarks import
// the TypeScript sources) and runs it. Each benchmark prints one JSON object as its last line.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { build } from 'vite';

const root = resolve(import.meta.dirname, '..');
const name = process.argv[2];
const available = readdirSync(resolve(root, 'tests/bench'))
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace('.bench.ts', ''));
if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench -- NAME   (available: ${available.join(', ')})`);
  process.exit(2);
}
const entry = resolve(root, `tests/bench/${name}.bench.ts`);
const outDir = resolve(root, 'node_modules/.cache/bench');
await build({
  root,
  logLevel: 'warn',
  configFile: false,
  build: { ssr: entry, outDir, emptyOutDir: false, minify: false, rollupOptions: { output: { entryFileNames: `${name}.mjs` } } },
});
const file = resolve(outDir, `${name}.mjs`);
if (!existsSync(file)) throw new Error(`bench build produced no ${file}`);
const run = spawnSync(process.execPath, ['--expose-gc', file, ...process.argv.slice(3)], { stdio: 'inherit' });
process.exit(run.status ?? 1);
