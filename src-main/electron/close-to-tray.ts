// Closing the window hides it: the app, and with it history recording, keeps running in the
// tray until the user quits. The first time, a hint says where the app went.
import { existsSync, writeFileSync } from 'node:fs';
import type { BrowserWindow } from 'electron';

export interface CloseToTrayOptions {
  /** True once the user chose Quit: then closing really closes. */
  quitting: () => boolean;
  /** A file whose existence means the hint was shown (kept in the app's folder). */
  hintShownFile: string;
  showHint: () => void;
}

export function closeToTray(win: Pick<BrowserWindow, 'on' | 'hide'>, options: CloseToTrayOptions): void {
  win.on('close', (event) => {
    if (options.quitting()) return;
    event.preventDefault();
    win.hide();
    if (existsSync(options.hintShownFile)) return;
    try {
      writeFileSync(options.hintShownFile, new Date().toISOString());
    } catch {
      // Not fatal: the hint may show again next time.
    }
    options.showHint();
  });
}
