import { EventEmitter } from 'node:events';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { closeToTray } from '../../src-main/electron/close-to-tray';

function fakeWindow() {
  const win = Object.assign(new EventEmitter(), { hidden: 0, hide: () => void win.hidden++ });
  const close = () => {
    let prevented = false;
    win.emit('close', { preventDefault: () => (prevented = true) });
    return prevented;
  };
  return { win, close };
}

describe('closing the window', () => {
  it('hides it to the tray instead of closing, with a hint the first time only', () => {
    const { win, close } = fakeWindow();
    const hintShownFile = join(mkdtempSync(join(tmpdir(), 'am-hint-')), 'tray-hint-shown');
    let hints = 0;
    closeToTray(win as never, { quitting: () => false, hintShownFile, showHint: () => void hints++ });
    expect(close()).toBe(true);
    expect(close()).toBe(true);
    expect(win.hidden).toBe(2);
    expect(hints).toBe(1);
    expect(existsSync(hintShownFile)).toBe(true);
    // The hint is remembered across restarts of the app.
    const again = fakeWindow();
    closeToTray(again.win as never, { quitting: () => false, hintShownFile, showHint: () => void hints++ });
    again.close();
    expect(hints).toBe(1);
  });

  it('really closes once the user chose Quit', () => {
    const { win, close } = fakeWindow();
    let quitting = false;
    closeToTray(win as never, { quitting: () => quitting, hintShownFile: '/nonexistent/hint', showHint: () => {} });
    quitting = true;
    expect(close()).toBe(false);
    expect(win.hidden).toBe(0);
  });
});
