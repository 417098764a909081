/**
 * PGlite data directories are for their owner alone: every folder 0700 and no file with a group or other bit,
 * whatever the umask, for `coss admin`, `coss serve` and the embedded COSS. Otherwise any local user could
 * rewrite the token tables.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, lstatSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmbeddedCoss } from '../../main/core/embedded-coss/launcher.ts';
import { embeddedCossPaths } from '../../main/core/embedded-coss/protocol.ts';
import { startCossProcess } from '../support/process.ts';

const COSS_BIN = fileURLToPath(new URL('../../bin/coss.js', import.meta.url));

/** Every entry under `root` that others could read, write or enter, as `mode path`. */
function notOwnerOnly(root: string): string[] {
  const found: string[] = [];
  const pending = [root];
  while (pending.length > 0) {
    const path = pending.pop() as string;
    const stat = lstatSync(path);
    const mode = stat.mode & 0o777;
    if (stat.isDirectory()) {
      if (mode !== 0o700) found.push(`${mode.toString(8)} ${relative(root, path) || '.'}/`);
      for (const name of readdirSync(path)) pending.push(join(path, name));
    } else if ((mode & 0o077) !== 0) {
      found.push(`${mode.toString(8)} ${relative(root, path)}`);
    }
  }
  return found.sort();
}

function admin(dataDir: string, ...args: string[]): void {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.DATABASE_URL;
  delete env.NODE_TEST_CONTEXT;
  const run = spawnSync(process.execPath, [COSS_BIN, 'admin', ...args, '--data-dir', dataDir], {
    env,
    encoding: 'utf8',
  });
  assert.equal(run.status, 0, run.stderr);
}

// A permissive umask, as on many desktops: the modes must not depend on it.
process.umask(0o002);

test('coss admin on a fresh data directory leaves it owner-only, and repairs one left open by an earlier version', async () => {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'coss-modes-')), 'data');
  admin(dataDir, 'customer', 'add', '--number', '102', '--slug', 'acme', '--name', 'Acme');
  assert.deepEqual(notOwnerOnly(dataDir), []);

  for (const name of readdirSync(dataDir, { recursive: true }) as string[]) chmodSync(join(dataDir, name), 0o777);
  chmodSync(dataDir, 0o777);
  admin(dataDir, 'customer', 'list');
  assert.deepEqual(notOwnerOnly(dataDir), []);
});

test('coss serve started and stopped on a fresh data directory leaves it owner-only', async () => {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'coss-modes-')), 'data');
  const coss = await startCossProcess({ store: { dataDir } });
  try {
    assert.deepEqual(notOwnerOnly(dataDir), [], 'while it runs');
  } finally {
    await coss.terminate();
  }
  assert.deepEqual(notOwnerOnly(dataDir), [], 'after it stopped');
});

test('the embedded COSS keeps its store owner-only while it runs', { timeout: 180_000 }, async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'coss-modes-console-'));
  const embedded = await startEmbeddedCoss({ dataDir });
  try {
    assert.deepEqual(notOwnerOnly(embeddedCossPaths(dataDir).storeDir), []);
  } finally {
    await embedded.stop();
  }
  assert.deepEqual(notOwnerOnly(embeddedCossPaths(dataDir).storeDir), []);
});
