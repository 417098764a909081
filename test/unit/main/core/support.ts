/**
 * Console test support: a COSS node that can be stopped and started again on the same database and port (an
 * outage), and a console core wired to it with a fresh data directory.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type CossServer } from '../../../../server/app.ts';
import type { Database } from '../../../../server/db/database.ts';
import { openTestDatabase } from '../../../support/databases.ts';
import { seedDirectory, type Seed } from '../../../support/seed.ts';
import { jsonRequest, testPagerDutyConfig, testZendeskConfig, type TestResponse } from '../../../support/server.ts';
import type { ZendeskConfig } from '../../../../server/integrations/zendesk/config.ts';
import type { PagerDutyConfig } from '../../../../server/integrations/pagerduty/config.ts';
import { ConsoleCore, type ConsoleCoreOptions } from '../../../../main/core/console-core.ts';
import { MemorySecretStore } from '../../../../main/core/secret-store.ts';
import { SettingsStore } from '../../../../main/core/settings.ts';
import type { ConnectionState } from '../../../../shared/host/connection.ts';

export interface RestartableCoss extends Seed {
  url: string;
  port: number;
  request: (
    method: string,
    path: string,
    secret: string | null,
    body?: unknown,
    headers?: Record<string, string>,
  ) => Promise<TestResponse>;
  /** its database, which outlives stop() and restart() */
  db: Database;
  /** stops the node (streams close with 1001, the port refuses connections); the database stays */
  stop(): Promise<void>;
  /** starts a node again on the same database and port */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** A seeded COSS on PGlite (in memory) that survives its own outages; Zendesk off unless `zendesk` points at one. */
export async function startRestartableCoss(
  pagerduty: Partial<PagerDutyConfig> = {},
  zendesk: Partial<ZendeskConfig> = {},
): Promise<RestartableCoss> {
  const { db, dispose } = await openTestDatabase('pglite');
  const seed = await seedDirectory(db);
  let port = 0;
  let server: CossServer | null = null;
  const start = async () => {
    server = await createServer(
      { port, logLevel: 'silent', zendesk: testZendeskConfig(zendesk) },
      db,
      testPagerDutyConfig(pagerduty),
    );
    await server.context.customers.reload();
    const url = await server.listen();
    port = Number(new URL(url).port);
  };
  await start();
  const coss: RestartableCoss = {
    ...seed,
    url: `http://127.0.0.1:${port}`,
    port,
    db,
    request: (method, path, secret, body, headers) => jsonRequest(coss.url, method, path, secret, body, headers),
    async stop() {
      await server?.close();
      server = null;
    },
    restart: start,
    async close() {
      await server?.close();
      await dispose();
    },
  };
  return coss;
}

/** A fresh data directory. */
export function tempDir(prefix = 'coss-console-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface TestConsole {
  core: ConsoleCore;
  dataDir: string;
  states: ConnectionState[];
  /** resolves when a connection state satisfies `predicate` */
  waitForState(predicate: (state: ConnectionState) => boolean, timeoutMs?: number): Promise<ConnectionState>;
}

/** A console core connected to `url` with `token`, fast reconnects, state changes recorded. */
export async function startConsole(
  url: string,
  token: string,
  overrides: Partial<ConsoleCoreOptions> & { dataDir?: string } = {},
): Promise<TestConsole> {
  const dataDir = overrides.dataDir ?? tempDir();
  const core = new ConsoleCore({
    settings: new SettingsStore(dataDir),
    secrets: new MemorySecretStore(),
    resolveTarget: async () => ({ url, token, local: false, origin: 'settings' }),
    backoff: { baseMs: 50, capMs: 300 },
    outboxRetryMs: 200,
    ...overrides,
    dataDir,
  });
  const states: ConnectionState[] = [];
  const waiters = new Set<() => void>();
  core.on((name, payload) => {
    if (name !== 'connection.changed') return;
    states.push(payload as ConnectionState);
    for (const wake of waiters) wake();
  });
  await core.start();
  return {
    core,
    dataDir,
    states,
    waitForState(predicate, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const state = core.connectionState();
          if (predicate(state)) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(state);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out; last state ${JSON.stringify(core.connectionState())}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
  };
}

/** Polls until `check` returns true. */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 15_000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Posts one Zenoss event for Acme; returns its event number. */
export async function raise(coss: RestartableCoss, event: Record<string, unknown>): Promise<number> {
  const answer = await coss.request('POST', '/api/v1/alerts/zenoss', coss.keys.acme, {
    device: 'web1.acme.com',
    component: 'httpd',
    eventClass: '/Status/Web',
    severity: 5,
    summary: 'HTTP check failed',
    DeviceGroups: ['/Customers/Acme'],
    ...event,
  });
  const number = (answer.body as { alerts: Array<{ number: number }> }).alerts[0]?.number;
  if (number === undefined) throw new Error(`ingest failed: ${JSON.stringify(answer.body)}`);
  return number;
}
