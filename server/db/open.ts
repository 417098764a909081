/** Chooses the database from configuration: PostgreSQL when a URL is given, PGlite otherwise. */
import type { Database } from './database.ts';
import { openPglite } from './pglite.ts';
import { openPostgres, type PostgresTimeouts } from './postgres.ts';
import { migrate } from './migrate.ts';
import { DATABASE_TIMEOUT_DEFAULTS } from '../config.ts';

export interface DatabaseConfig {
  databaseUrl: string | undefined;
  dataDir: string | undefined;
  /** PostgreSQL only; the defaults of server/config.ts when absent */
  timeouts?: Partial<PostgresTimeouts>;
}

/** Opens and migrates the configured database. */
export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  if (!config.databaseUrl) {
    const db = await openPglite(config.dataDir);
    await migrate(db);
    return db;
  }
  const timeouts = { ...DATABASE_TIMEOUT_DEFAULTS, ...config.timeouts };
  // A migration may rewrite a large table: it runs on its own connection without the statement timeouts.
  const migrator = await openPostgres(config.databaseUrl, { max: 1, timeouts: { connectMs: timeouts.connectMs } });
  try {
    await migrate(migrator);
  } finally {
    await migrator.close();
  }
  return openPostgres(config.databaseUrl, { timeouts });
}
