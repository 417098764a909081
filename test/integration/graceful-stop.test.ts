/**
 * SIGTERM under keep-alive load, against a real `coss serve`: no client may have its request reset. Requests in
 * flight finish (2xx, stored); new requests, on kept-alive sockets or new ones, are answered 503 + Retry-After with
 * `Connection: close`; the listener closes only once the clients have been told. Each client stops at its first
 * 503, as a load balancer takes a draining node out of rotation. PostgreSQL and PGlite (where a commit holds the
 * event loop, which is when resets used to pile up).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Agent, request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPostgresDatabase, postgresAvailable } from '../support/databases.ts';
import { seedStore, startCossProcess, type CossProcess, type StoreLocation } from '../support/process.ts';

interface Answer {
  devices: string[];
  /** HTTP status, or the socket error ('ECONNRESET', 'socket hang up', …) */
  outcome: number | string;
  connection: string | undefined;
  retryAfter: string | undefined;
}

/** One POST on `agent`'s kept-alive sockets. */
function post(agent: Agent, url: string, key: string, devices: string[]): Promise<Answer> {
  const body = JSON.stringify(
    devices.map((device) => ({ device, summary: `fan failed on ${device}`, severity: 'warning' })),
  );
  return new Promise((resolve) => {
    const req = request(
      `${url}/api/v1/alerts`,
      {
        method: 'POST',
        agent,
        headers: {
          authorization: `Bearer ${key}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (response) => {
        response.resume();
        response.on('end', () =>
          resolve({
            devices,
            outcome: response.statusCode ?? 0,
            connection: response.headers.connection,
            retryAfter: response.headers['retry-after'],
          }),
        );
        response.on('error', (error: NodeJS.ErrnoException) =>
          resolve({ devices, outcome: error.code ?? error.message, connection: undefined, retryAfter: undefined }),
        );
      },
    );
    req.setTimeout(30_000, () => req.destroy(new Error('hung')));
    req.on('error', (error: NodeJS.ErrnoException) =>
      resolve({ devices, outcome: error.code ?? error.message, connection: undefined, retryAfter: undefined }),
    );
    req.end(body);
  });
}

function stopSuite(
  name: string,
  makeStore: () => Promise<{ store: StoreLocation; dispose: () => Promise<void> }>,
  skip: () => string | false,
) {
  describe(`graceful stop on ${name}`, () => {
    const nodes: CossProcess[] = [];
    const disposers: Array<() => Promise<void>> = [];
    after(async () => {
      for (const node of nodes) await node.kill9().catch(() => undefined);
      for (const dispose of disposers) await dispose().catch(() => undefined);
    });

    test('SIGTERM under keep-alive load: no request is reset; each is answered 2xx (stored) or 503', async (t) => {
      const reason = skip();
      if (reason) return t.skip(reason);
      const { store, dispose } = await makeStore();
      disposers.push(dispose);
      const seed = await seedStore(store);
      const node = await startCossProcess({ store });
      nodes.push(node);

      const agent = new Agent({ keepAlive: true, maxSockets: 16 });
      const answers: Answer[] = [];
      let next = 0;
      let acknowledged = 0;
      const worker = async () => {
        for (;;) {
          const devices = Array.from({ length: 1 + (next % 5) }, () => `stop-${next++}`);
          const answer = await post(agent, node.url, seed.keys.acme, devices);
          answers.push(answer);
          if (answer.outcome === 200) acknowledged += devices.length;
          // Told to go away, or (a failure) cut off: either way this client is done.
          if (answer.outcome !== 200) return;
        }
      };
      const workers = Array.from({ length: 12 }, () => worker());
      while (acknowledged < 300) await new Promise((resolve) => setTimeout(resolve, 10));
      const status = await node.terminate();
      await Promise.all(workers);
      agent.destroy();
      assert.deepEqual(status, { code: 0, signal: null }, `graceful shutdown must exit 0\n${node.output()}`);

      const byOutcome = new Map<string, number>();
      for (const answer of answers)
        byOutcome.set(String(answer.outcome), (byOutcome.get(String(answer.outcome)) ?? 0) + 1);
      t.diagnostic(`outcomes: ${JSON.stringify(Object.fromEntries(byOutcome))}`);
      const resets = answers.filter((answer) => typeof answer.outcome === 'string');
      assert.equal(
        resets.length,
        0,
        `requests reset or refused: ${resets.map((a) => a.outcome).join(', ')}\n${node.output()}`,
      );
      const other = answers.filter((answer) => answer.outcome !== 200 && answer.outcome !== 503);
      assert.deepEqual(other, [], 'every request is answered 200 or 503');
      const refusals = answers.filter((answer) => answer.outcome === 503);
      assert.equal(refusals.length, 12, 'each client got its 503');
      for (const refusal of refusals) {
        assert.equal(refusal.connection, 'close', 'a draining node closes the connection behind its answer');
        assert.ok(Number(refusal.retryAfter) > 0, 'a 503 says when to retry');
      }

      // 2xx means stored; a 503 stored nothing.
      const second = await startCossProcess({ store });
      nodes.push(second);
      const list = await fetch(`${second.url}/api/v1/alerts?customer=acme&limit=5000`, {
        headers: { authorization: `Bearer ${seed.tokens.noc}` },
      });
      const stored = new Set(
        ((await list.json()) as { alerts: Array<{ device: string }> }).alerts.map((alert) => alert.device),
      );
      assert.ok(stored.size < 5000, 'the test must stay under the list limit');
      const lost = answers
        .filter((a) => a.outcome === 200)
        .flatMap((a) => a.devices.filter((device) => !stored.has(device)));
      assert.deepEqual(lost.slice(0, 10), [], `${lost.length} acknowledged alerts were lost`);
      const halfDone = refusals.flatMap((a) => a.devices.filter((device) => stored.has(device)));
      assert.deepEqual(halfDone, [], 'a refused request stored nothing');
      await second.terminate();
    });
  });
}

let postgresUp = false;
before(async () => {
  postgresUp = await postgresAvailable();
});

stopSuite(
  'PostgreSQL',
  async () => {
    const { url, drop } = await createPostgresDatabase();
    return { store: { databaseUrl: url }, dispose: drop };
  },
  () => (postgresUp ? false : 'PostgreSQL is not reachable'),
);

stopSuite(
  'PGlite (data directory)',
  async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'coss-stop-'));
    return { store: { dataDir }, dispose: async () => rmSync(dataDir, { recursive: true, force: true }) };
  },
  () => false,
);
