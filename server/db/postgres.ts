/**
 * PostgreSQL through a `pg` pool: production, and the real-server tests in CI.
 *
 * The database may vanish at any moment (restart, failover, `pg_terminate_backend`, a stalled network path). None of
 * that may crash the process or hang a request: every connection has an 'error' listener, a connection that failed
 * is destroyed instead of going back to the pool, every wait has a timeout, and the LISTEN connection comes back by
 * itself.
 */
import { createHash } from 'node:crypto';
import pg from 'pg';
import type { Database, ListenConnectionChange, QueryOptions, QueryResult, Sql } from './database.ts';
import { isUnavailableError } from './errors.ts';

// int8 (bigint) columns hold sequence numbers far below 2^53; numbers are what every caller wants.
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));

/** How long COSS waits for PostgreSQL; 0 turns a limit off. */
export interface PostgresTimeouts {
  /** opening a connection, or waiting for a free one in the pool */
  connectMs: number;
  /** server-side statement_timeout; the client stops waiting for a reply one second later */
  statementMs: number;
  /** server-side idle_in_transaction_session_timeout */
  idleInTransactionMs: number;
  /** first TCP keepalive probe on an idle connection */
  keepAliveInitialDelayMs: number;
}

export interface PostgresOptions {
  max?: number;
  /** none by default: migrations and test fixtures run without limits */
  timeouts?: Partial<PostgresTimeouts>;
  /** how often the LISTEN connection proves it still answers (a stalled path is otherwise silent); default 10 s */
  listenPingMs?: number;
}

/** application_name of the LISTEN connection in pg_stat_activity */
export const LISTEN_APPLICATION_NAME = 'coss listen';

/**
 * A server-side statement timeout answers with a clean error; the client-side one is the backstop for a path that
 * answers nothing at all, so it fires a little later.
 */
const CLIENT_TIMEOUT_MARGIN_MS = 1_000;

/** `pg` client settings for `timeouts` (shared by the pool and the LISTEN connection). */
function clientSettings(
  connectionString: string,
  timeouts: Partial<PostgresTimeouts> = {},
  applicationName = 'coss',
): pg.ClientConfig {
  const statementMs = timeouts.statementMs ?? 0;
  return {
    connectionString,
    // Named in pg_stat_activity, so an operator (or a test) can tell COSS's pool from its LISTEN connection.
    application_name: applicationName,
    ...(timeouts.connectMs ? { connectionTimeoutMillis: timeouts.connectMs } : {}),
    ...(statementMs > 0
      ? { statement_timeout: statementMs, query_timeout: statementMs + CLIENT_TIMEOUT_MARGIN_MS }
      : {}),
    ...(timeouts.idleInTransactionMs ? { idle_in_transaction_session_timeout: timeouts.idleInTransactionMs } : {}),
    keepAlive: true,
    keepAliveInitialDelayMillis: timeouts.keepAliveInitialDelayMs ?? 10_000,
  };
}

const statementNames = new Map<string, string>();

