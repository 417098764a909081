/**
 * Enforces the runtime folders: shared/, main/core/ and renderer/ never import 'electron' at runtime (type-only
 * imports are fine), and shared/ and renderer/ never import node built-ins. Exits 1 listing each violation.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;
const RULES: Array<{ folder: string; electron: boolean; node: boolean }> = [
  { folder: 'shared', electron: true, node: true },
  { folder: 'renderer', electron: true, node: true },
  { folder: 'main/core', electron: true, node: false },
];
const NODE_BUILTINS = new Set([
  'assert', 'buffer', 'child_process', 'crypto', 'dns', 'events', 'fs', 'http', 'https', 'net', 'os', 'path',
  'process', 'stream', 'tls', 'url', 'util', 'worker_threads', 'zlib', 'timers', 'readline', 'v8', 'vm',
]);

function* sourceFiles(dir: string): Generator<string> {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  for (const entry of entries) {
    if (entry === 'node_modules') continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (/\.(ts|tsx|mts|js|mjs)$/.test(entry)) yield path;
  }
}

// Matches static imports/exports-from and dynamic import()/require() of a module specifier.
const IMPORT = /(?:^|\n)\s*(import|export)\s+(type\s+)?[^'"]*?from\s+['"]([^'"]+)['"]|(?:^|\n)\s*import\s+['"]([^'"]+)['"]|\b(?:import|require)\s*\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Lists violations in the repository at `root`. */
export function findViolations(root: string): string[] {
  const violations: string[] = [];
  for (const rule of RULES) {
    for (const file of sourceFiles(join(root, rule.folder))) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(IMPORT)) {
        const typeOnly = match[2] !== undefined;
        const specifier = match[3] ?? match[4] ?? match[5] ?? '';
        const where = relative(root, file);
        if (rule.electron && !typeOnly && (specifier === 'electron' || specifier.startsWith('electron/'))) {
          violations.push(`${where}: imports 'electron' at runtime (use 'import type')`);
        }
        const bare = specifier.replace(/^node:/, '').split('/')[0] ?? '';
        if (rule.node && !typeOnly && (specifier.startsWith('node:') || NODE_BUILTINS.has(bare))) {
          violations.push(`${where}: imports the Node built-in '${specifier}' (${rule.folder}/ must run in a browser)`);
        }
      }
    }
  }
  return violations;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const violations = findViolations(ROOT);
  if (violations.length > 0) {
    process.stderr.write(`runtime-folder violations:\n  ${violations.join('\n  ')}\n`);
    process.exit(1);
  }
  process.stdout.write('runtime folders: ok\n');
}
