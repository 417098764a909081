/**
 * A stalled network path to PostgreSQL (a frozen peer: the socket stays open, nothing answers, nothing is reset),
 * made with a TCP proxy in front of the real server. COSS must not hang on it: /readyz says 503 within 2 s, ingest
 * and every other request answer 503 + Retry-After within the configured timeouts, and once the path comes back
 * everything works again. PostgreSQL only (PGlite has no network path); skipped outside CI when it is absent.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_URL, createPostgresDatabase, postgresAvailable } from '../support/databases.ts';
import { seedStore, startCossProcess, type CossProcess } from '../support/process.ts';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.ts';

/** The statement timeout the node runs with; a request may take it plus the client's one-second margin. */
const STATEMENT_TIMEOUT_MS = 2_000;
const CONNECT_TIMEOUT_MS = 2_000;
/** Anything slower than this is a hang for this test. */
const HANG_MS = 10_000;

interface Timed {
  what: string;
  status: number | 'hung';
  retryAfter: string | null;
  ms: number;
}

async function timed(what: string, url: string, init: RequestInit = {}): Promise<Timed> {
  const started = performance.now();
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(HANG_MS) });
    await response.arrayBuffer();
    return {
      what,
      status: response.status,
      retryAfter: response.headers.get('retry-after'),
      ms: performance.now() - started,
    };
  } catch {
    return { what, status: 'hung', retryAfter: null, ms: performance.now() - started };
  }
}

let postgresUp = false;
const cleanups: Array<() => Promise<void>> = [];
before(async () => {
  postgresUp = await postgresAvailable();
});
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

test('a stalled path to PostgreSQL: /readyz 503 within 2 s, requests 503 + Retry-After, none hangs; all well once it resumes', async (t) => {
  if (!postgresUp) return t.skip('PostgreSQL is not reachable');
  const { url, drop } = await createPostgresDatabase();
  cleanups.push(drop);
  const seed = await seedStore({ databaseUrl: url });
  const target = new URL(ADMIN_URL);
  const proxy: TcpProxy = await startTcpProxy(target.hostname, Number(target.port || 5432));
  cleanups.push(() => proxy.close());
  const node: CossProcess = await startCossProcess({
    store: { databaseUrl: proxy.via(url) },
    env: {
      COSS_DB_STATEMENT_TIMEOUT_MS: String(STATEMENT_TIMEOUT_MS),
      COSS_DB_CONNECT_TIMEOUT_MS: String(CONNECT_TIMEOUT_MS),
    },
  });
  cleanups.push(async () => {
    await node.kill9();
  });

  const ingest = (device: string) =>
    timed(`ingest ${device}`, `${node.url}/api/v1/alerts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${seed.keys.acme}`, 'content-type': 'application/json' },
      body: JSON.stringify({ device, summary: 'disk full', severity: 'error' }),
    });
  const before = await ingest('before-stall');
  assert.equal(before.status, 200, node.output());

  proxy.stall();
  const during = await Promise.all([
    timed('readyz', `${node.url}/readyz`),
    ingest('during-stall-1'),
    ingest('during-stall-2'),
    timed('alert list', `${node.url}/api/v1/alerts?customer=acme`, {
      headers: { authorization: `Bearer ${seed.tokens.noc}` },
    }),
    timed('room post', `${node.url}/api/v1/rooms/acme/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${seed.tokens.noc}`, 'content-type': 'application/json' },
      body: JSON.stringify({ body: 'is anyone there?' }),
    }),
  ]);
  t.diagnostic(during.map((r) => `${r.what}: ${r.status} in ${Math.round(r.ms)} ms`).join('; '));
  const readyz = during[0];
  assert.equal(readyz?.status, 503, `/readyz must say the database is not answering\n${node.output()}`);
  assert.ok((readyz?.ms ?? Infinity) < 2_000, `/readyz took ${Math.round(readyz?.ms ?? 0)} ms`);
  // The slowest legitimate path: waiting for a pooled connection (connect timeout), then a statement and its margin.
  const limitMs = CONNECT_TIMEOUT_MS + STATEMENT_TIMEOUT_MS + 1_000 + 1_500;
  for (const result of during.slice(1)) {
    assert.equal(
      result.status,
      503,
      `${result.what} answered ${result.status} in ${Math.round(result.ms)} ms\n${node.output()}`,
    );
    assert.ok(result.retryAfter !== null && Number(result.retryAfter) > 0, `${result.what} must say when to retry`);
    assert.ok(result.ms < limitMs, `${result.what} took ${Math.round(result.ms)} ms (limit ${limitMs} ms)`);
  }

  proxy.resume();
  const deadline = performance.now() + 15_000;
  let ready = await timed('readyz', `${node.url}/readyz`);
  while (ready.status !== 200 && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    ready = await timed('readyz', `${node.url}/readyz`);
  }
  assert.equal(ready.status, 200, `/readyz must recover once the path is back\n${node.output()}`);
  const afterwards = await ingest('after-stall');
  assert.equal(afterwards.status, 200, node.output());
  const list = await fetch(`${node.url}/api/v1/alerts?customer=acme`, {
    headers: { authorization: `Bearer ${seed.tokens.noc}` },
  });
  const devices = ((await list.json()) as { alerts: Array<{ device: string }> }).alerts.map((alert) => alert.device);
  assert.ok(devices.includes('before-stall') && devices.includes('after-stall'), `stored: ${devices.join(', ')}`);
  assert.equal(node.child.exitCode, null, 'the node is still running');
  assert.deepEqual(await node.terminate(), { code: 0, signal: null }, node.output());
});

test('SIGTERM while the path to PostgreSQL is stalled: the node still drains and exits', async (t) => {
  if (!postgresUp) return t.skip('PostgreSQL is not reachable');
  const { url, drop } = await createPostgresDatabase();
  cleanups.push(drop);
  const seed = await seedStore({ databaseUrl: url });
  const target = new URL(ADMIN_URL);
  const proxy = await startTcpProxy(target.hostname, Number(target.port || 5432));
  cleanups.push(() => proxy.close());
  const node = await startCossProcess({
    store: { databaseUrl: proxy.via(url) },
    env: {
      COSS_DB_STATEMENT_TIMEOUT_MS: String(STATEMENT_TIMEOUT_MS),
      COSS_DB_CONNECT_TIMEOUT_MS: String(CONNECT_TIMEOUT_MS),
    },
  });
  cleanups.push(async () => {
    await node.kill9();
  });
  const warm = await fetch(`${node.url}/api/v1/alerts`, {
    method: 'POST',
    headers: { authorization: `Bearer ${seed.keys.acme}`, 'content-type': 'application/json' },
    body: JSON.stringify({ device: 'before-stall', summary: 'disk full', severity: 'error' }),
  });
  assert.equal(warm.status, 200);

  proxy.stall();
  await new Promise((resolve) => setTimeout(resolve, 500)); // the hub's poll and the outbox worker are now stuck
  const started = performance.now();
  // Bounded by the timeouts: nothing may wait for a database that never answers.
  const status = await node.terminate(30_000);
  t.diagnostic(`exited ${Math.round(performance.now() - started)} ms after SIGTERM`);
  assert.deepEqual(status, { code: 0, signal: null }, node.output());
});
