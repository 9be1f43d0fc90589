// Replaced at build time by electron-vite (see electron.vite.config.ts); the fallback serves tests.
declare const __APP_VERSION__: string | undefined;
export const VERSION: string = typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : '0.0.0-dev';
