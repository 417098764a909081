import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findViolations } from '../../scripts/check-imports.ts';

function repoWith(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'coss-imports-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

test('the runtime-folder check flags electron and node imports where they may not run', () => {
  const root = repoWith({
    'shared/a.ts': "import { app } from 'electron';\nimport { readFile } from 'node:fs';\n",
    'renderer/b.tsx': "import path from 'path';\n",
    'main/core/c.ts': "import { BrowserWindow } from 'electron';\nimport { readFile } from 'node:fs/promises';\n",
    'main/d.ts': "import { app } from 'electron';\n",
  });
  const violations = findViolations(root);
  assert.deepEqual(violations.sort(), [
    "main/core/c.ts: imports 'electron' at runtime (use 'import type')",
    "renderer/b.tsx: imports the Node built-in 'path' (renderer/ must run in a browser)",
    "shared/a.ts: imports 'electron' at runtime (use 'import type')",
    "shared/a.ts: imports the Node built-in 'node:fs' (shared/ must run in a browser)",
  ]);
});

test('type-only imports of electron are allowed in main/core', () => {
  const root = repoWith({ 'main/core/e.ts': "import type { WebContents } from 'electron';\n" });
  assert.deepEqual(findViolations(root), []);
});
