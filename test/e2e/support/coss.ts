/**
 * A real COSS for the end-to-end tests: `coss serve` as a child process (so it can be stopped and started again on
 * the same port and database), on a fresh PostgreSQL database when one answers (always in CI), else on a PGlite data
 * directory; PagerDuty pointed at the simulator, webhooks signed with a secret.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { seedDirectory, type Seed } from '../../support/seed.ts';
import { createPostgresDatabase, postgresAvailable } from '../../support/databases.ts';
import { freePort } from '../../../main/core/embedded-coss/launcher.ts';
import { startCossProcess, type CossProcess, type StoreLocation } from '../../support/process.ts';
import { jsonRequest, type TestResponse } from '../../support/server.ts';
import { openDatabase } from '../../../server/db/open.ts';
import type { Sql } from '../../../server/db/database.ts';

export interface E2eCossOptions {
  pagerduty: { eventsUrl: string; apiUrl: string; apiToken: string; webhookSecret: string };
  /** Zendesk (ZENDESK_URL, ZENDESK_TOKEN), e.g. the simulator; absent: tickets are not configured */
  zendesk?: { url: string; token: string };
  /** runs once against the seeded database before the first start (targets, sequences…) */
  prepare?: (db: Sql) => Promise<void>;
}

export interface E2eCoss extends Seed {
  kind: 'postgres' | 'pglite';
  url: string;
  port: number;
  /** SQL against the running node's database: PostgreSQL only (PGlite is held by the child), else null */
  query: (<Row extends pg.QueryResultRow>(text: string, params?: unknown[]) => Promise<pg.QueryResult<Row>>) | null;
  request(
    method: string,
    path: string,
    secret: string | null,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<TestResponse>;
  /** SIGTERM and wait */
  stop(): Promise<void>;
  /** starts `coss serve` again on the same port and store */
  start(): Promise<void>;
  running(): boolean;
  output(): string;
  dispose(): Promise<void>;
}

export async function startE2eCoss(options: E2eCossOptions): Promise<E2eCoss> {
  const usePostgres = await postgresAvailable();
  let store: StoreLocation;
  let drop: () => Promise<void>;
  if (usePostgres) {
    const database = await createPostgresDatabase();
    store = { databaseUrl: database.url };
    drop = database.drop;
  } else {
    const dataDir = mkdtempSync(join(tmpdir(), 'coss-e2e-pglite-'));
    store = { dataDir };
    drop = async () => rmSync(dataDir, { recursive: true, force: true });
  }
  const db = await openDatabase(
    'databaseUrl' in store
      ? { databaseUrl: store.databaseUrl, dataDir: undefined }
      : { databaseUrl: undefined, dataDir: store.dataDir },
  );
  let seed: Seed;
  try {
    seed = await seedDirectory(db);
    await options.prepare?.(db);
  } finally {
    await db.close();
  }

  const port = await freePort();
  const env = {
    PAGERDUTY_EVENTS_URL: options.pagerduty.eventsUrl,
    PAGERDUTY_API_URL: options.pagerduty.apiUrl,
    PAGERDUTY_API_TOKEN: options.pagerduty.apiToken,
    PAGERDUTY_WEBHOOK_SECRET: options.pagerduty.webhookSecret,
    PAGERDUTY_RECONCILE_INTERVAL_MS: '0',
    PAGERDUTY_TIMEOUT_MS: '3000',
    ...(options.zendesk ? { ZENDESK_URL: options.zendesk.url, ZENDESK_TOKEN: options.zendesk.token } : {}),
  };
  let child: CossProcess | null = null;
  let outputs = '';
  const start = async () => {
    child = await startCossProcess({ store, env, port });
  };
  await start();
  const pool = 'databaseUrl' in store ? new pg.Pool({ connectionString: store.databaseUrl, max: 2 }) : null;
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    const current = child;
    child = null;
    if (current) {
      outputs += current.output();
      await current.terminate(15_000);
    }
  };
  return {
    ...seed,
    kind: usePostgres ? 'postgres' : 'pglite',
    url,
    port,
    query: pool ? (text, params) => pool.query(text, params) : null,
    request: (method, path, secret, body, headers) => jsonRequest(url, method, path, secret, body, headers),
    stop,
    start,
    running: () => child !== null,
    output: () => outputs + (child?.output() ?? ''),
    async dispose() {
      await stop();
      await pool?.end();
      await drop();
    },
  };
}
