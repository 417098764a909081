/**
 * PGlite's files are readable and writable by their owner only. PGlite unpacks its initial cluster with mode 0666
 * and rewrites pg_internal.init as 0644 at every open, whatever the umask, and its folders follow the umask: any
 * local user could have rewritten the token tables. So the data directory is 0700 before PGlite opens it, and
 * everything under it is made owner-only after PGlite has opened it and again after it closes (which also repairs
 * directories written by earlier versions).
 */
import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const GROUP_AND_OTHER = 0o077;

/** Creates `dir` (and its parents) if needed and makes it 0700. */
export function prepareOwnerOnlyDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
}

/** Takes every group and other permission off `dir` and everything in it; symlinks are left alone. */
export function makeOwnerOnly(dir: string): void {
  const pending = [dir];
  while (pending.length > 0) {
    const path = pending.pop() as string;
    const stat = lstatSync(path, { throwIfNoEntry: false });
    if (stat === undefined || stat.isSymbolicLink()) continue;
    if ((stat.mode & GROUP_AND_OTHER) !== 0) chmodSync(path, stat.mode & 0o7700);
    if (stat.isDirectory()) for (const name of readdirSync(path)) pending.push(join(path, name));
  }
}
