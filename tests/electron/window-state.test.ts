import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadWindowState, placeOnScreen, saveWindowState } from '../../src-main/electron/window-state';

const file = () => join(mkdtempSync(join(tmpdir(), 'am-win-')), 'window-state.json');
const screen = { x: 0, y: 0, width: 1920, height: 1040 };

describe('window state', () => {
  it('comes back as it was saved, maximized included', () => {
    const f = file();
    saveWindowState(f, { bounds: { x: 100, y: 80, width: 1000, height: 700 }, maximized: true });
    expect(loadWindowState(f)).toEqual({ bounds: { x: 100, y: 80, width: 1000, height: 700 }, maximized: true });
  });

  it('ignores a missing or broken file, and sizes below the minimum', () => {
    expect(loadWindowState('/nonexistent/w.json')).toBeNull();
    const f = file();
    writeFileSync(f, '{"bounds": {"x": "a"}}');
    expect(loadWindowState(f)).toBeNull();
    writeFileSync(f, '{"bounds": {"x": 0, "y": 0, "width": 10, "height": 10}}');
    expect(loadWindowState(f)!.bounds).toEqual({ x: 0, y: 0, width: 640, height: 420 });
  });

  it('keeps the position only while the title bar is on a screen', () => {
    const saved = { bounds: { x: 2500, y: 100, width: 800, height: 600 }, maximized: false };
    // The second monitor it was on is gone: only the size is kept, the window opens centred.
    expect(placeOnScreen(saved, [screen])).toEqual({ width: 800, height: 600 });
    expect(placeOnScreen(saved, [screen, { x: 1920, y: 0, width: 1920, height: 1080 }])).toEqual(saved.bounds);
    expect(placeOnScreen({ ...saved, bounds: { ...saved.bounds, x: 1850 } }, [screen])).toEqual({ width: 800, height: 600 });
  });
});
