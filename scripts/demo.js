// `npm run demo`: the demo assistant plus the monitor, already configured to scrape it and tail its logs.
// Extra arguments go to `serve` (e.g. `npm run demo -- --port 9000`).
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const bin = join(import.meta.dirname, '..', 'bin', 'assistant-monitor.js');
const children = [];
const stopAll = (code) => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  process.exitCode = code;
};
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

const dir = join(tmpdir(), 'assistant-monitor-demo');
const logDir = join(dir, 'assistant-logs');
mkdirSync(logDir, { recursive: true });
const demo = spawn(process.execPath, [bin, 'demo-assistant', '--port', '0', '--log-dir', logDir], { stdio: ['ignore', 'pipe', 'inherit'] });
children.push(demo);
demo.on('exit', (code) => stopAll(code ?? 1));
const demoUrl = await new Promise((resolve) => {
  let buf = '';
  demo.stdout.on('data', (d) => {
    process.stdout.write(d);
    buf += d;
    const m = /Demo assistant listening on (http:\/\/\S+)/.exec(buf);
    if (m) resolve(m[1]);
  });
});

const configFile = join(dir, 'monitor.json');
writeFileSync(
  configFile,
  JSON.stringify(
    {
      scrape: [{ name: 'assistant', url: `${demoUrl}/metrics`, interval: '5s', preset: 'reference' }],
      // The worker listens on the demo's port: watching by port follows it across restarts.
      processes: [{ name: 'assistant', port: Number(new URL(demoUrl).port) }],
      // Its JSON logs, rolled daily as assistant.log.YYYY-MM-DD.
      logs: { sources: [{ name: 'assistant', path: join(logDir, 'assistant.log*') }] },
    },
    null,
    2,
  ),
);
console.log(`Monitor config written to ${configFile}`);

const serve = spawn(process.execPath, [bin, 'serve', '--config', configFile, ...process.argv.slice(2)], { stdio: 'inherit' });
children.push(serve);
serve.on('exit', (code) => stopAll(code ?? 1));
