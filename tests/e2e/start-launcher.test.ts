// `npm start` where the Electron binary cannot be had: one line saying so and pointing at
// `npm run serve`, never a stack trace. The binary is missing on the build machines; the mirror
// points at a closed local port so the test never downloads anything, even where it could.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const LAUNCHER = resolve(import.meta.dirname, '../../scripts/start.js');
/** Where Electron is installed already, the launcher would open the app instead. */
const installed = existsSync(resolve(import.meta.dirname, '../../node_modules/electron/path.txt'));

function start(env: Record<string, string>) {
  const r = spawnSync(process.execPath, [LAUNCHER], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });
  return { status: r.status, stderr: r.stderr.trim().split('\n'), stdout: r.stdout };
}

describe('npm start launcher', () => {
  it.skipIf(installed)('says in one line that Electron could not be downloaded and that npm run serve shows the same dashboard', () => {
    const r = start({ ELECTRON_MIRROR: 'http://127.0.0.1:9/', ELECTRON_OVERRIDE_DIST_PATH: '' });
    expect(r.status).toBe(1);
    expect(r.stderr.at(-1)).toMatch(/^assistant-monitor: the Electron binary is not installed and could not be downloaded \(.+\); `npm run serve` gives the same dashboard in a browser$/);
    expect(r.stderr.join('\n')).not.toMatch(/^\s+at /m);
  });

  it('says in one line when the binary it was given cannot run', () => {
    const r = start({ ELECTRON_OVERRIDE_DIST_PATH: '/nonexistent-electron-dist' });
    expect(r.status).toBe(1);
    expect(r.stderr).toEqual(['assistant-monitor: cannot run the Electron binary /nonexistent-electron-dist/electron (ENOENT); `npm run serve` gives the same dashboard in a browser']);
  });
});
