/**
 * PostgreSQL drops COSS's connections (restart, failover, `pg_terminate_backend`) again and again while ingest, room
 * posts and five stream consumers run against a real `coss serve` process. The process must stay up (an unhandled
 * 'error' from a dropped connection would end it), every alert answered 2xx must be stored, the gaps must be
 * 503 + Retry-After (never a 500, never a hang), the streams must end with every acknowledged alert, and the LISTEN
 * connection must be back afterwards. PostgreSQL only; skipped outside CI when it is absent.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { createPostgresDatabase, postgresAvailable } from '../support/databases.ts';
import { seedStore, startCossProcess, type CossProcess } from '../support/process.ts';
import { openStream, type StreamClient } from '../support/stream-client.ts';

const CHAOS_MS = 30_000;
const KILL_EVERY_MS = 2_000;
/** Anything slower than this is a hang. */
const HANG_MS = 15_000;

interface Outcome {
  /** HTTP status, 'hung' (no answer in HANG_MS) or the network error */
  status: number | string;
  retryAfter: string | null;
}

let postgresUp = false;
const cleanups: Array<() => Promise<void>> = [];
before(async () => {
  postgresUp = await postgresAvailable();
});
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

async function send(url: string, init: RequestInit): Promise<{ outcome: Outcome; text: string }> {
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(HANG_MS) });
    const text = await response.text();
    return { outcome: { status: response.status, retryAfter: response.headers.get('retry-after') }, text };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    const status = (error as Error).name === 'TimeoutError' ? 'hung' : (cause?.code ?? String(error));
    return { outcome: { status, retryAfter: null }, text: '' };
  }
}

