/**
 * Bundles the Electron main process (ESM, npm packages left external) and the preload (CommonJS, self-contained:
 * a sandboxed preload may require nothing but 'electron') into dist/electron/.
 */
import { build } from 'esbuild';

await build({
  entryPoints: ['main/electron/main.ts'],
  outfile: 'dist/electron/main.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  packages: 'external',
  sourcemap: true,
});

await build({
  entryPoints: ['preload/preload.ts'],
  outfile: 'dist/electron/preload.cjs',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  external: ['electron'],
  sourcemap: true,
});

process.stdout.write('built dist/electron/main.mjs and dist/electron/preload.cjs\n');
