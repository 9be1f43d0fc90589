// The UI is served from a privileged custom scheme, app://monitor/, not file://: a file:// page
// shares its origin with every file on disk, while app:// serves exactly the built renderer
// folder, with a real origin for the CSP's 'self'.
import { join, normalize, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Net, Protocol } from 'electron';

export const APP_SCHEME = 'app';
export const APP_URL = 'app://monitor/index.html';

/** Must run before the app is ready. */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/** The file under `rendererDir` that an app:// URL names, or null for anything else. */
export function resolveAppFile(url: string, rendererDir: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== 'monitor') return null;
  let path: string;
  try {
    path = decodeURIComponent(u.pathname);
  } catch {
    return null;
  }
  if (path.includes('\0')) return null;
  const root = normalize(rendererDir + sep);
  const file = normalize(join(root, path === '/' ? 'index.html' : path));
  return file.startsWith(root) ? file : null;
}

export function serveAppFiles(protocol: Pick<Protocol, 'handle'>, net: Pick<Net, 'fetch'>, rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => {
    const file = resolveAppFile(request.url, rendererDir);
    if (!file) return new Response('not found', { status: 404 });
    return net.fetch(pathToFileURL(file).href);
  });
}

/**
 * The URL the window loads: the dev server's while developing (electron-vite sets
 * ELECTRON_RENDERER_URL), never in a packaged app, where an inherited environment variable would
 * otherwise point the trusted window, and its IPC, at any page.
 */
export function rendererUrl(isPackaged: boolean, env: NodeJS.ProcessEnv): string {
  const dev = env.ELECTRON_RENDERER_URL;
  if (isPackaged || !dev) return APP_URL;
  try {
    const u = new URL(dev);
    if ((u.protocol === 'http:' || u.protocol === 'https:') && ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname)) return dev;
  } catch {
    // not a URL: fall through to the built UI
  }
  return APP_URL;
}
