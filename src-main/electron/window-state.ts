// The window comes back where the user left it: size, position and maximized state, kept in a
// small JSON file in the app's folder. A saved position that is off every screen now (a monitor
// was unplugged) is dropped so the window never opens out of sight.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds: Rect;
  maximized: boolean;
}

const MIN = { width: 640, height: 420 };

export function loadWindowState(file: string): WindowState | null {
  try {
    const raw = JSON.parse(readFileSync(file, 'utf8')) as Partial<WindowState>;
    const b = raw.bounds;
    if (!b || ![b.x, b.y, b.width, b.height].every((n) => Number.isFinite(n))) return null;
    return { bounds: { x: b.x, y: b.y, width: Math.max(MIN.width, b.width), height: Math.max(MIN.height, b.height) }, maximized: raw.maximized === true };
  } catch {
    return null;
  }
}

export function saveWindowState(file: string, state: WindowState): void {
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, JSON.stringify(state));
  renameSync(tmp, file);
}

/** The saved bounds if at least 100×50 px of the title area is on one of `workAreas`; else only the size. */
export function placeOnScreen(saved: WindowState, workAreas: Rect[]): Partial<Rect> {
  const { x, y, width, height } = saved.bounds;
  const visible = workAreas.some((a) => {
    const w = Math.min(x + width, a.x + a.width) - Math.max(x, a.x);
    const h = Math.min(y + 50, a.y + a.height) - Math.max(y, a.y);
    return w >= 100 && h >= 50;
  });
  return visible ? { x, y, width, height } : { width, height };
}
