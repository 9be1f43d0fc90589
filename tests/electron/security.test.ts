import { EventEmitter } from 'node:events';
import type { Session, WebContents, WebFrameMain } from 'electron';
import { describe, expect, it } from 'vitest';
import { hardenSession, hardenWebContents, isAppUrl, isTrustedSender } from '../../src-main/electron/security';

const APP = 'file:///opt/Assistant%20Monitor/resources/app/out/renderer/index.html';

describe('Electron security', () => {
  it('recognises only the app page (file) or the dev server origin', () => {
    expect(isAppUrl(`${APP}#/system`, APP)).toBe(true);
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

  it('denies new windows, foreign navigation and webviews', () => {
    const contents = Object.assign(new EventEmitter(), {
      openHandler: null as null | (() => { action: string }),
      setWindowOpenHandler(h: () => { action: string }) {
        this.openHandler = h;
      },
    });
    hardenWebContents(contents as unknown as WebContents, APP);
    expect(contents.openHandler!()).toEqual({ action: 'deny' });
    const navigate = (channel: string, url: string) => {
      let prevented = false;
      contents.emit(channel, { preventDefault: () => (prevented = true) }, url);
      return prevented;
    };
    expect(navigate('will-navigate', 'https://evil.example/')).toBe(true);
    expect(navigate('will-navigate', APP)).toBe(false);
    expect(navigate('will-redirect', 'https://evil.example/')).toBe(true);
    expect(navigate('will-attach-webview', '')).toBe(true);
  });

  it('grants no permission requests', () => {
    let request: ((wc: unknown, p: string, cb: (ok: boolean) => void) => void) | null = null;
    let check: (() => boolean) | null = null;
    hardenSession({
      setPermissionRequestHandler: (h: typeof request) => (request = h),
      setPermissionCheckHandler: (h: typeof check) => (check = h),
    } as unknown as Session);
    let granted: boolean | null = null;
    request!(null, 'media', (ok) => (granted = ok));
    expect(granted).toBe(false);
    expect(check!()).toBe(false);
  });
});
