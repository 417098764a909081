/**
 * Harvest time per incident on PGlite and PostgreSQL, against the Harvest simulator with its own clock: an
 * acknowledge starts the person's timer, a resolve stops it with the hours the clock moved; a hand-over stops one
 * timer and starts the other; two nodes on one database never start two timers for one person and alert, faults
 * (lost answers included) still leave exactly one entry each; time per person reads per alert and per customer
 * month, customer users their own customer's only; without Harvest settings nothing is queued.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createServer, type CossServer } from '../../server/app.ts';
import type { Database } from '../../server/db/database.ts';
import type { HarvestConfig } from '../../server/integrations/harvest/config.ts';
import { setCustomerProject, setHarvestUser } from '../../server/timekeeping/harvest-directory.ts';
import { startTimer } from '../../server/timekeeping/timer-changes.ts';
import { databaseKinds, openTestDatabase } from '../support/databases.ts';
import { seedDirectory, type Seed } from '../support/seed.ts';
import { jsonRequest, testPagerDutyConfig, type TestResponse } from '../support/server.ts';
import { loggingDatabase, transactionsWriting } from '../support/statement-log.ts';
import {
  HARVEST_ACCOUNT_ID,
  HARVEST_PROJECTS,
  HARVEST_TOKEN,
  HARVEST_USERS,
  startHarvestSimulator,
  type HarvestSimulator,
} from '../simulators/harvest/index.ts';

const PROJECT = HARVEST_PROJECTS[0]!;
const TASK = PROJECT.tasks[0]!;
const NOC_HARVEST = HARVEST_USERS[1]!.id;
const ADMIN_HARVEST = HARVEST_USERS[2]!.id;
const START = Date.parse('2026-12-07T09:00:00Z');

interface Node {
  server: CossServer;
  url: string;
}

function harvestConfig(sim: HarvestSimulator): HarvestConfig {
  return {
    url: sim.url,
    token: HARVEST_TOKEN,
    accountId: String(HARVEST_ACCOUNT_ID),
    userAgent: 'COSS tests (noc@coss.example)',
    requestsPer15s: 90,
    requestTimeoutMs: 1_000,
    retryBaseMs: 20,
    retryCapMs: 200,
    publicUrl: 'https://coss.example',
  };
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

for (const kind of await databaseKinds()) {
  describe(`Harvest time on ${kind}`, () => {
    let db: Database;
    let dispose: () => Promise<void>;
    let seed: Seed;
    let sim: HarvestSimulator;
    const nodes: Node[] = [];

    const startNode = async (harvest: HarvestConfig | null): Promise<Node> => {
      const server = await createServer(
        { port: 0, logLevel: 'silent', shutdownQuietMs: 0, harvest },
        db,
        testPagerDutyConfig(),
      );
      const node = { server, url: await server.listen() };
      nodes.push(node);
      return node;
    };
    const call = (node: Node, method: string, path: string, secret: string | null, body?: unknown) =>
      jsonRequest(node.url, method, path, secret, body, method === 'POST' ? { 'idempotency-key': randomUUID() } : {});
    const ok = (response: TestResponse, status = 200) => {
      assert.equal(response.status, status, JSON.stringify(response.body));
      return response.body;
    };
    const raise = async (node: Node, device: string, slug: 'acme' | 'globex' = 'acme') => {
      const posted = ok(
        await jsonRequest(node.url, 'POST', '/api/v1/alerts', seed.keys[slug], {
          device,
          component: 'dns',
          severity: 'warning',
          summary: 'DNS ELB failing',
        }),
      ) as { alerts: Array<{ number: number }> };
      const number = posted.alerts[0]?.number;
      assert.ok(number !== undefined);
      return number;
    };
    const entriesFor = (number: number) =>
      sim.timeEntries().filter((e) => e.externalReference?.id === `coss_${seed.customers.acme.number}-${number}`);
    const outboxSettled = async () =>
      (await db.query(`SELECT 1 FROM harvest_outbox WHERE status = 'pending'`)).rows.length === 0;

    before(async () => {
      ({ db, dispose } = await openTestDatabase(kind));
      seed = await seedDirectory(db);
      sim = await startHarvestSimulator({ startTime: START });
      await setCustomerProject(db, 'acme', PROJECT.id, TASK.id);
      await setHarvestUser(db, 'noc', NOC_HARVEST);
      await setHarvestUser(db, 'root', ADMIN_HARVEST);
    });
    after(async () => {
      for (const node of nodes) await node.server.close();
      await sim.close();
      await dispose();
    });

    test('acknowledge starts a timer in Harvest; resolve stops it with the hours the clock moved', async () => {
      const node = await startNode(harvestConfig(sim));
      const number = await raise(node, 'dns1.acme.com');
      ok(await call(node, 'POST', `/api/v1/alerts/${number}/acknowledge`, seed.tokens.noc, {}));
      await waitFor('a running timer', async () => entriesFor(number).some((e) => e.isRunning));
      const [entry] = entriesFor(number);
      assert.equal(entry?.userId, NOC_HARVEST);
      assert.equal(entry?.projectId, PROJECT.id);
      assert.equal(entry?.taskId, TASK.id);
      assert.equal(entry?.spentDate.length, 10);
      assert.match(entry?.notes ?? '', new RegExp(`^coss_102-${number} dns1\\.acme\\.com: DNS ELB failing`));
      assert.equal(entry?.externalReference?.permalink, `https://coss.example/alerts/${number}`);
      const request = sim.requests().find((r) => r.method === 'POST');
      assert.equal(request?.headers['authorization'], `Bearer ${HARVEST_TOKEN}`);
      assert.equal(request?.headers['harvest-account-id'], String(HARVEST_ACCOUNT_ID));
      assert.equal(request?.headers['user-agent'], 'COSS tests (noc@coss.example)');

      sim.advanceTime(90 * 60_000);
      ok(await call(node, 'POST', `/api/v1/alerts/${number}/resolve`, seed.tokens.noc, {}));
      await waitFor('the timer to stop', async () => entriesFor(number).every((e) => !e.isRunning));
      assert.equal(entriesFor(number).length, 1);
      assert.equal(entriesFor(number)[0]?.hours, 1.5);
      await waitFor('the outbox', outboxSettled);

      const time = ok(await call(node, 'GET', `/api/v1/alerts/${number}/time`, seed.tokens.noc)) as {
        people: Array<{ person: string; hours: number; minutes: number; running: boolean }>;
      };
      assert.deepEqual(
        time.people.map((p) => [p.person, p.hours, p.minutes, p.running]),
        [['NOC', 1.5, 90, false]],
      );
      const month = new Date().toISOString().slice(0, 7);
      const summary = ok(await call(node, 'GET', `/api/v1/customers/acme/time?month=${month}`, seed.tokens.fred)) as {
        total: { hours: number };
        people: Array<{ person: string; hours: number; alerts: number }>;
      };
      assert.ok(summary.people.some((p) => p.person === 'NOC' && p.hours >= 1.5 && p.alerts >= 1));
      assert.ok(summary.total.hours >= 1.5);
    });

    test('taking and handing over: the taker’s timer starts, the previous one stops', async () => {
      const node = nodes[0]!;
      const number = await raise(node, 'dns2.acme.com');
      ok(await call(node, 'POST', `/api/v1/alerts/${number}/assign`, seed.tokens.noc, { assignee: 'noc' }));
      await waitFor('NOC’s timer', async () => entriesFor(number).some((e) => e.userId === NOC_HARVEST && e.isRunning));
      sim.advanceTime(30 * 60_000);
      ok(await call(node, 'POST', `/api/v1/alerts/${number}/assign`, seed.tokens.noc, { assignee: 'Admin' }));
      await waitFor('the hand-over', async () => {
        const entries = entriesFor(number);
        return (
          entries.some((e) => e.userId === NOC_HARVEST && !e.isRunning) &&
          entries.some((e) => e.userId === ADMIN_HARVEST && e.isRunning)
        );
      });
      assert.equal(entriesFor(number).length, 2);
      assert.equal(entriesFor(number).find((e) => e.userId === NOC_HARVEST)?.hours, 0.5);
      // Nobody's now: every timer on it stops.
      ok(await call(node, 'POST', `/api/v1/alerts/${number}/assign`, seed.tokens.noc, { assignee: null }));
      await waitFor('the unassignment', async () => entriesFor(number).every((e) => !e.isRunning));
    });

    test('two nodes acknowledging and taking at once start one timer per person and alert, faults or not', async () => {
      const a = nodes[0]!;
      const b = await startNode(harvestConfig(sim));
      sim.setFaults({ rate: 0.3, kinds: ['500', '503', '429', 'reset'], phase: 'both', seed: 14 });
      const numbers: number[] = [];
      for (let i = 0; i < 5; i += 1) numbers.push(await raise(a, `dns-multi-${i}.acme.com`));
      await Promise.all(
        numbers.flatMap((number) => [
          call(a, 'POST', `/api/v1/alerts/${number}/acknowledge`, seed.tokens.noc, {}),
          call(b, 'POST', `/api/v1/alerts/${number}/assign`, seed.tokens.noc, { assignee: 'NOC' }),
          call(b, 'POST', `/api/v1/alerts/${number}/acknowledge`, seed.tokens.noc, {}),
        ]),
      );
      await waitFor('the outbox', outboxSettled, 60_000);
      sim.setFaults(null);
      const failed = await db.query(`SELECT last_error FROM harvest_outbox WHERE status = 'failed'`);
      assert.deepEqual(failed.rows, []);
      assert.ok(
        sim.faultLog().some((f) => f.phase === 'after'),
        'some answers were lost after Harvest applied them',
      );
      for (const number of numbers) {
        const entries = entriesFor(number);
        assert.equal(entries.length, 1, `one entry for event ${number}`);
        assert.equal(entries[0]?.isRunning, true);
      }
      const timers = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM harvest_time_entries t JOIN alerts a ON a.id = t.alert_id
         WHERE a.number = ANY($1::bigint[])`,
        [numbers],
      );
      assert.equal(Number(timers.rows[0]?.n), numbers.length);
    });

    const say = async (node: Node, line: string, token = seed.tokens.noc) =>
      (
        ok(await call(node, 'POST', '/api/v1/rooms/acme/messages', token, { body: line }), 201) as {
          replies: Array<{ body: string }>;
        }
      ).replies.map((reply) => reply.body);

    test('.time log, .time start|stop and the room’s .ack/.resolve reach Harvest', async () => {
      const node = nodes[0]!;
      const number = await raise(node, 'dns5.acme.com');
      const logged = await say(node, `.time log 1h30m ${number} DNS failover with Fred`);
      assert.match(logged.join(' '), new RegExp(`logged 1h30m on event ${number} in Harvest`));
      await waitFor('the logged entry', async () => entriesFor(number).length === 1);
      const [entry] = entriesFor(number);
      assert.equal(entry?.isRunning, false);
      assert.equal(entry?.hours, 1.5);
      assert.match(
        entry?.notes ?? '',
        new RegExp(`^coss_102-${number} DNS failover with Fred https://coss.example/alerts/${number}`),
      );

      assert.match((await say(node, `.time start ${number}`)).join(' '), /timer on event \d+ is running/);
      assert.match((await say(node, `.time start ${number}`)).join(' '), /was already running/);
      await waitFor('the timer', async () => entriesFor(number).some((e) => e.isRunning));
      sim.advanceTime(15 * 60_000);
      assert.match((await say(node, `.time stop ${number}`)).join(' '), /is stopped/);
      assert.match((await say(node, `.time stop ${number}`)).join(' '), /no running Harvest timer/);
      await waitFor('the stop', async () => entriesFor(number).every((e) => !e.isRunning));
      assert.deepEqual(
        entriesFor(number)
          .map((e) => e.hours)
          .sort(),
        [0.25, 1.5],
      );
      await waitFor('the outbox', outboxSettled);
      const time = ok(await call(node, 'GET', `/api/v1/alerts/${number}/time`, seed.tokens.noc)) as {
        people: Array<{ person: string; minutes: number; entries: number }>;
      };
      assert.deepEqual(
        time.people.map((p) => [p.person, p.minutes, p.entries]),
        [['NOC', 105, 2]],
      );

      const other = await raise(node, 'dns6.acme.com');
      await say(node, `.ack ${other}`);
      await waitFor('the .ack timer', async () => entriesFor(other).some((e) => e.isRunning));
      sim.advanceTime(6 * 60_000);
      await say(node, `.resolve ${other}`);
      await waitFor('the .resolve stop', async () => entriesFor(other).every((e) => !e.isRunning));
      assert.equal(entriesFor(other)[0]?.hours, 0.1);

      // A customer user may not track time; the refusal names the right.
      assert.match((await say(node, `.time start ${number}`, seed.tokens.fred)).join(' '), /may not.*time\.track/);
      const audit = await call(
        node,
        'GET',
        `/api/v1/rooms/acme/audit?from=2026-01-01T00:00:00Z&to=2100-01-01T00:00:00Z&format=json`,
        seed.tokens.noc,
      );
      assert.match(JSON.stringify(audit.body), new RegExp(`logged 1h30m on event ${number}: DNS failover with Fred`));
    });

    test('on an account that tracks start and end times, a log sends times that make its duration', async () => {
      const timestamps = await startHarvestSimulator({ startTime: START, wantsTimestampTimers: true });
      try {
        const node = await startNode(harvestConfig(timestamps));
        const number = await raise(node, 'dns7.acme.com');
        await say(node, `.time log 45m ${number} call with Fred`);
        await say(node, `.time start ${number}`);
        await waitFor('both entries', async () => timestamps.timeEntries().length === 2);
        const [logged, running] = [...timestamps.timeEntries()].sort((a, b) => a.id - b.id);
        assert.equal(logged?.hours, 0.75);
        assert.equal(running?.isRunning, true);
        await node.server.close();
        nodes.splice(nodes.indexOf(node), 1);
      } finally {
        await timestamps.close();
      }
    });

    test('transactions starting one person’s timer at once make one timer and queue one start', async () => {
      const number = await raise(nodes[0]!, 'dns8.acme.com');
      const alert = (
        await db.query<{ id: number; customer_id: number }>('SELECT id, customer_id FROM alerts WHERE number = $1', [
          number,
        ])
      ).rows[0]!;
      const noc = (await db.query<{ id: number }>(`SELECT id FROM users WHERE name = 'noc'`)).rows[0]!.id;
      // No alert lock here: the unique index alone must hold (what two nodes rely on if a path forgot the lock).
      const queued = await Promise.all(
        [1, 2, 3, 4].map(() =>
          db.transaction((tx) => startTimer(tx, Number(alert.id), Number(alert.customer_id), Number(noc))),
        ),
      );
      assert.equal(
        queued.reduce((sum, n) => sum + n, 0),
        1,
      );
      const rows = await db.query('SELECT 1 FROM harvest_time_entries WHERE alert_id = $1', [alert.id]);
      assert.equal(rows.rows.length, 1);
    });

    test('with Harvest on, the REST acknowledge and resolve stay one transaction of two statements', async () => {
      const logged = loggingDatabase(db);
      const server = await createServer(
        { port: 0, logLevel: 'silent', shutdownQuietMs: 0, harvest: harvestConfig(sim) },
        logged.db,
        testPagerDutyConfig(),
      );
      const node = { server, url: await server.listen() };
      nodes.push(node);
      const number = await raise(node, 'dns9.acme.com');
      for (const action of ['acknowledge', 'resolve']) {
        const from = logged.log.transactions.length;
        ok(await call(node, 'POST', `/api/v1/alerts/${number}/${action}`, seed.tokens.noc, {}));
        const own = transactionsWriting(logged.log, 'idempotency_keys', from);
        assert.equal(own.length, 1);
        assert.equal(own[0]?.length, 4, own[0]?.join('\n---\n'));
        assert.match(own[0]?.[2] ?? '', /INSERT INTO harvest_outbox/);
      }
      await waitFor(
        'the timer to run and stop',
        async () => entriesFor(number).length === 1 && !entriesFor(number)[0]?.isRunning,
      );
    });

    test('customer users read their own customer’s time only, and change nothing', async () => {
      const node = nodes[0]!;
      const number = await raise(node, 'dns3.acme.com');
      ok(await call(node, 'POST', `/api/v1/alerts/${number}/acknowledge`, seed.tokens.noc, {}));
      ok(await call(node, 'GET', `/api/v1/alerts/${number}/time`, seed.tokens.fred));
      assert.equal((await call(node, 'GET', `/api/v1/alerts/${number}/time`, seed.tokens.wile)).status, 404);
      assert.equal((await call(node, 'GET', '/api/v1/customers/acme/time', seed.tokens.wile)).status, 404);
      ok(await call(node, 'GET', '/api/v1/customers/globex/time', seed.tokens.wile));
      const bad = await call(node, 'GET', '/api/v1/customers/acme/time?month=2026-13', seed.tokens.noc);
      assert.equal(bad.status, 400);
      assert.match(JSON.stringify(bad.body), /month/);
      // A customer user acknowledging is refused before any timer could start.
      assert.equal((await call(node, 'POST', `/api/v1/alerts/${number}/resolve`, seed.tokens.fred, {})).status, 403);
    });

    test('a start Harvest refuses for good says so in the internal room, with Harvest’s words', async () => {
      const node = await startNode({ ...harvestConfig(sim), token: 'a-revoked-token' });
      const number = await raise(node, 'dns10.acme.com');
      ok(await call(node, 'POST', `/api/v1/alerts/${number}/acknowledge`, seed.tokens.noc, {}));
      await waitFor('the row to fail', async () => {
        const rows = await db.query<{ status: string }>(
          `SELECT o.status FROM harvest_outbox o JOIN harvest_time_entries t ON t.id = o.time_entry_id
           JOIN alerts a ON a.id = t.alert_id WHERE a.number = $1`,
          [number],
        );
        return rows.rows.some((row) => row.status === 'failed');
      });
      const lines = (
        await db.query<{ body: string; room: string }>(
          `SELECT body, room FROM room_messages WHERE kind = 'bot' AND body LIKE 'Harvest did not%' AND body LIKE $1`,
          [`%coss_${seed.customers.acme.number}-${number}%`],
        )
      ).rows;
      assert.equal(lines.length, 1, JSON.stringify(lines));
      assert.equal(lines[0]?.room, 'internal');
      assert.match(
        lines[0]?.body ?? '',
        new RegExp(`^Harvest did not start the timer of NOC on event coss_102-${number}: .*401`),
      );
      // The resolve's stop fails too, and says so in a line of its own.
      ok(await call(node, 'POST', `/api/v1/alerts/${number}/resolve`, seed.tokens.noc, {}));
      await waitFor('the outbox', outboxSettled);
      const after = await db.query<{ body: string }>(
        `SELECT body FROM room_messages WHERE kind = 'bot' AND body LIKE $1 ORDER BY id`,
        [`Harvest did not%coss_102-${number}%`],
      );
      assert.equal(after.rows.length, 2);
      assert.match(after.rows[1]?.body ?? '', /^Harvest did not stop the timer of NOC/);
      await node.server.close();
      nodes.splice(nodes.indexOf(node), 1);
    });

    test('without Harvest settings nothing is queued and .time says so', async () => {
      const node = await startNode(null);
      const number = await raise(node, 'dns4.acme.com');
      ok(await call(node, 'POST', `/api/v1/alerts/${number}/acknowledge`, seed.tokens.noc, {}));
      assert.match((await say(node, `.time start ${number}`)).join(' '), /Harvest is not configured/);
      const queued = await db.query(
        `SELECT 1 FROM harvest_time_entries t JOIN alerts a ON a.id = t.alert_id WHERE a.number = $1`,
        [number],
      );
      assert.equal(queued.rows.length, 0);
    });
  });
}
