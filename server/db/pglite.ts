/** Embedded PGlite: the zero-install default, one process owns the data directory. */
import { PGlite } from '@electric-sql/pglite';
import type { Database, QueryResult, Sql } from './database.ts';

/** Opens PGlite in `dataDir`, or in memory when `dataDir` is undefined (tests). */
export async function openPglite(dataDir: string | undefined): Promise<Database> {
  const db = dataDir === undefined ? await PGlite.create() : await PGlite.create({ dataDir });

  const run = async <Row>(client: Pick<PGlite, 'query'>, text: string, params?: readonly unknown[]) => {
    const result = await client.query<Row>(text, params as unknown[] | undefined);
    // pg counts the rows a SELECT returns; PGlite reports 0 affected rows for it. Take the larger, as pg would.
    return { rows: result.rows, rowCount: Math.max(result.affectedRows ?? 0, result.rows.length) } satisfies QueryResult<Row>;
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
    close: () => db.close(),
  };
}