/** A prepared statement's name, the same for the same text on every connection. */
function statementName(text: string): string {
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `coss_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
    statementNames.set(text, name);
  }
  return name;
}

/** Opens a pool on `connectionString`. */
export async function openPostgres(connectionString: string, options: PostgresOptions = {}): Promise<Database> {
  const settings = clientSettings(connectionString, options.timeouts);
  const pool = new pg.Pool({ ...settings, max: options.max ?? 10 });
  // An idle client that loses its connection emits 'error' on the pool; without a listener that kills the process.
  pool.on('error', () => undefined);
  // Known so that closing can destroy what a stalled peer will not let end.
  const clients = new Set<pg.PoolClient>();
  pool.on('connect', (client) => clients.add(client));
  pool.on('remove', (client) => clients.delete(client));
  const probe = await pool.connect();
  probe.release();

  const run = async <Row>(
    client: pg.Pool | pg.PoolClient,
    text: string,
    params?: readonly unknown[],
    options?: QueryOptions,
  ) => {
    const values = params as unknown[] | undefined;
    // pg prepares a named statement once per connection and afterwards only binds and executes it.
    const result = await (options?.prepare
      ? client.query({ name: statementName(text), text, values })
      : client.query(text, values));
    return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 } satisfies QueryResult<Row>;
  };

  return {
    kind: 'postgres',
    // pool.query listens for the client's 'error' itself and destroys a client that failed.
    query: (text, params, options) => run(pool, text, params, options),
    async transaction(work) {
      const client = await pool.connect();
      // A checked-out client has no listener of the pool's: a connection lost between two statements (while `work`
      // computes) would emit 'error' with nobody listening, and that ends the process.
      let broken: Error | undefined;
      const onError = (error: Error) => {
        broken ??= error;
      };
      client.on('error', onError);
      try {
        await client.query('BEGIN');
        const tx: Sql = { query: (text, params, options) => run(client, text, params, options) };
        const value = await work(tx);
        await client.query('COMMIT');
        return value;
      } catch (error) {
        if (broken === undefined && isUnavailableError(error))
          broken = error instanceof Error ? error : new Error(String(error));
        // A lost or stalled connection is destroyed (the server rolls back); waiting on its ROLLBACK would only hang.
        if (broken === undefined) {
          await client.query('ROLLBACK').catch((rollbackError: unknown) => {
            broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
          });
        }
        throw error;
      } finally {
        client.off('error', onError);
        // release(error) destroys the connection instead of handing a broken one to the next caller.
        client.release(broken);
      }
    },
    listen: (channel, onNotify, onConnectionChange) =>
      followChannel({
        settings: clientSettings(connectionString, options.timeouts, LISTEN_APPLICATION_NAME),
        channel,
        onNotify,
        onConnectionChange,
        pingMs: options.listenPingMs ?? 10_000,
      }),
    // Bounded like everything else: a connection whose peer stalled never completes its goodbye, and its socket
    // would keep the process alive after shutdown.
    close: async () => {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([pool.end(), new Promise((resolve) => (timer = setTimeout(resolve, 5_000)))]);
      clearTimeout(timer);
      for (const client of clients) client.connection.stream.destroy();
    },
  };
}

interface FollowOptions {
  settings: pg.ClientConfig;
  channel: string;
  onNotify: (payload: string) => void;
  onConnectionChange: ((change: ListenConnectionChange) => void) | undefined;
  pingMs: number;
}

/**
 * LISTEN on a dedicated connection (LISTEN belongs to a session, and pooled clients change hands). When the
 * connection is lost it is opened again with backoff, for as long as it takes; `onConnectionChange` hears of both,
 * so the caller can read what it missed meanwhile. The first connection must succeed.
 */
async function followChannel(options: FollowOptions): Promise<() => Promise<void>> {
  let current: pg.Client | undefined;
  let stopped = false;
  let failures = 0;
  let retry: NodeJS.Timeout | undefined;

  const report = (change: ListenConnectionChange) => {
    try {
      options.onConnectionChange?.(change);
    } catch {
      // A listener's bug must not stop the reconnecting.
    }
  };

  const lost = (client: pg.Client, error: unknown) => {
    if (client !== current || stopped) return;
    current = undefined;
    // Destroyed, not ended: a stalled peer would never complete the goodbye and the socket would linger.
    client.connection.stream.destroy();
    report({ state: 'lost', error });
    scheduleReconnect();
  };

  const connect = async (): Promise<void> => {
    const client = new pg.Client(options.settings);
    // Errors before `current` is set are the connect's own failure, handled by its caller.
    client.on('error', (error) => lost(client, error));
    client.on('end', () => lost(client, new Error('the LISTEN connection ended')));
    client.on('notification', (message) => {
      if (message.channel === options.channel) options.onNotify(message.payload ?? '');
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${quoteIdentifier(options.channel)}`);
    } catch (error) {
      client.connection.stream.destroy();
      throw error;
    }
    if (stopped) {
      await endWithin(client, 1_000);
      return;
    }
    current = client;
  };

  const scheduleReconnect = () => {
    if (stopped) return;
    const delay = nextListenDelayMs(failures);
    failures += 1;
    retry = setTimeout(() => {
      connect().then(
        () => {
          if (stopped || current === undefined) return;
          failures = 0;
          report({ state: 'restored' });
        },
        (error: unknown) => {
          report({ state: 'retrying', error, attempt: failures });
          scheduleReconnect();
        },
      );
    }, delay);
    retry.unref();
  };

  // A stalled path delivers no error and no notification: a periodic round trip (bounded by query_timeout) finds it.
  const ping = setInterval(() => {
    const client = current;
    if (!client) return;
    client.query('SELECT 1').catch((error: unknown) => lost(client, error));
  }, options.pingMs);
  ping.unref();

  try {
    await connect();
  } catch (error) {
    clearInterval(ping);
    throw error;
  }
  return async () => {
    stopped = true;
    clearInterval(ping);
    clearTimeout(retry);
    const client = current;
    current = undefined;
    if (client) await endWithin(client, 1_000);
  };
}

/** Backoff before reconnect attempt `failures` + 1: 250 ms doubling to 30 s, with jitter so nodes spread out. */
function nextListenDelayMs(failures: number): number {
  const ceiling = Math.min(30_000, 250 * 2 ** Math.min(failures, 10));
  return Math.round(ceiling * (0.5 + Math.random() / 2));
}

/** Ends a client politely, or destroys its socket when a stalled peer does not complete the goodbye in `ms`. */
async function endWithin(client: pg.Client, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    client.end().catch(() => undefined),
    new Promise((resolve) => (timer = setTimeout(resolve, ms))),
  ]);
  clearTimeout(timer);
  client.connection.stream.destroy();
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
