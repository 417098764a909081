/**
 * Lint for the whole repository: typescript-eslint with type information (each file is checked by the tsconfig
 * nearest to it: tsconfig.json, renderer/tsconfig.json, test/renderer/tsconfig.json), React's hook rules in
 * renderer/, and the layering between the runtime folders (docs/ARCHITECTURE.md, "Folders and runtimes").
 * Formatting is Prettier's job (.prettierrc.json), so no rule here is about layout.
 */
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const ROOT = import.meta.dirname;

/**
 * The layering, as folders that may not import other folders. Paths are resolved, not matched as text, so
 * `../../main/core/cache.ts` from renderer/ is caught wherever it is written from. Globs are minimatch patterns
 * relative to the repository.
 */
const LAYER_ZONES = [
  {
    target: 'shared',
    from: ['server', 'main', 'renderer', 'preload', 'bin', 'bench', 'scripts', 'test'],
    message: 'shared/ is the ground every process stands on: it imports nothing of ours outside shared/.',
  },
  {
    target: 'renderer',
    from: ['main', 'server', 'preload'],
    message: 'The renderer talks to its host only through the HostApi contract in shared/host/.',
  },
  {
    target: 'server',
    from: ['main', 'renderer', 'preload'],
    message: 'COSS (server/) knows nothing of the console; what both need lives in shared/.',
  },
  {
    // The embedded COSS child is the one part of the console that runs COSS itself (its own process, see
    // docs/ARCHITECTURE.md "Embedded COSS"), so its folder, main/core/embedded-coss/, may import server/.
    target: ['main/!(core)/**', 'main/*.ts', 'main/core/*.ts', 'main/core/!(embedded-coss)/**', 'preload/**'],
    from: ['server/**'],
    message: 'The console reaches COSS over HTTP and the stream only; only the embedded COSS child runs server/.',
  },
  {
    target: 'main/core',
    from: ['main/web-host', 'main/electron'],
    message: 'main/core is plain Node shared by every host: the hosts import the core, never the other way.',
  },
  {
    // The domain throws domain errors; HTTP statuses are chosen at the edge (server/http/, server/cli/, app.ts).
    target: ['server/!(http|cli)/**', 'server/!(app).ts'],
    from: ['server/http/**'],
    message: 'The server domain never imports the HTTP edge: throw a domain error and map it in server/http/.',
  },
  {
    // The server's floors (docs/ARCHITECTURE.md): vendor adapters at the bottom know nothing of COSS.
    target: 'server/integrations',
    from: ['server/!(integrations)/**', 'server/*.ts'],
    message: 'Vendor adapters (clients, signatures, schemas) know nothing of the domain above them.',
  },
  {
    target: 'server/delivery',
    from: ['server/integrations/*/**', 'server/!(db|integrations|delivery)/**'],
    message: 'The delivery outbox knows no vendor and no domain: they pass their calls and outcomes in.',
  },
  {
    target: 'server/cluster',
    from: ['server/!(db|cluster)/**'],
    message: 'A leased loop knows no domain: the job passes its run in.',
  },
];

/** Node built-ins cannot load in a browser (renderer/) and shared/ runs in every process. */
const NO_NODE_BUILTINS = { 'import-x/no-nodejs-modules': 'error' };

/** electron is a module only the Electron main process and the preload can load. */
function noElectron(allowTypeImports, message) {
  return {
    '@typescript-eslint/no-restricted-imports': [
      'error',
      { paths: [{ name: 'electron', allowTypeImports, message }], patterns: [{ group: ['electron/*'], message }] },
    ],
  };
}

export default defineConfig(
  {
    ignores: ['**/node_modules/', '**/dist/', 'test-artifacts/', 'bench/results/', '.coss-data/', 'scratch/'],
  },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: ROOT,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createNodeResolver()] },
    rules: {
      // The codebase has no `any`; keep it so. `unknown` plus a zod parse or a narrowing check is the way in.
      '@typescript-eslint/no-explicit-any': 'error',
      // A promise nobody awaits loses its rejection; in this code that is a dropped action or a silent reconnect
      // failure. Fire-and-forget is written `void promise` so the choice is visible.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          ignoreVoid: true,
          // node:test runs what test(), describe() and it() register whether or not their promise is awaited.
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite'] },
          ],
        },
      ],
      // An async function passed where a void callback is expected (event handlers, timers, ws/ipc listeners)
      // throws its rejection away; JSX attributes included.
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true, requireDefaultForNonUnion: false },
      ],
      '@typescript-eslint/prefer-promise-reject-errors': 'error',
      '@typescript-eslint/only-throw-error': 'error',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'import-x/no-restricted-paths': ['error', { basePath: ROOT, zones: LAYER_ZONES }],
      // One loop makes module load order matter (the core's cache and emit scheduling were one); keep the graph
      // a tree. Type-only imports are erased, so they cannot loop at run time.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      // Off: an async function without await is how this code keeps a Promise-returning contract (Fastify's async
      // plugins, HostApi handlers, SecretStore, test fakes) and turns a throw into a rejection; rewriting those as
      // `Promise.resolve(...)` would make a synchronous throw escape the promise instead.
      '@typescript-eslint/require-await': 'off',
      // TypeScript reports undefined names with the right globals per tsconfig (DOM or Node); ESLint's copy of
      // that check knows neither and would flag `window` or `process`.
      'no-undef': 'off',
    },
  },
  {
    files: ['shared/**'],
    rules: { ...NO_NODE_BUILTINS, ...noElectron(false, 'shared/ runs in the renderer too: no electron.') },
  },
  {
    files: ['renderer/**'],
    rules: { ...NO_NODE_BUILTINS, ...noElectron(false, 'The renderer reaches Electron only through the HostApi.') },
  },
  {
    files: ['main/core/**'],
    rules: noElectron(true, "main/core runs without Electron (web host, tests): use 'import type' and pass it in."),
  },
  {
    files: ['renderer/**/*.tsx', 'renderer/**/*.ts'],
    ...reactHooks.configs.flat['recommended-latest'],
  },
  {
    files: ['renderer/**/*.tsx', 'renderer/**/*.ts'],
    // A missing dependency is a stale closure: an error, not a hint.
    rules: { 'react-hooks/exhaustive-deps': 'error' },
  },
  // A rule given a severity alone keeps the options set above.
  {
    // Plain JavaScript outside every tsconfig: no type information to lint with.
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
);
