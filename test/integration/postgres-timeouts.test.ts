/**
 * The PostgreSQL layer on its own, on the real server: what a slow statement, an idle transaction and a dropped
 * connection turn into. Each must be an "unavailable" error (503 + Retry-After over HTTP), never a crash, and the
 * pool must go on working with a fresh connection. PostgreSQL only; skipped outside CI when it is absent.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { createPostgresDatabase, postgresAvailable } from '../support/databases.ts';
import { openPostgres } from '../../server/db/postgres.ts';
import { isUnavailableError } from '../../server/db/errors.ts';
import { toHttpError } from '../../server/http/error-handler.ts';
import type { Database } from '../../server/db/database.ts';

let postgresUp = false;
let url = '';
const cleanups: Array<() => Promise<void>> = [];
before(async () => {
  postgresUp = await postgresAvailable();
  if (!postgresUp) return;
  const created = await createPostgresDatabase();
  url = created.url;
  cleanups.push(created.drop);
});
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

async function open(timeouts: Parameters<typeof openPostgres>[1]): Promise<Database> {
  const db = await openPostgres(url, timeouts);
  cleanups.push(() => db.close());
  return db;
}

/** The error `promise` rejects with; fails when it resolves. */
async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail('expected the database call to fail');
}

function assertAnswered503(error: unknown) {
  assert.ok(isUnavailableError(error), `not classed as unavailable: ${String(error)}`);
  const http = toHttpError(error);
  assert.equal(http.statusCode, 503);
  assert.ok((http.details.retryAfterSeconds ?? 0) > 0);
}

test('a statement over statement_timeout fails as unavailable (503 + Retry-After), and the pool goes on', async (t) => {
  if (!postgresUp) return t.skip('PostgreSQL is not reachable');
  const db = await open({ max: 1, timeouts: { statementMs: 300 } });
  const started = performance.now();
  assertAnswered503(await failure(db.query('SELECT pg_sleep(3)')));
  assert.ok(performance.now() - started < 2_000, 'the statement was cut at its timeout');
  assert.deepEqual((await db.query<{ one: number }>('SELECT 1 AS one')).rows, [{ one: 1 }]);
});

test('a transaction left idle past idle_in_transaction_session_timeout fails as unavailable; its connection is not reused', async (t) => {
  if (!postgresUp) return t.skip('PostgreSQL is not reachable');
  // One connection: if the broken one went back to the pool, the next query would fail on it.
  const db = await open({ max: 1, timeouts: { idleInTransactionMs: 300 } });
  const error = await failure(
    db.transaction(async (tx) => {
      await tx.query('SELECT 1');
      await new Promise((resolve) => setTimeout(resolve, 1_000)); // the server ends the session meanwhile
      await tx.query('SELECT 1');
    }),
  );
  assertAnswered503(error);
  for (let i = 0; i < 3; i += 1) assert.equal((await db.query('SELECT 1')).rowCount, 1);
});

test('a connection terminated in the middle of a transaction (pg_terminate_backend) is an error, not a crash', async (t) => {
  if (!postgresUp) return t.skip('PostgreSQL is not reachable');
  const db = await open({ max: 1 });
  const admin = new pg.Client({ connectionString: url });
  admin.on('error', () => undefined);
  await admin.connect();
  cleanups.push(() => admin.end());
  const error = await failure(
    db.transaction(async (tx) => {
      const { rows } = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      await admin.query('SELECT pg_terminate_backend($1)', [rows[0]?.pid]);
      // The 'error' of the lost connection arrives while this code, not a query, is running.
      await new Promise((resolve) => setTimeout(resolve, 300));
      await tx.query('SELECT 1');
    }),
  );
  assertAnswered503(error);
  assert.equal((await db.query('SELECT 1')).rowCount, 1);
});
