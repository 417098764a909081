/**
 * Bundles what Electron runs into dist/electron/:
 * - main.mjs: the main process (ESM, npm packages left external: electron-builder packs the production dependencies);
 * - preload.cjs: the preload (CommonJS, self-contained: a sandboxed preload may require nothing but 'electron');
 * - embedded-coss.mjs: the embedded COSS, run as a utility process. Our TypeScript (server/ included) is bundled, so
 *   nothing needs tsx at runtime; npm packages stay external like main's. PGlite finds its pglite.wasm, pglite.data
 *   and initdb.wasm next to its own module in node_modules (it resolves them from its import.meta.url and reads them
 *   with fs, which Electron serves from the asar), so they need no copying; the SQL migrations, which
 *   server/db/migrate.ts reads from `./migrations/` beside the running module, are copied next to the bundle.
 */
import { build } from 'esbuild';
import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** What main and the embedded COSS share: ESM for Electron's Node, our code bundled, npm packages external. */
const NODE_ESM = {
  absWorkingDir: ROOT,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  packages: 'external',
  sourcemap: true,
} as const;

/**
 * Builds the embedded COSS bundle into `outdir` (which must lie inside the repository, so that its npm imports
 * resolve to node_modules). Returns the bundle's path.
 */
export async function buildEmbeddedCoss(outdir: string): Promise<string> {
  const outfile = join(outdir, 'embedded-coss.mjs');
  await build({ ...NODE_ESM, entryPoints: ['main/core/embedded-coss/entry.ts'], outfile, logLevel: 'warning' });
  mkdirSync(join(outdir, 'migrations'), { recursive: true });
  cpSync(join(ROOT, 'server/db/migrations'), join(outdir, 'migrations'), { recursive: true });
  return outfile;
}

/** Builds main, preload and the embedded COSS into `outdir`. */
export async function buildElectron(outdir = join(ROOT, 'dist/electron')): Promise<void> {
  await build({ ...NODE_ESM, entryPoints: ['main/electron/main.ts'], outfile: join(outdir, 'main.mjs') });
  await build({
    absWorkingDir: ROOT,
    entryPoints: ['preload/preload.ts'],
    outfile: join(outdir, 'preload.cjs'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    external: ['electron'],
    sourcemap: true,
  });
  await buildEmbeddedCoss(outdir);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await buildElectron();
  process.stdout.write('built dist/electron/main.mjs, preload.cjs and embedded-coss.mjs (+ migrations/)\n');
}
