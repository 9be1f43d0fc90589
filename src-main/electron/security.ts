// The Electron security checklist items that are not window options, applied app-wide: no new
// windows, no navigation away from the app, no permissions, no webviews, one sender check for
// IPC, external links only to an allow-list, and no request leaving the machine from a window.
import type { App, Session, WebContents, WebFrameMain } from 'electron';

/** True when `url` belongs to the app's own renderer (app://monitor or the dev server). */
export function isAppUrl(url: string, appUrl: string): boolean {
  let u: URL;
  let app: URL;
  try {
    u = new URL(url);
    app = new URL(appUrl);
  } catch {
    return false;
  }
  if (app.protocol === 'file:') return u.protocol === 'file:' && u.pathname === app.pathname;
  // Node's URL gives custom schemes an opaque origin, so compare scheme and host.
  return u.protocol === app.protocol && u.host === app.host;
}

/** The single check every IPC message passes: it must come from the app's own top frame. */
export function isTrustedSender(frame: WebFrameMain | null | undefined, appUrl: string): boolean {
  return !!frame && frame.parent === null && isAppUrl(frame.url, appUrl);
}

/** Sites the app may open in the user's browser: https only, these hosts only. */
export const EXTERNAL_HOSTS = ['github.com', 'prometheus.io', 'opentelemetry.io', 'grafana.com', 'www.electronjs.org'];

export function isAllowedExternal(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && u.username === '' && u.password === '' && EXTERNAL_HOSTS.includes(u.hostname);
  } catch {
    return false;
  }
}

/** The one way a link leaves the app: an allow-listed https URL, opened in the user's browser. */
export function openExternalSafely(url: string, open: (url: string) => Promise<void>): boolean {
  if (!isAllowedExternal(url)) return false;
  void open(url).catch(() => {});
  return true;
}

export function hardenSession(session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setSpellCheckerEnabled'>): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  // Chromium fetches Hunspell dictionaries from a CDN when spellcheck is on.
  session.setSpellCheckerEnabled(false);
}

export interface RequestFilterStats {
  blocked: number;
  lastBlocked: string | null;
}

/**
 * Local first in the desktop too: a window may load the app's own files (and the dev server or
 * DevTools while developing), nothing else. Refusals are counted.
 */
export function filterRequests(session: Pick<Session, 'webRequest'>, allowed: (url: string) => boolean, stats: RequestFilterStats): void {
  session.webRequest.onBeforeRequest((details, callback) => {
    const ok = allowed(details.url);
    if (!ok) {
      stats.blocked++;
      stats.lastBlocked = details.url;
    }
    callback({ cancel: !ok });
  });
}

export function hardenWebContents(contents: WebContents, appUrl: string, openExternal: (url: string) => Promise<void> = async () => {}): void {
  contents.setWindowOpenHandler(({ url }) => {
    openExternalSafely(url, openExternal);
    return { action: 'deny' };
  });
  const stayInApp = (event: { preventDefault(): void }, url: string) => {
    if (!isAppUrl(url, appUrl)) event.preventDefault();
  };
  contents.on('will-navigate', stayInApp);
  contents.on('will-redirect', stayInApp);
  // Frames too (an iframe injected by a compromised dependency).
  contents.on('will-frame-navigate', (event) => stayInApp(event, event.url));
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** Every web contents the app ever creates (windows, DevTools, frames) gets the same hardening. */
export function hardenApp(app: Pick<App, 'on'>, appUrl: string, openExternal: (url: string) => Promise<void>): void {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, appUrl, openExternal));
}
