// `npm start`: launches the desktop app. The electron package downloads its binary on first use;
// where that cannot work (offline, a proxy, a registry-only mirror) it ends in a stack trace, so
// the binary is located in a child process and a failure becomes one line pointing at
// `npm run serve`, which shows the same dashboard in a browser.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const SERVE_HINT = '`npm run serve` gives the same dashboard in a browser';

function fail(what) {
  console.error(`assistant-monitor: ${what}; ${SERVE_HINT}`);
  process.exit(1);
}

/** The first line that says why, e.g. "TypeError: fetch failed" -> "fetch failed". */
function reason(stderr) {
  const line = stderr.split('\n').map((l) => l.trim()).find((l) => l !== '' && !l.startsWith('at ') && !l.endsWith('^') && !/\.js:\d+$/.test(l));
  return line ? line.replace(/^\w*Error: /, '').slice(0, 200) : 'no reason given';
}

// require('electron') downloads the binary when missing and returns its path.
const locate = spawn(process.execPath, ['-e', "process.stdout.write('\\n' + require('electron'))"], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
let out = '';
let err = '';
locate.stdout.on('data', (d) => {
  out += d;
  // Let "Downloading Electron binary..." through: a first start takes a while.
  if (/Downloading/.test(String(d))) process.stderr.write(String(d).split('\n')[0] + '\n');
});
locate.stderr.on('data', (d) => (err += d));
const code = await new Promise((resolve) => locate.on('close', resolve));
if (code !== 0) fail(`the Electron binary is not installed and could not be downloaded (${reason(err)})`);
const binary = out.split('\n').at(-1);

const app = spawn(binary, [root, ...process.argv.slice(2)], { stdio: 'inherit', windowsHide: false });
app.on('error', (e) => fail(`cannot run the Electron binary ${binary} (${e.code ?? e.message})`));
app.on('close', (exitCode, signal) => process.exit(signal ? 1 : (exitCode ?? 1)));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => app.kill(signal));
