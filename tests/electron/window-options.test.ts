import { describe, expect, it } from 'vitest';
import { buildWindowOptions, PRELOAD_RELATIVE_PATH } from '../../src-main/electron/window-options';

describe('window options', () => {
  const prefs = buildWindowOptions('/app/out/preload/index.cjs').webPreferences!;

  it('isolates the page: context isolation, sandbox, no Node', () => {
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
  });

  it('keeps web security on and risky features off', () => {
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.experimentalFeatures).toBe(false);
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.navigateOnDragDrop).toBe(false);
    expect(prefs.disableBlinkFeatures).toBe('Auxclick');
    // Local first: spellcheck would download dictionaries.
    expect(prefs.spellcheck).toBe(false);
  });

  it('loads the CommonJS preload bundle, which sandboxed preloads require', () => {
    expect(prefs.preload).toBe('/app/out/preload/index.cjs');
    expect(PRELOAD_RELATIVE_PATH).toMatch(/\.cjs$/);
  });
});
