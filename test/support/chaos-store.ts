/**
 * The store a chaos test runs `coss serve` processes on: a fresh seeded PostgreSQL database, the test's own
 * connection to it, and the nodes it starts, all cleaned up by close() (nodes killed, database dropped).
 */
import { openPostgres } from '../../server/db/postgres.ts';
import type { Database } from '../../server/db/database.ts';
import { createPostgresDatabase } from './databases.ts';
import { seedStore, type CossProcess } from './process.ts';
import type { Seed } from './seed.ts';

export interface ChaosStore {
  databaseUrl: string;
  seed: Seed;
  db: Database;
  /** the nodes running now: push what the test starts, empty it when they are killed or stopped */
  nodes: CossProcess[];
  close(): Promise<void>;
}

export async function openChaosStore(): Promise<ChaosStore> {
  const { url: databaseUrl, drop } = await createPostgresDatabase();
  const seed = await seedStore({ databaseUrl });
  const db = await openPostgres(databaseUrl, { max: 4 });
  const nodes: CossProcess[] = [];
  return {
    databaseUrl,
    seed,
    db,
    nodes,
    async close() {
      for (const node of nodes) await node.kill9().catch(() => undefined);
      await db.close();
      await drop();
    },
  };
}
