// `npm run test:electron`: the desktop app itself, launched by Playwright's Electron driver.
// It needs the Electron binary, which cannot be downloaded on the build machines, so without one
// it says so and skips (exit 0) instead of downloading or failing.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const pkg = join(import.meta.dirname, '../node_modules/electron');
const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
const pathFile = join(pkg, 'path.txt');
const binary = override ? join(override, readFileSync(pathFile, 'utf8')) : existsSync(pathFile) ? join(pkg, 'dist', readFileSync(pathFile, 'utf8')) : null;
if (!binary || !existsSync(binary)) {
  console.log('test:electron skipped: no Electron binary in node_modules/electron (it downloads on first `npx electron`, which needs network). 0 passed, 0 failed, 1 skipped');
  process.exit(0);
}
const result = spawnSync('npx', ['vitest', 'run', '--project', 'electron-app'], { stdio: 'inherit', env: { ...process.env, ELECTRON_BINARY: binary } });
process.exit(result.status ?? 1);
