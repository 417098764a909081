/**
 * The one database interface the backend uses, served by PostgreSQL (`pg`) or embedded PGlite.
 * Both speak the same SQL dialect; nothing above this file knows which one it has.
 */

/** A row set as both drivers return it. */
export interface QueryResult<Row> {
  rows: Row[];
  rowCount: number;
}

/** How a statement is run. */
export interface QueryOptions {
  /**
   * Keep the statement parsed and planned on the connection and reuse it (a named prepared statement on
   * PostgreSQL): for fixed texts run many times a second, such as ingest's, whose planning otherwise costs more than
   * running them for a few rows. PGlite ignores it.
   */
  prepare?: boolean;
}

/** Anything that runs SQL: the database itself or an open transaction. */
export interface Sql {
  query<Row = Record<string, unknown>>(
    text: string,
    params?: readonly unknown[],
    options?: QueryOptions,
  ): Promise<QueryResult<Row>>;
}

/** What happened to a LISTEN connection. */
export type ListenConnectionChange =
  { state: 'lost'; error: unknown } | { state: 'retrying'; error: unknown; attempt: number } | { state: 'restored' };

/** A connected database. */
export interface Database extends Sql {
  readonly kind: 'postgres' | 'pglite';
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T>;
  /**
   * Calls `onNotify` for each NOTIFY on `channel`. Notifications are only a wake-up: they are lost while
   * disconnected, so listeners must also poll. A lost connection is re-established by itself; `onConnectionChange`
   * hears of the loss, each failed attempt, and the return (then read what was missed).
   */
  listen(
    channel: string,
    onNotify: (payload: string) => void,
    onConnectionChange?: (change: ListenConnectionChange) => void,
  ): Promise<() => Promise<void>>;
  close(): Promise<void>;
}
