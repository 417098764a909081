/**
 * A Database that writes down every statement sent through it, for tests and benchmarks that count round trips.
 * A transaction counts its BEGIN and its COMMIT (or ROLLBACK) as well: each is one more trip to the database.
 */
import type { Database, Sql } from '../../server/db/database.ts';

export interface StatementLog {
  /** one entry per transaction: 'BEGIN', the statements in order, then 'COMMIT' or 'ROLLBACK' */
  transactions: string[][];
  /** statements run outside any transaction, in order */
  single: string[];
}

/** Wraps `inner`; what runs through the returned database is appended to the returned log. */
export function loggingDatabase(inner: Database): { db: Database; log: StatementLog } {
  const log: StatementLog = { transactions: [], single: [] };
  const db: Database = {
    kind: inner.kind,
    query(text, params) {
      log.single.push(text);
      return inner.query(text, params);
    },
    async transaction(work) {
      const statements = ['BEGIN'];
      log.transactions.push(statements);
      try {
        const value = await inner.transaction((tx) => {
          const logged: Sql = {
            query(text, params) {
              statements.push(text);
              return tx.query(text, params);
            },
          };
          return work(logged);
        });
        statements.push('COMMIT');
        return value;
      } catch (error) {
        statements.push('ROLLBACK');
        throw error;
      }
    },
    listen: (channel, onNotify, onConnectionChange) => inner.listen(channel, onNotify, onConnectionChange),
    close: () => inner.close(),
  };
  return { db, log };
}

/** The transactions in `log` from index `from` on that wrote to `table`. */
export function transactionsWriting(log: StatementLog, table: string, from = 0): string[][] {
  const writes = new RegExp(`\\b(INSERT INTO|UPDATE)\\s+${table}\\b`, 'i');
  return log.transactions.slice(from).filter((statements) => statements.some((text) => writes.test(text)));
}
