/**
 * Databases for tests: in-memory PGlite, and a fresh database per test file on the real PostgreSQL
 * (COSS_TEST_PG_URL, default postgres://postgres@127.0.0.1:5432/test). In CI PostgreSQL must be there;
 * elsewhere its tests skip when it is not.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Database } from '../../server/db/database.ts';
import { openPglite } from '../../server/db/pglite.ts';
import { openPostgres } from '../../server/db/postgres.ts';
import { migrate } from '../../server/db/migrate.ts';

export type DatabaseKind = 'pglite' | 'postgres';

export const ADMIN_URL = process.env.COSS_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

let postgresReachable: Promise<boolean> | undefined;

/** Whether the real PostgreSQL answers; in CI its absence is an error, not a skip. */
export function postgresAvailable(): Promise<boolean> {
  postgresReachable ??= (async () => {
    const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      await client.end();
      return true;
    } catch (error) {
      if (process.env.CI)
        throw new Error(`PostgreSQL is required in CI but ${ADMIN_URL} did not answer: ${String(error)}`, {
          cause: error,
        });
      return false;
    }
  })();
  return postgresReachable;
}

/** The database kinds to run a suite on: both, or PGlite alone where PostgreSQL is absent outside CI. */
export async function databaseKinds(): Promise<DatabaseKind[]> {
  const only = process.env.COSS_TEST_DATABASES;
  if (only) return only.split(',') as DatabaseKind[];
  return (await postgresAvailable()) ? ['pglite', 'postgres'] : ['pglite'];
}

/** A fresh PostgreSQL database; returns its URL and a function that drops it. */
export async function createPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `coss_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: ADMIN_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/**
 * A migrated, empty database of `kind`; `dispose` closes (and for PostgreSQL drops) it. `migrateBefore` stops the
 * schema short of that migration, for tests of what a migration does to existing rows.
 */
export async function openTestDatabase(
  kind: DatabaseKind,
  options: { migrateBefore?: string } = {},
): Promise<{ db: Database; url?: string; dispose: () => Promise<void> }> {
  const before = options.migrateBefore === undefined ? {} : { before: options.migrateBefore };
  if (kind === 'pglite') {
    const db = await openPglite(undefined);
    await migrate(db, before);
    return { db, dispose: () => db.close() };
  }
  const { url, drop } = await createPostgresDatabase();
  const db = await openPostgres(url);
  await migrate(db, before);
  return {
    db,
    url,
    async dispose() {
      await db.close();
      await drop();
    },
  };
}
