import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const electronBan = {
  name: 'electron',
  message: 'core/ and shared/ run without Electron (DESIGN.md invariant 1); put shell code in src-main/electron/.',
};
const nodeBan = { group: ['node:*'], message: 'shared/ and the renderer are pure TypeScript for both transports: no Node built-ins.' };
const contractOnly = {
  group: ['**/src-main/core/**', '**/src-main/electron/**', '**/src-main/preload/**'],
  message: 'The renderer knows the monitor only through the contract in src-main/shared (DESIGN.md invariant 2).',
};

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  // Process boundaries, checked by a machine.
  {
    files: ['src-main/core/**', 'src-main/shared/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [electronBan], patterns: [{ group: ['electron/*'], message: electronBan.message }] }] },
  },
  {
    files: ['src-main/shared/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [electronBan], patterns: [nodeBan] }] },
  },
  {
    files: ['src-renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'The renderer talks to MonitorApi only (window.monitor or HTTP).' }], patterns: [nodeBan, contractOnly] }],
    },
  },
);
