import tseslint from 'typescript-eslint';
import { srcSharedPure } from './eslint-rules/src-shared-pure.js';

/** A page that runs in a browser: no Electron, no Node modules, and of the project's code only src-shared. */
function browserPage({ files, who, electron, foreign }) {
  return {
    files,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: electron }],
          patterns: [
            { group: ['node:*', 'fs', 'path', 'os', 'child_process', 'crypto'], message: `${who} cannot use Node modules.` },
            { group: foreign, message: `${who} may import src-shared only.` },
          ],
        },
      ],
    },
  };
}

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'out/', 'release/', 'coverage/', 'test-results/', 'playwright-report/', 'bench/.data/', '.tmp/'] },
  ...tseslint.configs.recommended,
  {
    plugins: { project: { rules: { 'src-shared-pure': srcSharedPure } } },
    rules: {
      'project/src-shared-pure': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // Only the thin Electron layer may touch Electron; everything else must run under plain Node.
    files: ['src-shared/**', 'src-node/**', 'src-main/**', 'src-server/**', 'src-renderer/**', 'src-console/**', 'src-web/**'],
    ignores: ['src-main/electron/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'Only src-main/electron/ may import electron.' }] }],
    },
  },
  // The renderer runs in a sandboxed page: no Node, no main-process or server code; it reaches main
  // only through the desktop-api client (the preload or the web bridge).
  // The server's data layer is asynchronous (SQLite or PostgreSQL, src-server/db/sql.ts): a store call
  // without `await` would run outside its transaction, or not be waited for at all. The type checker
  // knows which calls return promises.
  {
    files: ['src-server/**/*.ts', 'test/server/**/*.ts', 'test/pg/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  browserPage({
    files: ['src-renderer/**'],
    who: 'The renderer',
    electron: 'The renderer talks to main only through src-renderer/api/desktop-client.ts.',
    foreign: ['**/src-main/**', '**/src-node/**', '**/src-server/**'],
  }),
  // React pieces both web pages use (the error boundary): browser code like theirs, that reaches
  // neither main, the server nor either app.
  browserPage({
    files: ['src-web/**'],
    who: 'Shared web code',
    electron: 'Shared web code runs in a page; it has no Electron.',
    foreign: ['**/src-main/**', '**/src-node/**', '**/src-server/**', '**/src-renderer/**', '**/src-console/**'],
  }),
  // The reviewer's console is a web page served by the sync server: it reaches the server only
  // through its HTTP API (src-console/api/console-client.ts) and shares nothing but src-shared and
  // src-web.
  browserPage({
    files: ['src-console/**'],
    who: 'The console',
    electron: 'The console is a web page; it has no Electron.',
    foreign: ['**/src-main/**', '**/src-node/**', '**/src-server/**', '**/src-renderer/**'],
  }),
);
