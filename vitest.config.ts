import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

// The real `electron` module cannot run here (no binary), so unit tests get a mock.
const electronMock = { electron: resolve(import.meta.dirname, 'tests/mocks/electron.ts') };

export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias: electronMock },
        test: {
          name: 'unit',
          environment: 'node',
          include: ['tests/{core,shared,electron,contract,resources}/**/*.test.ts'],
        },
      },
      {
        plugins: [react()],
        resolve: { alias: { uplot: resolve(import.meta.dirname, 'tests/mocks/uplot.ts') } },
        test: {
          name: 'renderer',
          environment: 'happy-dom',
          include: ['tests/renderer/**/*.test.{ts,tsx}'],
        },
      },
      {
        // The real desktop app (npm run test:electron), only where an Electron binary exists.
        test: { name: 'electron-app', environment: 'node', include: ['tests/electron-app/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 60_000 },
      },
      {
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['tests/e2e/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // One Chromium and one server per file; files run one after another on a 2-core box.
          fileParallelism: false,
        },
      },
    ],
  },
});
