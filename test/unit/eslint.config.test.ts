/**
 * The layering rules in eslint.config.js catch what they are written for: source placed in each folder that
 * imports across a forbidden line is reported, and the allowed imports beside it are not. The probes are linted
 * as text at a path inside each folder (nothing is written to disk) and import files that really exist, because
 * the zones compare resolved paths.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';

const ROOT = join(import.meta.dirname, '..', '..');
const LAYER_RULES = new Set([
  'import-x/no-restricted-paths',
  'import-x/no-nodejs-modules',
  '@typescript-eslint/no-restricted-imports',
]);

// Type information is not needed by the layering rules; without it one probe lints in milliseconds.
const eslint = new ESLint({ cwd: ROOT, overrideConfig: tseslint.configs.disableTypeChecked });

/** A source file that exists in `folder`, so an import of it resolves (files move; the folders stay). */
function someFileIn(folder: string): string {
  const file = readdirSync(join(ROOT, folder))
    .filter((name) => name.endsWith('.ts'))
    .sort()[0];
  assert.ok(file, `a .ts file in ${folder}`);
  return `${folder}/${file}`;
}

/** The layering messages for `code` placed at `path`, as `line: rule` strings. */
async function layeringProblems(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, path) });
  assert.ok(result, `a lint result for ${path}`);
  return result.messages
    .filter((message) => message.ruleId !== null && LAYER_RULES.has(message.ruleId))
    .map((message) => `${message.line}: ${message.ruleId ?? ''}`);
}

/** `import '<relative path from fromFile to target>';` */
function importOf(fromFile: string, target: string): string {
  const up = '../'.repeat(fromFile.split('/').length - 1);
  return `import '${up}${target}';\n`;
}

test('shared/ imports nothing of ours outside shared/, no node built-ins and no electron', async () => {
  const at = 'shared/layering-probe.ts';
  const code = [
    importOf(at, someFileIn('server/http')),
    importOf(at, someFileIn('main/core')),
    `import type * as renderer from '../${someFileIn('renderer/host')}';\n`,
    "import { readFileSync } from 'node:fs';\n",
    "import { app } from 'electron';\n",
    importOf(at, someFileIn('shared')),
  ].join('');
  assert.deepEqual(await layeringProblems(at, code), [
    '1: import-x/no-restricted-paths',
    '2: import-x/no-restricted-paths',
    '3: import-x/no-restricted-paths',
    '4: import-x/no-nodejs-modules',
    '5: @typescript-eslint/no-restricted-imports',
  ]);
});

test('renderer/ never imports main/, server/, node built-ins or electron; shared/ is fine', async () => {
  const at = 'renderer/components/layering-probe.tsx';
  const code = [
    importOf(at, someFileIn('main/core')),
    importOf(at, someFileIn('server/http')),
    "import path from 'path';\n",
    "import type { IpcRenderer } from 'electron';\n",
    importOf(at, someFileIn('shared')),
  ].join('');
  assert.deepEqual(await layeringProblems(at, code), [
    '1: import-x/no-restricted-paths',
    '2: import-x/no-restricted-paths',
    '3: import-x/no-nodejs-modules',
    '4: @typescript-eslint/no-restricted-imports',
  ]);
});

test('main/core never imports electron at run time nor the hosts; type-only electron imports are fine', async () => {
  const at = 'main/core/layering-probe.ts';
  const code = [
    "import { app } from 'electron';\n",
    "import type { WebContents } from 'electron';\n",
    importOf(at, someFileIn('main/web-host')),
    importOf(at, someFileIn('main/electron')),
    "import { readFileSync } from 'node:fs';\n",
  ].join('');
  assert.deepEqual(await layeringProblems(at, code), [
    '1: @typescript-eslint/no-restricted-imports',
    '3: import-x/no-restricted-paths',
    '4: import-x/no-restricted-paths',
  ]);
});

test('the console and COSS never import each other, except the embedded COSS child that runs COSS', async () => {
  const server = someFileIn('server/http');
  const consoleFolders = ['main/web-host/', 'main/electron/', 'main/core/', 'main/core/handlers/', 'preload/'];
  for (const at of consoleFolders.map((folder) => `${folder}layering-probe.ts`)) {
    assert.deepEqual(await layeringProblems(at, importOf(at, server)), ['1: import-x/no-restricted-paths'], at);
  }
  for (const at of ['main/core/embedded-coss/child.ts', 'main/core/embedded-coss/setup.ts']) {
    assert.deepEqual(await layeringProblems(at, importOf(at, server)), [], at);
  }
  const at = 'server/alerts/layering-probe.ts';
  const code = [importOf(at, someFileIn('main/core')), importOf(at, someFileIn('renderer/host'))].join('');
  assert.deepEqual(await layeringProblems(at, code), [
    '1: import-x/no-restricted-paths',
    '2: import-x/no-restricted-paths',
  ]);
});

test('vendor adapters import nothing above them; the delivery outbox no vendor and no domain', async () => {
  const adapter = 'server/integrations/pagerduty/layering-probe.ts';
  const code = [
    importOf(adapter, someFileIn('server/paging')),
    importOf(adapter, someFileIn('server/db')),
    importOf(adapter, someFileIn('server/integrations')),
  ].join('');
  assert.deepEqual(await layeringProblems(adapter, code), [
    '1: import-x/no-restricted-paths',
    '2: import-x/no-restricted-paths',
  ]);
  const delivery = 'server/delivery/layering-probe.ts';
  const fromDelivery = [
    importOf(delivery, someFileIn('server/integrations/pagerduty')),
    importOf(delivery, someFileIn('server/paging')),
    importOf(delivery, someFileIn('server/db')),
    importOf(delivery, someFileIn('server/integrations')),
  ].join('');
  assert.deepEqual(await layeringProblems(delivery, fromDelivery), [
    '1: import-x/no-restricted-paths',
    '2: import-x/no-restricted-paths',
  ]);
});

test("the server's domain never imports server/http/; the edge (http/, cli/, app.ts) may", async () => {
  const http = someFileIn('server/http');
  for (const at of ['server/alerts/layering-probe.ts', 'server/paging/layering-probe.ts', 'server/layering-probe.ts']) {
    assert.deepEqual(await layeringProblems(at, importOf(at, http)), ['1: import-x/no-restricted-paths'], at);
  }
  for (const at of ['server/http/routes/layering-probe.ts', 'server/cli/layering-probe.ts', 'server/app.ts']) {
    assert.deepEqual(await layeringProblems(at, importOf(at, http)), [], at);
  }
});
