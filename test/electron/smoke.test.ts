/**
 * Real-Electron smoke test: launches the packaged entry with playwright's Electron driver and checks the window
 * loads the console from app:// with the security switches on. Skips itself where no Electron binary exists
 * (as on the CI image, whose network cannot download it).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function electronBinary(): string | null {
  const pathFile = join(ROOT, 'node_modules/electron/path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(ROOT, 'node_modules/electron/dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

const binary = electronBinary();

test(
  'the Electron app opens the console sandboxed, from app://',
  { skip: binary ? false : 'no Electron binary installed' },
  async () => {
    for (const script of ['build:renderer', 'build:electron'])
      execFileSync('npm', ['run', '--silent', script], { cwd: ROOT });
    const { _electron } = await import('playwright-core');
    const app = await _electron.launch({
      executablePath: binary ?? '',
      args: ['.', `--user-data-dir=${mkdtempSync(join(tmpdir(), 'coss-electron-'))}`],
      cwd: ROOT,
    });
    try {
      const window = await app.firstWindow();
      await window.waitForLoadState('domcontentloaded');
      assert.match(window.url(), /^app:\/\/console\//);
      const exposed = await window.evaluate(() => ({
        host: typeof (globalThis as { cossHost?: unknown }).cossHost,
        require: typeof (globalThis as { require?: unknown }).require,
        process: typeof (globalThis as { process?: unknown }).process,
      }));
      assert.deepEqual(exposed, { host: 'object', require: 'undefined', process: 'undefined' });
    } finally {
      await app.close();
    }
  },
);
