/**
 * Two `coss serve` processes on one PostgreSQL database, as in production. What one node commits reaches streams on
 * the other through the event log (LISTEN/NOTIFY only wakes it up); actions and idempotency keys hold across nodes;
 * concurrent posts of one fingerprint to both nodes make one alert with the right count and no deadlock errors.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { createPostgresDatabase, postgresAvailable } from '../support/databases.ts';
import { seedStore, startCossProcess, type CossProcess } from '../support/process.ts';
import { jsonRequest } from '../support/server.ts';
import { openStream, type StreamClient } from '../support/stream-client.ts';
import type { Seed } from '../support/seed.ts';

interface IngestBody {
  alerts: Array<{ fingerprint: string; number: number | null; result: string }>;
}

const reachable = await postgresAvailable();

describe(
  'two COSS nodes on one PostgreSQL database',
  { skip: reachable ? false : 'PostgreSQL is not reachable' },
  () => {
    let databaseUrl: string;
    let drop: () => Promise<void>;
    let seed: Seed;
    let nodeA: CossProcess;
    let nodeB: CossProcess;
    let sql: pg.Client;
    const streams: StreamClient[] = [];

    const stream = (node: CossProcess) => {
      const client = openStream(node.url, seed.tokens.noc);
      streams.push(client);
      return client;
    };
    const caughtUp = (client: StreamClient) =>
      client.waitFor(() => client.messages.some((message) => message.type === 'caught-up'), 10_000);
    const nodeOutput = () => `${nodeA.output()}\n${nodeB.output()}`;

    before(async () => {
      ({ url: databaseUrl, drop } = await createPostgresDatabase());
      seed = await seedStore({ databaseUrl });
      [nodeA, nodeB] = await Promise.all([
        startCossProcess({ store: { databaseUrl } }),
        startCossProcess({ store: { databaseUrl } }),
      ]);
      sql = new pg.Client({ connectionString: databaseUrl });
      await sql.connect();
    });

    after(async () => {
      for (const client of streams) client.socket.terminate();
      await sql?.end().catch(() => undefined);
      await Promise.all([nodeA?.terminate().catch(() => nodeA.kill9()), nodeB?.terminate().catch(() => nodeB.kill9())]);
      await drop?.();
    });

    test('an alert posted to node A reaches a stream on node B, woken by NOTIFY rather than the poll', async () => {
      const onB = stream(nodeB);
      await caughtUp(onB);
      // The hubs also poll once a second; a NOTIFY wake-up delivers in milliseconds. Most deliveries must beat the poll.
      const latencies: number[] = [];
      for (let i = 0; i < 10; i += 1) {
        const device = `cross-node-${i}`;
        const started = performance.now();
        const posted = await jsonRequest(nodeA.url, 'POST', '/api/v1/alerts', seed.keys.acme, {
          device,
          summary: 'link down',
          severity: 'critical',
        });
        assert.equal(posted.status, 200, nodeOutput());
        const number = (posted.body as IngestBody).alerts[0]?.number;
        await onB.waitFor(
          (events) =>
            events.some(
              (event) => event.kind === 'alert.created' && (event.data as { number: number }).number === number,
            ),
          5000,
        );
        latencies.push(performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 200));
      }
      const fast = latencies.filter((ms) => ms < 300).length;
      assert.ok(
        fast >= 7,
        `only ${fast}/10 cross-node deliveries under 300 ms (${latencies.map(Math.round).join(', ')} ms): NOTIFY wake-up is not working`,
      );
      const seqs = onB.events.map((event) => event.seq);
      assert.deepEqual(
        seqs,
        [...seqs].sort((x, y) => x - y),
        'events arrive in seq order',
      );
    });

    test('an action on node B shows on node A, and its idempotency key holds across nodes', async () => {
      const posted = await jsonRequest(nodeA.url, 'POST', '/api/v1/alerts', seed.keys.acme, {
        device: 'ack-me',
        summary: 'cpu high',
        severity: 'warning',
      });
      assert.equal(posted.status, 200);
      const number = (posted.body as IngestBody).alerts[0]?.number;
      assert.equal(typeof number, 'number');
      const onA = stream(nodeA);
      await caughtUp(onA);

      const key = randomUUID();
      // The same key sent to both nodes at once: one acknowledgement, the other answer is its replay.
      const [fromB, fromA] = await Promise.all([
        jsonRequest(
          nodeB.url,
          'POST',
          `/api/v1/alerts/${number}/acknowledge`,
          seed.tokens.noc,
          { note: 'on it' },
          { 'idempotency-key': key },
        ),
        jsonRequest(
          nodeA.url,
          'POST',
          `/api/v1/alerts/${number}/acknowledge`,
          seed.tokens.noc,
          { note: 'on it' },
          { 'idempotency-key': key },
        ),
      ]);
      assert.equal(fromB.status, 200, JSON.stringify(fromB.body));
      assert.equal(fromA.status, 200, JSON.stringify(fromA.body));
      const answers = [fromB.body, fromA.body] as Array<{
        replayed: boolean;
        changed: boolean;
        alert: { status: string; acknowledgedBy: string | null };
      }>;
      assert.deepEqual(
        answers.map((answer) => answer.replayed).sort(),
        [false, true],
        'one request acts, the other replays it',
      );
      for (const answer of answers) assert.equal(answer.alert.status, 'acknowledged');

      await onA.waitFor(
        (events) => events.some((event) => event.kind === 'alert.acknowledged' && event.alertId !== null),
        5000,
      );
      const acknowledged = onA.events.filter((event) => event.kind === 'alert.acknowledged');
      assert.equal(acknowledged.length, 1);
      assert.equal(acknowledged[0]?.actor, 'NOC');
      assert.equal((acknowledged[0]?.data as { alert: { number: number } }).alert.number, number);

      // A later replay to node B changes nothing and appends no event.
      const replay = await jsonRequest(
        nodeB.url,
        'POST',
        `/api/v1/alerts/${number}/acknowledge`,
        seed.tokens.noc,
        { note: 'on it' },
        {
          'idempotency-key': key,
        },
      );
      assert.equal(replay.status, 200);
      assert.equal((replay.body as { replayed: boolean }).replayed, true);
      const events = await sql.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM events WHERE type = $1 AND alert_id = $2',
        ['alert.acknowledged', acknowledged[0]?.alertId],
      );
      assert.equal(events.rows[0]?.n, 1);
    });

    test('concurrent posts of the same fingerprints to both nodes make one alert each with the right count', async () => {
      const fingerprints = ['fp-a', 'fp-b', 'fp-c', 'fp-d', 'fp-e'].map(
        (name) => `${name}-${randomUUID().slice(0, 8)}`,
      );
      const occurrences = new Map(fingerprints.map((fingerprint) => [fingerprint, 0]));
      const numbers = new Map<string, Set<number>>(fingerprints.map((fingerprint) => [fingerprint, new Set()]));
      const failures: string[] = [];

      async function worker(node: CossProcess): Promise<void> {
        for (let round = 0; round < 15; round += 1) {
          // A random non-empty subset in random order: batches on the two nodes touch the same rows in different orders.
          const subset = fingerprints.filter(() => Math.random() < 0.6);
          if (subset.length === 0) subset.push(fingerprints[0] as string);
          subset.sort(() => Math.random() - 0.5);
          const body = subset.map((fingerprint) => ({
            device: `shared-${fingerprint}`,
            fingerprint,
            summary: 'flapping interface',
            severity: 'error',
          }));
          const response = await jsonRequest(node.url, 'POST', '/api/v1/alerts', seed.keys.acme, body);
          if (response.status !== 200) {
            failures.push(`${response.status} ${JSON.stringify(response.body)}`);
            continue;
          }
          for (const alert of (response.body as IngestBody).alerts) {
            occurrences.set(alert.fingerprint, (occurrences.get(alert.fingerprint) ?? 0) + 1);
            if (alert.number !== null) numbers.get(alert.fingerprint)?.add(alert.number);
          }
        }
      }

      await Promise.all([
        ...Array.from({ length: 6 }, () => worker(nodeA)),
        ...Array.from({ length: 6 }, () => worker(nodeB)),
      ]);
      assert.deepEqual(failures.slice(0, 5), [], `${failures.length} posts failed\n${nodeOutput()}`);

      const rows = await sql.query<{ fingerprint: string; number: string; count: number; status: string }>(
        'SELECT fingerprint, number, count, status FROM alerts WHERE fingerprint = ANY($1) ORDER BY fingerprint',
        [fingerprints],
      );
      for (const fingerprint of fingerprints) {
        const alerts = rows.rows.filter((row) => row.fingerprint === fingerprint);
        assert.equal(alerts.length, 1, `${fingerprint} must be one alert, found ${alerts.length}`);
        assert.equal(alerts[0]?.status, 'open');
        assert.equal(
          alerts[0]?.count,
          occurrences.get(fingerprint),
          `${fingerprint}: count must equal the acknowledged occurrences`,
        );
        assert.deepEqual(
          [...(numbers.get(fingerprint) ?? [])],
          [Number(alerts[0]?.number)],
          `${fingerprint}: every answer names the one alert`,
        );
      }
      const created = await sql.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM events WHERE type = 'alert.created' AND payload->>'fingerprint' = ANY($1)`,
        [fingerprints],
      );
      assert.equal(created.rows[0]?.n, fingerprints.length, 'one alert.created per fingerprint');
      assert.doesNotMatch(nodeOutput(), /deadlock|request failed/i);
    });
  },
);
