#!/usr/bin/env node
// Thin launcher: the CLI itself is bundled by `npm run build` into out/main/cli.js.
import { existsSync } from 'node:fs';

const [major] = process.versions.node.split('.').map(Number);
if (major < 24) {
  console.error(`assistant-monitor: needs Node.js 24 or newer (this is ${process.versions.node}); run it through npm scripts or install Node 24`);
  process.exit(1);
}
const cli = new URL('../out/main/cli.js', import.meta.url);
if (!existsSync(cli)) {
  console.error('assistant-monitor: not built yet; run `npm run build` first');
  process.exit(1);
}
await import(cli.href);
