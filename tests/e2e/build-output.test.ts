// `npm run build` must leave the three bundles the desktop app is made of, wired to each other.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PRELOAD_RELATIVE_PATH } from '../../src-main/electron/window-options';

const OUT = resolve(import.meta.dirname, '../../out');

describe('build output', () => {
  it('has the main, preload and renderer bundles', () => {
    for (const dir of ['main', 'preload', 'renderer']) expect(existsSync(join(OUT, dir)), `out/${dir}`).toBe(true);
    for (const file of ['main/index.js', 'main/core.js', 'main/cli.js', 'renderer/index.html']) expect(existsSync(join(OUT, file)), `out/${file}`).toBe(true);
  });

  it('points the main process at a preload file that exists, as one CommonJS file', () => {
    const main = readFileSync(join(OUT, 'main/index.js'), 'utf8');
    expect(main).toContain(PRELOAD_RELATIVE_PATH);
    const preload = join(OUT, 'main', PRELOAD_RELATIVE_PATH);
    expect(existsSync(preload)).toBe(true);
    const code = readFileSync(preload, 'utf8');
    expect(code).toContain('require("electron")');
    expect(code).not.toMatch(/^\s*import /m);
    expect(code).not.toMatch(/require\("\.\.?\//);
  });

  it('has package.json main pointing at the built main process', () => {
    const pkg = JSON.parse(readFileSync(resolve(OUT, '../package.json'), 'utf8')) as { main: string };
    expect(existsSync(resolve(OUT, '..', pkg.main))).toBe(true);
  });

  it('keeps electron out of the core bundles (cli, utility process and their shared chunks)', () => {
    const chunks = existsSync(join(OUT, 'main/chunks')) ? readdirSync(join(OUT, 'main/chunks')).map((f) => `main/chunks/${f}`) : [];
    for (const file of ['main/cli.js', 'main/core.js', ...chunks]) {
      expect(readFileSync(join(OUT, file), 'utf8'), file).not.toMatch(/from "electron"|require\("electron"\)/);
    }
  });
});
