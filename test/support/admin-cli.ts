/** `coss admin …` as an admin runs it, on a data directory or a PostgreSQL database, for the CLI's tests. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { StoreLocation } from './process.ts';

const COSS_BIN = fileURLToPath(new URL('../../bin/coss.js', import.meta.url));
const run = promisify(execFile);

export interface AdminRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `coss admin <args>` on `store` (the test's own DATABASE_URL and data directory never leak in). */
export async function runAdmin(store: StoreLocation, ...args: string[]): Promise<AdminRun> {
  const env = { ...process.env };
  delete env.DATABASE_URL;
  delete env.COSS_DATA_DIR;
  delete env.NODE_TEST_CONTEXT; // the child is the CLI, not a test file
  const where = 'dataDir' in store ? ['--data-dir', store.dataDir] : [];
  if ('databaseUrl' in store) env.DATABASE_URL = store.databaseUrl;
  try {
    const { stdout, stderr } = await run(process.execPath, [COSS_BIN, 'admin', ...args, ...where], { env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as AdminRun;
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}
