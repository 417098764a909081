/** Chooses the database from configuration: PostgreSQL when a URL is given, PGlite otherwise. */
import type { Database } from './database.ts';
import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';
import { migrate } from './migrate.ts';

export interface DatabaseConfig {
  databaseUrl: string | undefined;
  dataDir: string | undefined;
}

/** Opens and migrates the configured database. */
export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  const db = config.databaseUrl ? await openPostgres(config.databaseUrl) : await openPglite(config.dataDir);
  await migrate(db);
  return db;
}
