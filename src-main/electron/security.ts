// The Electron security checklist items that are not window options: no new windows, no
// navigation away from the app, no permissions, no webviews, and one sender check for IPC.
import type { Session, WebContents, WebFrameMain } from 'electron';

/** True when `url` belongs to the app's own renderer (the built file or the dev server). */
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
  return u.origin === app.origin;
}

/** The single check every IPC message passes: it must come from the app's own top frame. */
export function isTrustedSender(frame: WebFrameMain | null | undefined, appUrl: string): boolean {
  return !!frame && frame.parent === null && isAppUrl(frame.url, appUrl);
}

export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

export function hardenWebContents(contents: WebContents, appUrl: string): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url, appUrl)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url, appUrl)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
