/** A COSS node in-process on an ephemeral port, with the seed directory, for integration tests. */
import { createServer, type CossServer } from '../../server/app.ts';
import type { ServerConfig } from '../../server/config.ts';
import { openTestDatabase, type DatabaseKind } from './databases.ts';
import { seedDirectory, type Seed } from './seed.ts';
import { pagerDutyConfigFromEnv, type PagerDutyConfig } from '../../server/integrations/pagerduty/config.ts';
import { zendeskConfigFromEnv, type ZendeskConfig } from '../../server/integrations/zendesk/config.ts';

/**
 * PagerDuty settings for tests: unless a test points them at its simulator, both URLs go to a closed local port,
 * so no test can ever send traffic to the real PagerDuty.
 */
export function testPagerDutyConfig(overrides: Partial<PagerDutyConfig> = {}): PagerDutyConfig {
  return {
    ...pagerDutyConfigFromEnv({}),
    eventsUrl: 'http://127.0.0.1:9/v2/enqueue',
    apiUrl: 'http://127.0.0.1:9',
    reconcileIntervalMs: 0,
    ...overrides,
  };
}

/** Zendesk settings for tests: not configured (no URL, no token, no secret) unless a test points them at its simulator. */
export function testZendeskConfig(overrides: Partial<ZendeskConfig> = {}): ZendeskConfig {
  return { ...zendeskConfigFromEnv({}), ...overrides };
}

export interface TestServer extends Seed {
  url: string;
  server: CossServer;
  /** PostgreSQL URL of the test database (undefined on PGlite) */
  databaseUrl: string | undefined;
  /** JSON request with a bearer secret; returns status, headers and parsed body */
  request: (
    method: string,
    path: string,
    secret: string | null,
    body?: unknown,
    headers?: Record<string, string>,
  ) => Promise<TestResponse>;
  close: () => Promise<void>;
}

export interface TestResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

/** Starts a seeded node on `kind`. */
export async function startTestServer(
  kind: DatabaseKind,
  config: Partial<ServerConfig> = {},
  pagerduty: Partial<PagerDutyConfig> = {},
  zendesk: Partial<ZendeskConfig> = {},
): Promise<TestServer> {
  const { db, url: databaseUrl, dispose } = await openTestDatabase(kind);
  const seed = await seedDirectory(db);
  // shutdownQuietMs 0: a test's close follows its last request; the drain that waits for clients is tested on a process.
  const server = await createServer(
    { port: 0, logLevel: 'silent', shutdownQuietMs: 0, zendesk: testZendeskConfig(zendesk), ...config },
    db,
    testPagerDutyConfig(pagerduty),
  );
  await server.context.customers.reload();
  const url = await server.listen();
  return {
    ...seed,
    url,
    server,
    databaseUrl,
    request: (method, path, secret, body, headers) => jsonRequest(url, method, path, secret, body, headers),
    async close() {
      await server.close();
      await dispose();
    },
  };
}

/** One HTTP request with JSON in and out. */
export async function jsonRequest(
  base: string,
  method: string,
  path: string,
  secret: string | null,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<TestResponse> {
  const response = await fetch(base + path, {
    method,
    headers: {
      ...(secret ? { authorization: `Bearer ${secret}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text === '' ? null : JSON.parse(text);
  } catch {
    // Non-JSON bodies are returned as text for the assertion to show.
  }
  return { status: response.status, headers: response.headers, body: parsed };
}
