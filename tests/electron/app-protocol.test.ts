import { describe, expect, it } from 'vitest';
import { APP_URL, registerAppScheme, rendererUrl, resolveAppFile, serveAppFiles } from '../../src-main/electron/app-protocol';

const ROOT = '/opt/app/out/renderer';

describe('app:// protocol', () => {
  it('registers app:// as a standard, secure scheme that fetch can use', () => {
    let schemes: unknown = null;
    registerAppScheme({ registerSchemesAsPrivileged: (s) => (schemes = s) });
    expect(schemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
  });

  it('serves exactly the built renderer folder', () => {
    expect(resolveAppFile('app://monitor/index.html', ROOT)).toBe(`${ROOT}/index.html`);
    expect(resolveAppFile('app://monitor/', ROOT)).toBe(`${ROOT}/index.html`);
    expect(resolveAppFile('app://monitor/assets/index-abc.js?x=1#y', ROOT)).toBe(`${ROOT}/assets/index-abc.js`);
  });

  it.each(['app://monitor/../../../etc/passwd', 'app://monitor/%2e%2e/%2e%2e/etc/passwd', 'app://monitor/assets/..%2f..%2f..%2f..%2fetc/passwd'])(
    'never leaves the folder for %s',
    (url) => {
      const file = resolveAppFile(url, ROOT);
      expect(file === null || file.startsWith(`${ROOT}/`)).toBe(true);
    },
  );

  it.each([
    'app://monitor/assets/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc/passwd',
    'app://monitor/%00',
    'app://monitor/%E0%A4%A',
    'app://other/index.html',
    'file:///etc/passwd',
    'not a url',
  ])('refuses %s', (url) => {
    expect(resolveAppFile(url, ROOT)).toBeNull();
  });

  it('answers 404 for what it refuses and fetches the file for what it serves', async () => {
    let handler: ((r: Request) => Response | Promise<Response>) | null = null;
    const fetched: string[] = [];
    serveAppFiles({ handle: (_s, h) => (handler = h as typeof handler) }, { fetch: async (u) => (fetched.push(String(u)), new Response('ok')) }, ROOT);
    expect((await handler!(new Request('app://other/index.html'))).status).toBe(404);
    expect(await (await handler!(new Request('app://monitor/index.html'))).text()).toBe('ok');
    expect(fetched).toEqual([`file://${ROOT}/index.html`]);
  });

  it('loads the dev server only in an unpackaged app, and only from loopback', () => {
    const dev = { ELECTRON_RENDERER_URL: 'http://localhost:5173/' };
    expect(rendererUrl(false, dev)).toBe('http://localhost:5173/');
    expect(rendererUrl(true, dev)).toBe(APP_URL);
    expect(rendererUrl(false, { ELECTRON_RENDERER_URL: 'https://evil.example/' })).toBe(APP_URL);
    expect(rendererUrl(false, { ELECTRON_RENDERER_URL: 'file:///tmp/x.html' })).toBe(APP_URL);
    expect(rendererUrl(false, {})).toBe(APP_URL);
  });
});