/** A stream consumer that resumes from its last seq whenever its connection ends, as the console does. */
function resumingConsumer(baseUrl: string, token: string) {
  const seen = new Map<number, number>(); // alert number → seq of its alert.created
  let last = 0;
  let stream: StreamClient | undefined;
  let stopped = false;
  let reconnects = 0;
  const run = async () => {
    while (!stopped) {
      stream = openStream(baseUrl, token, { since: String(last) });
      const current = stream;
      current.socket.on('message', () => {
        for (const event of current.events.splice(0)) {
          last = Math.max(last, event.seq);
          if (event.kind === 'alert.created') seen.set((event.data as { number: number }).number, event.seq);
        }
      });
      await current.closed;
      if (stopped) return;
      reconnects += 1;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };
  const done = run();
  return {
    seen,
    get reconnects() {
      return reconnects;
    },
    async stop() {
      stopped = true;
      stream?.close();
      await done;
    },
  };
}

test('pg_terminate_backend every 2 s for 30 s under load: the process stays up, 2xx means stored, gaps are 503, LISTEN comes back', async (t) => {
  if (!postgresUp) return t.skip('PostgreSQL is not reachable');
  const { url, drop } = await createPostgresDatabase();
  cleanups.push(drop);
  const databaseName = new URL(url).pathname.slice(1);
  const seed = await seedStore({ databaseUrl: url });
  const node: CossProcess = await startCossProcess({ store: { databaseUrl: url } });
  cleanups.push(async () => {
    await node.kill9();
  });
  const admin = new pg.Client({ connectionString: url });
  admin.on('error', () => undefined);
  await admin.connect();
  cleanups.push(() => admin.end());

  const outcomes: Array<Outcome & { what: string }> = [];
  const acknowledged = new Map<string, number>(); // device → number answered
  let stopping = false;
  let next = 0;

  const ingestWorker = async () => {
    while (!stopping) {
      const devices = Array.from({ length: 1 + (next % 4) }, () => `chaos-${next++}`);
      const { outcome, text } = await send(`${node.url}/api/v1/alerts`, {
        method: 'POST',
        headers: { authorization: `Bearer ${seed.keys.acme}`, 'content-type': 'application/json' },
        body: JSON.stringify(
          devices.map((device) => ({ device, summary: `link down on ${device}`, severity: 'error' })),
        ),
      });
      outcomes.push({ what: 'ingest', ...outcome });
      if (typeof outcome.status === 'number' && outcome.status < 300) {
        const body = JSON.parse(text) as { alerts: Array<{ number: number }> };
        devices.forEach((device, i) => acknowledged.set(device, body.alerts[i]?.number ?? -1));
      } else {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  };
  const roomWorker = async (n: number) => {
    let line = 0;
    while (!stopping) {
      const { outcome } = await send(`${node.url}/api/v1/rooms/acme/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${seed.tokens.noc}`, 'content-type': 'application/json' },
        body: JSON.stringify({ body: `chaos line ${n}.${line++}` }),
      });
      outcomes.push({ what: 'room post', ...outcome });
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const consumers = Array.from({ length: 5 }, () => resumingConsumer(node.url, seed.tokens.noc));
  const workers = [...Array.from({ length: 4 }, () => ingestWorker()), roomWorker(1), roomWorker(2)];

  let kills = 0;
  let lastKillAt = new Date();
  const chaosEnds = Date.now() + CHAOS_MS;
  while (Date.now() < chaosEnds) {
    await new Promise((resolve) => setTimeout(resolve, KILL_EVERY_MS));
    lastKillAt = new Date();
    const killed = await admin.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [databaseName],
    );
    kills += killed.rowCount ?? 0;
  }
  stopping = true;
  await Promise.all(workers);

  // The process survived every drop, and its LISTEN connection is back: a fresh backend of COSS's listener,
  // started after the last drop.
  assert.equal(node.child.exitCode, null, `coss serve died\n${node.output()}`);
  assert.doesNotMatch(node.output(), /Unhandled 'error' event|uncaught/i, node.output());
  let listener: { backend_start: Date; query: string } | undefined;
  const listenDeadline = Date.now() + 10_000;
  while (Date.now() < listenDeadline) {
    listener = (
      await admin.query<{ backend_start: Date; query: string }>(
        `SELECT backend_start, query FROM pg_stat_activity WHERE datname = $1 AND application_name = 'coss listen' AND backend_start > $2`,
        [databaseName, lastKillAt],
      )
    ).rows[0];
    if (listener) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  assert.ok(listener, `no LISTEN connection from COSS after the last drop\n${node.output()}`);
  const ready = await send(`${node.url}/readyz`, {});
  const health = JSON.parse(ready.text) as { events: { listening: boolean; listenLosses: number; readErrors: number } };
  assert.equal(ready.outcome.status, 200, ready.text);
  assert.equal(health.events.listening, true);
  assert.ok(health.events.listenLosses >= 1, 'the drops must have reached the LISTEN connection');

  const byStatus = new Map<string, number>();
  for (const outcome of outcomes)
    byStatus.set(`${outcome.what} ${outcome.status}`, (byStatus.get(`${outcome.what} ${outcome.status}`) ?? 0) + 1);
  t.diagnostic(
    `${kills} backends terminated; outcomes ${JSON.stringify(Object.fromEntries(byStatus))}; LISTEN losses ${health.events.listenLosses}, hub read errors ${health.events.readErrors}`,
  );
  const bad = outcomes.filter((o) => typeof o.status !== 'number' || (o.status >= 300 && o.status !== 503));
  assert.deepEqual(bad.slice(0, 10), [], `every answer must be 2xx or 503\n${node.output()}`);
  const without = outcomes.filter((o) => o.status === 503 && !(Number(o.retryAfter) > 0));
  assert.deepEqual(without.slice(0, 10), [], 'every 503 must say when to retry');
  assert.ok(
    acknowledged.size > 100,
    `the load must get work done between the drops (${acknowledged.size} alerts acknowledged)`,
  );
  assert.ok(
    outcomes.some((o) => o.status === 503),
    'the drops must have been felt (no 503 at all)',
  );

  // Every acknowledged alert is stored with the number its answer gave.
  const stored = new Map(
    (await admin.query<{ device: string; number: number }>('SELECT device, number FROM alerts')).rows.map((row) => [
      row.device,
      Number(row.number),
    ]),
  );
  const lost = [...acknowledged].filter(([device, number]) => stored.get(device) !== number);
  assert.deepEqual(lost.slice(0, 10), [], `${lost.length} acknowledged alerts are missing or renumbered`);

  // Each stream consumer, resuming after every cut, ends up with every acknowledged alert.
  const numbers = [...acknowledged.values()];
  for (const consumer of consumers) {
    const deadline = Date.now() + 10_000;
    while (numbers.some((number) => !consumer.seen.has(number)) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  const missing = consumers.map((consumer) => numbers.filter((number) => !consumer.seen.has(number)).length);
  t.diagnostic(`stream reconnects: ${consumers.map((c) => c.reconnects).join(', ')}`);
  assert.deepEqual(missing, [0, 0, 0, 0, 0], 'every stream must deliver every acknowledged alert');
  await Promise.all(consumers.map((consumer) => consumer.stop()));
  assert.deepEqual(await node.terminate(), { code: 0, signal: null }, node.output());
});
