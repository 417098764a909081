/**
 * PGlite is one process per data directory: a second opener would corrupt it. `coss serve` holds a pid file there;
 * `coss admin` refuses while a live process holds it.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const LOCK_FILE = 'coss.pid';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A message when another live process holds `dataDir`, else null. */
export function assertDataDirFree(dataDir: string): string | null {
  const path = join(dataDir, LOCK_FILE);
  if (!existsSync(path)) return null;
  const pid = Number(readFileSync(path, 'utf8').trim());
  if (Number.isInteger(pid) && pid !== process.pid && alive(pid)) {
    return `the data directory ${dataDir} is in use by coss serve (pid ${pid}); stop it first or use PostgreSQL`;
  }
  return null;
}

/** Claims `dataDir` for this process; returns a release function. Throws when another live process holds it. */
export function lockDataDir(dataDir: string): () => void {
  const busy = assertDataDirFree(dataDir);
  if (busy) throw new Error(busy);
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, LOCK_FILE);
  writeFileSync(path, String(process.pid));
  return () => rmSync(path, { force: true });
}
