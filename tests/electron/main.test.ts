// The shell's lifecycle with `electron` mocked: one instance, the window hides to the tray and
// the app keeps running, quitting waits for the core to flush.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

const tick = () => new Promise((r) => setImmediate(r));

/** A fresh start of the app: main.ts runs again against a fresh mocked `electron`. */
async function launch(gotLock = true) {
  vi.resetModules();
  const electron = await import('../mocks/electron');
  electron.app.gotLock = gotLock;
  electron.app.userData = mkdtempSync(join(tmpdir(), 'am-shell-'));
  await import('../../src-main/electron/main');
  await tick();
  await tick();
  return electron;
}

describe('desktop shell', () => {
  it('a second launch quits at once, leaving the first instance, which shows its window', async () => {
    const second = await launch(false);
    expect(second.app.quitCalls).toBe(1);
    expect(second.BrowserWindow.all).toHaveLength(0);
    const { app, BrowserWindow } = await launch(true);
    const [win] = BrowserWindow.all;
    win!.hide();
    app.emit('second-instance');
    expect(win!.visible).toBe(true);
    expect(win!.focused).toBe(true);
  });

  it('starts the core, the tray and the window on app://, hardened', async () => {
    const { BrowserWindow, Tray, utilityProcess, protocol, session } = await launch();
    expect(utilityProcess.forked).toHaveLength(1);
    expect(Tray.last).not.toBeNull();
    expect(BrowserWindow.all[0]!.loaded).toBe('app://monitor/index.html');
    expect(protocol.privileged).toContainEqual(expect.objectContaining({ scheme: 'app' }));
    expect(protocol.handlers.has('app')).toBe(true);
    expect(session.defaultSession.spellcheck).toBe(false);
  });

  it('closing the window hides it and the app keeps running (and recording)', async () => {
    const { app, BrowserWindow, utilityProcess } = await launch();
    const [win] = BrowserWindow.all;
    expect(win!.userCloses()).toBe(true);
    app.emit('window-all-closed');
    expect(app.quitCalls).toBe(0);
    expect(utilityProcess.forked[0]!.messages).not.toContainEqual({ kind: 'shutdown' });
  });

  it('Quit asks the core to flush and exit before the app ends', async () => {
    const { app, BrowserWindow, Tray, utilityProcess } = await launch();
    const quitted = new Promise<void>((r) => app.once('quit', () => r()));
    const tray = Tray.last as unknown as { menu: { template: { label?: string; click?: () => void }[] } };
    await vi.waitFor(() => expect(tray.menu).not.toBeNull());
    tray.menu.template.find((i) => i.label === 'Quit Assistant Monitor')!.click!();
    expect(utilityProcess.forked[0]!.messages).toContainEqual({ kind: 'shutdown' });
    await quitted;
    // The window really closes now.
    expect(BrowserWindow.all[0]!.userCloses()).toBe(false);
  });
});
