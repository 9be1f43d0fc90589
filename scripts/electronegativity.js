// Electron security review in CI: Doyensec's electronegativity over the shell, the preload, the
// core and the renderer (its HTML carries the CSP). Every finding must be fixed or justified in
// electronegativity-exceptions.json (check id, file, why); anything else fails the run.
// The tool fetches Electron's release list and translations at start; this machine (and CI) has
// no network for that, so its HTTP client is replaced by one that fails at once.
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const Module = require('node:module');
const offline = () => Promise.reject(new Error('offline: electronegativity update checks are skipped'));
offline.head = offline;
offline.get = offline;
const load = Module._load;
Module._load = function (request, parent, isMain) {
  return request === 'got' ? offline : load.call(this, request, parent, isMain);
};

const run = require('@doyensec/electronegativity');
const exceptions = JSON.parse(readFileSync(join(ROOT, 'electronegativity-exceptions.json'), 'utf8')).exceptions;

const scan = mkdtempSync(join(tmpdir(), 'am-electronegativity-'));
try {
  cpSync(join(ROOT, 'src-main'), join(scan, 'src-main'), { recursive: true });
  cpSync(join(ROOT, 'src-renderer'), join(scan, 'src-renderer'), { recursive: true });
  const log = console.log;
  console.log = () => {}; // its banner and translation notices
  let result;
  try {
    result = await run({
      input: scan,
      isRelative: true,
      electronVersionOverride: '45.0.0',
      // Needs Electron's release list from the network; Electron itself is kept current by npm.
      excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
      customScan: [],
      parserPlugins: [],
    });
  } finally {
    console.log = log;
  }
  const findings = result.issues.map((i) => ({ id: i.id, file: i.file.replace(/\\/g, '/'), line: i.location.line, description: i.description }));
  const justified = (f) => exceptions.some((e) => e.id === f.id && e.file === f.file);
  const open = findings.filter((f) => !justified(f));
  const unused = exceptions.filter((e) => !findings.some((f) => f.id === e.id && f.file === e.file));
  for (const f of findings) console.log(`${justified(f) ? 'justified' : 'FINDING  '} ${f.id} ${f.file}:${f.line} ${justified(f) ? '' : f.description}`);
  for (const e of unused) console.log(`stale exception (nothing found any more): ${e.id} ${e.file}`);
  const hardErrors = result.errors.filter((e) => !e.tolerable);
  for (const e of hardErrors) console.log(`could not parse ${e.file}: ${e.message}`);
  console.log(JSON.stringify({ electronegativity: { files_scanned: 'src-main, src-renderer', findings: findings.length, justified: findings.length - open.length, open: open.length, parse_errors: hardErrors.length } }));
  process.exitCode = open.length > 0 || unused.length > 0 || hardErrors.length > 0 ? 1 : 0;
} finally {
  rmSync(scan, { recursive: true, force: true });
}
