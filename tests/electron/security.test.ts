import { EventEmitter } from 'node:events';
import type { Session, WebContents, WebFrameMain } from 'electron';
import { describe, expect, it } from 'vitest';
import { filterRequests, hardenApp, hardenSession, hardenWebContents, isAllowedExternal, isAppUrl, isTrustedSender, openExternalSafely, type RequestFilterStats } from '../../src-main/electron/security';

const APP = 'app://monitor/index.html';

describe('Electron security', () => {
  it('recognises only the app page (app://monitor) or the dev server origin', () => {
    expect(isAppUrl(`${APP}#/system`, APP)).toBe(true);
    expect(isAppUrl('app://monitor/assets/x.js', APP)).toBe(true);
    expect(isAppUrl('app://other/index.html', APP)).toBe(false);
    expect(isAppUrl('file:///etc/passwd', APP)).toBe(false);
    expect(isAppUrl('https://evil.example/', APP)).toBe(false);
    expect(isAppUrl('http://localhost:5173/x', 'http://localhost:5173/')).toBe(true);
    expect(isAppUrl('http://localhost:5174/', 'http://localhost:5173/')).toBe(false);
    expect(isAppUrl('not a url', APP)).toBe(false);
  });

  it('trusts IPC only from the app’s own top frame', () => {
    const top = { url: APP, parent: null } as unknown as WebFrameMain;
    expect(isTrustedSender(top, APP)).toBe(true);
    expect(isTrustedSender({ url: APP, parent: top } as unknown as WebFrameMain, APP)).toBe(false);
    expect(isTrustedSender({ url: 'https://evil.example/', parent: null } as unknown as WebFrameMain, APP)).toBe(false);
    expect(isTrustedSender(null, APP)).toBe(false);
  });

  function fakeContents() {
    return Object.assign(new EventEmitter(), {
      openHandler: null as null | ((d: { url: string }) => { action: string }),
      setWindowOpenHandler(h: (d: { url: string }) => { action: string }) {
        this.openHandler = h;
      },
    });
  }
  const prevented = (contents: EventEmitter, channel: string, url: string, asDetails = false) => {
    let stopped = false;
    const event = { preventDefault: () => (stopped = true), url };
    if (asDetails) contents.emit(channel, event);
    else contents.emit(channel, event, url);
    return stopped;
  };

  it('denies new windows, foreign navigation of the page and its frames, and webviews', () => {
    const contents = fakeContents();
    hardenWebContents(contents as unknown as WebContents, APP);
    expect(contents.openHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(prevented(contents, 'will-navigate', 'https://evil.example/')).toBe(true);
    expect(prevented(contents, 'will-navigate', APP)).toBe(false);
    expect(prevented(contents, 'will-redirect', 'https://evil.example/')).toBe(true);
    expect(prevented(contents, 'will-frame-navigate', 'https://evil.example/', true)).toBe(true);
    expect(prevented(contents, 'will-frame-navigate', `${APP}#/logs`, true)).toBe(false);
    expect(prevented(contents, 'will-attach-webview', '')).toBe(true);
  });

  it('hardens every web contents the app creates, and opens only allow-listed https links outside', () => {
    const app = new EventEmitter();
    const opened: string[] = [];
    hardenApp(app as never, APP, async (url) => void opened.push(url));
    const contents = fakeContents();
    app.emit('web-contents-created', {}, contents);
    expect(contents.openHandler!({ url: 'https://github.com/assistant-monitor' })).toEqual({ action: 'deny' });
    expect(contents.openHandler!({ url: 'http://github.com/' })).toEqual({ action: 'deny' });
    expect(contents.openHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://github.com/assistant-monitor']);
    expect(prevented(contents, 'will-navigate', 'https://evil.example/')).toBe(true);
  });

  it('allows external links by https and host only', () => {
    expect(isAllowedExternal('https://prometheus.io/docs/')).toBe(true);
    for (const url of ['http://prometheus.io/', 'https://prometheus.io.evil.example/', 'https://user:pw@github.com/', 'file:///etc/passwd', 'javascript:alert(1)', 'nope']) {
      expect(isAllowedExternal(url)).toBe(false);
      expect(openExternalSafely(url, async () => {})).toBe(false);
    }
  });

  it('refuses and counts every window request that would leave the machine', () => {
    let filter: ((d: { url: string }, cb: (r: { cancel: boolean }) => void) => void) | null = null;
    const stats: RequestFilterStats = { blocked: 0, lastBlocked: null };
    filterRequests({ webRequest: { onBeforeRequest: (f: typeof filter) => (filter = f) } } as never, (url) => url.startsWith('app:'), stats);
    const cancelled = (url: string) => {
      let cancel: boolean | null = null;
      filter!({ url }, (r) => (cancel = r.cancel));
      return cancel;
    };
    expect(cancelled('app://monitor/assets/x.js')).toBe(false);
    // What Chromium fetches by itself when allowed to: fonts, dictionaries, anything remote.
    expect(cancelled('https://fonts.googleapis.com/css2?family=Inter')).toBe(true);
    expect(cancelled('https://redirector.gvt1.com/edgedl/chrome/dict/en-us-10-1.bdic')).toBe(true);
    expect(stats).toEqual({ blocked: 2, lastBlocked: 'https://redirector.gvt1.com/edgedl/chrome/dict/en-us-10-1.bdic' });
  });

  it('grants no permission requests and turns spellcheck off', () => {
    let request: ((wc: unknown, p: string, cb: (ok: boolean) => void) => void) | null = null;
    let check: (() => boolean) | null = null;
    let spellcheck: boolean | null = null;
    hardenSession({
      setPermissionRequestHandler: (h: typeof request) => (request = h),
      setPermissionCheckHandler: (h: typeof check) => (check = h),
      setSpellCheckerEnabled: (on: boolean) => (spellcheck = on),
    } as unknown as Session);
    // Spellcheck would fetch Hunspell dictionaries from a CDN.
    expect(spellcheck).toBe(false);
    let granted: boolean | null = null;
    request!(null, 'media', (ok) => (granted = ok));
    expect(granted).toBe(false);
    expect(check!()).toBe(false);
  });
});
