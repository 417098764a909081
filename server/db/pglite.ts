/** Embedded PGlite: the zero-install default, one process owns the data directory. */
import { PGlite } from '@electric-sql/pglite';
import type { Database, QueryResult, Sql } from './database.ts';
import { makeOwnerOnly, prepareOwnerOnlyDir } from './owner-only.ts';

/** Opens PGlite in `dataDir` (owner-only: 0700 folders, 0600 files), or in memory when `dataDir` is undefined (tests). */
export async function openPglite(dataDir: string | undefined): Promise<Database> {
  if (dataDir !== undefined) prepareOwnerOnlyDir(dataDir);
  const db = dataDir === undefined ? await PGlite.create() : await PGlite.create({ dataDir });
  if (dataDir !== undefined) makeOwnerOnly(dataDir);

  const run = async <Row>(client: Pick<PGlite, 'query'>, text: string, params?: readonly unknown[]) => {
    const result = await client.query<Row>(text, params as unknown[] | undefined);
    // pg counts the rows a SELECT returns; PGlite reports 0 affected rows for it. Take the larger, as pg would.
    return {
      rows: result.rows,
      rowCount: Math.max(result.affectedRows ?? 0, result.rows.length),
    } satisfies QueryResult<Row>;
  };

  return {
    kind: 'pglite',
    query: (text, params) => run(db, text, params),
    transaction: (work) =>
      db.transaction(async (transaction) => {
        const tx: Sql = { query: (text, params) => run(transaction, text, params) };
        return work(tx);
      }),
    async listen(channel, onNotify) {
      const unlisten = await db.listen(channel, onNotify);
      return unlisten;
    },
    async close() {
      await db.close();
      if (dataDir !== undefined) makeOwnerOnly(dataDir);
    },
  };
}
