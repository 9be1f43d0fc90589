// Options of the one app window, built by a pure function so tests can pin every security flag.
import type { BrowserWindowConstructorOptions } from 'electron';

/** Where the preload bundle sits relative to the main bundle (both under out/). */
export const PRELOAD_RELATIVE_PATH = '../preload/index.cjs';

export function buildWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1200,
    height: 800,
    minWidth: 640,
    minHeight: 420,
    show: false,
    title: 'Assistant Monitor',
    backgroundColor: '#0f1419',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      // Chromium fetches Hunspell dictionaries from a CDN when spellcheck is on.
      spellcheck: false,
      // A middle click on a link would open a new window (refused anyway by the open handler).
      disableBlinkFeatures: 'Auxclick',
      // Keep sampling the UI at full rate only while visible; the core keeps recording anyway.
      backgroundThrottling: true,
    },
  };
}
