/**
 * Heartbeats on PGlite and PostgreSQL: two COSS nodes on one database (in-process, sharing the database handle, so
 * PGlite can take part), with one clock the test moves. A silent heartbeat raises one critical alert whichever node
 * looks, the next ping resolves it, a restart brings no false alarm, and Alertmanager's Watchdog is a heartbeat.
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type CossServer } from '../../server/app.ts';
import type { Database } from '../../server/db/database.ts';
import type { Alert } from '../../shared/alert.ts';
import { HeartbeatSchema, MAX_HEARTBEATS_PER_CUSTOMER, type Heartbeat } from '../../shared/heartbeat.ts';
import { databaseKinds, openTestDatabase } from '../support/databases.ts';
import { seedDirectory, type Seed } from '../support/seed.ts';
import { jsonRequest, testPagerDutyConfig, type TestResponse } from '../support/server.ts';

const MINUTE = 60_000;

for (const kind of await databaseKinds()) {
  describe(`heartbeats on ${kind}`, () => {
    let db: Database;
    let dispose: () => Promise<void>;
    let seed: Seed;
    let clock = Date.parse('2026-12-07T06:00:00Z');
    const nodes: Array<{ server: CossServer; url: string }> = [];

    const startNode = async () => {
      // The timer is off: the test decides when each node looks.
      const server = await createServer(
        { port: 0, logLevel: 'silent', shutdownQuietMs: 0, heartbeatCheckMs: 0 },
        db,
        testPagerDutyConfig(),
        () => new Date(clock),
      );
      const node = { server, url: await server.listen() };
      nodes.push(node);
      return node;
    };
    const stopNode = async (node: { server: CossServer }) => {
      await node.server.close();
      nodes.splice(nodes.indexOf(node as (typeof nodes)[number]), 1);
    };
    const call = (node: { url: string }, method: string, path: string, secret: string | null, body?: unknown) =>
      jsonRequest(node.url, method, path, secret, body);
    const ok = (response: TestResponse, status = 200) => {
      assert.equal(response.status, status, JSON.stringify(response.body));
      return response.body;
    };
    const heartbeats = async (node: { url: string }, slug = 'acme') =>
      (
        ok(await call(node, 'GET', `/api/v1/customers/${slug}/heartbeats`, seed.tokens.noc)) as {
          heartbeats: Heartbeat[];
        }
      ).heartbeats;
    const heartbeat = async (node: { url: string }, name: string) => {
      const found = (await heartbeats(node)).find((h) => h.name === name);
      assert.ok(found, `heartbeat ${name} is listed`);
      return HeartbeatSchema.parse(found);
    };
    const alertsOf = async (node: { url: string }, device: string) =>
      (
        ok(
          await call(node, 'GET', '/api/v1/alerts?customer=acme&status=open,acknowledged,resolved', seed.tokens.noc),
        ) as { alerts: Alert[] }
      ).alerts.filter((alert) => alert.device === device);
    const eventKinds = async (alertNumber: number) =>
      (
        await db.query<{ type: string }>(
          'SELECT e.type FROM events e JOIN alerts a ON a.id = e.alert_id WHERE a.number = $1 ORDER BY e.seq',
          [alertNumber],
        )
      ).rows.map((row) => row.type);

    before(async () => {
      ({ db, dispose } = await openTestDatabase(kind));
      seed = await seedDirectory(db);
    });
    // Each test's heartbeats are its own: what an earlier test left would be raised by this one's checks.
    beforeEach(async () => {
      await db.query('DELETE FROM heartbeats');
    });
    after(async () => {
      for (const node of [...nodes]) await stopNode(node);
      await dispose();
    });

    test('missed → one critical alert whichever node looks → the next ping resolves it', async () => {
      const [a, b] = [await startNode(), await startNode()];
      const first = ok(
        await call(a, 'POST', '/api/v1/heartbeats/zenoss-acme', seed.keys.acme, { interval: '5m', grace: '2m' }),
        201,
      ) as { created: boolean; heartbeat: Heartbeat };
      assert.equal(first.created, true);
      assert.equal(first.heartbeat.state, 'up');
      assert.equal(first.heartbeat.intervalMs, 5 * MINUTE);

      clock += 6 * MINUTE;
      const early = await Promise.all([a.server.heartbeats.checkOnce(), b.server.heartbeats.checkOnce()]);
      assert.deepEqual(early.map((result) => result.raised).flat(), [], 'within interval + grace nothing is raised');
      assert.equal(early.filter((result) => result.ran).length, 1, 'one node looks, the other holds back');

      clock += 6 * MINUTE;
      const checks = await Promise.all([a.server.heartbeats.checkOnce(), b.server.heartbeats.checkOnce()]);
      assert.equal(checks.filter((result) => result.ran).length, 1);
      assert.deepEqual(checks.map((result) => result.raised).flat(), ['acme/zenoss-acme']);

      const [alert] = await alertsOf(b, 'zenoss-acme');
      assert.ok(alert);
      assert.equal(alert.summary, 'Heartbeat zenoss-acme missed: last ping 12 min ago');
      assert.equal(alert.severity, 'critical');
      assert.equal(alert.source, 'heartbeat');
      assert.equal(alert.status, 'open');
      const missed = await heartbeat(a, 'zenoss-acme');
      assert.equal(missed.state, 'missed');
      assert.equal(missed.alertNumber, alert.number);

      clock += MINUTE;
      const again = await Promise.all([a.server.heartbeats.checkOnce(), b.server.heartbeats.checkOnce()]);
      assert.deepEqual(again.map((result) => result.raised).flat(), [], 'a missed heartbeat raises once');
      assert.equal((await alertsOf(a, 'zenoss-acme')).length, 1);

      const ping = ok(await call(b, 'POST', '/api/v1/heartbeats/zenoss-acme', seed.keys.acme)) as {
        heartbeat: Heartbeat;
      };
      assert.equal(ping.heartbeat.state, 'up');
      const [resolved] = await alertsOf(a, 'zenoss-acme');
      assert.equal(resolved?.status, 'resolved');
      assert.deepEqual(await eventKinds(alert.number), ['alert.created', 'alert.resolved']);
      assert.equal((await heartbeat(a, 'zenoss-acme')).state, 'up');

      // A later ping's interval and grace are not applied, and the answer says so when they differ from the stored.
      const same = ok(
        await call(a, 'POST', '/api/v1/heartbeats/zenoss-acme', seed.keys.acme, { interval: '5m', grace: '2m' }),
      ) as { note?: string };
      assert.equal(same.note, undefined, 'the same values need no note');
      const differing = ok(
        await call(a, 'POST', '/api/v1/heartbeats/zenoss-acme', seed.keys.acme, { interval: '1m', grace: '2m' }),
      ) as { note?: string; heartbeat: Heartbeat };
      assert.equal(differing.heartbeat.intervalMs, 5 * MINUTE);
      assert.equal(
        differing.note,
        'interval and grace stay 5m and 2m: only the first ping sets them; staff change them ' +
          '(PATCH /api/v1/customers/acme/heartbeats/zenoss-acme)',
      );

      // The node that looked stops; the other takes the lease over and notices the next silence.
      const looker = checks[0]?.ran ? a : b;
      const other = looker === a ? b : a;
      await stopNode(looker);
      clock += 8 * MINUTE;
      const handover = await other.server.heartbeats.checkOnce();
      assert.equal(handover.ran, true);
      assert.deepEqual(handover.raised, ['acme/zenoss-acme']);
      const open = (await alertsOf(other, 'zenoss-acme')).filter((x) => x.status === 'open');
      assert.equal(open.length, 1);
      assert.notEqual(open[0]?.number, alert.number, 'a new silence is a new alert');
      ok(await call(other, 'POST', '/api/v1/heartbeats/zenoss-acme', seed.keys.acme));
      assert.equal((await alertsOf(other, 'zenoss-acme')).filter((x) => x.status === 'open').length, 0);
      await stopNode(other);
    });

    test('no false alarm right after a restart: silence while COSS was down is not a miss', async () => {
      const a = await startNode();
      ok(
        await call(a, 'POST', '/api/v1/heartbeats/nightly-backup', seed.keys.acme, { interval: '10m', grace: '5m' }),
        201,
      );
      await stopNode(a);

      clock += 60 * MINUTE; // COSS is down for an hour: the monitor's pings were refused
      const b = await startNode();
      const first = await b.server.heartbeats.checkOnce();
      assert.equal(first.ran, true);
      assert.deepEqual(first.raised, []);
      assert.equal((await heartbeat(b, 'nightly-backup')).state, 'late', 'shown as late, not yet alerted');
      assert.equal((await alertsOf(b, 'nightly-backup')).length, 0);

      clock += 14 * MINUTE;
      assert.deepEqual((await b.server.heartbeats.checkOnce()).raised, [], 'still within interval + grace of start');
      clock += 2 * MINUTE;
      assert.deepEqual((await b.server.heartbeats.checkOnce()).raised, ['acme/nightly-backup']);
      const [alert] = await alertsOf(b, 'nightly-backup');
      assert.equal(alert?.summary, 'Heartbeat nightly-backup missed: last ping 76 min ago');

      // A restart while it is missed neither raises it again nor forgets it: the next ping resolves it.
      await stopNode(b);
      const c = await startNode();
      clock += MINUTE;
      assert.deepEqual((await c.server.heartbeats.checkOnce()).raised, []);
      assert.equal((await heartbeat(c, 'nightly-backup')).state, 'missed');
      ok(await call(c, 'POST', '/api/v1/heartbeats/nightly-backup', seed.keys.acme));
      assert.deepEqual(
        (await alertsOf(c, 'nightly-backup')).map((x) => x.status),
        ['resolved'],
      );
      await stopNode(c);
    });

    test("Alertmanager's Watchdog is a heartbeat by itself: its silence raises, its return resolves", async () => {
      const a = await startNode();
      const watchdog = (status: 'firing' | 'resolved') => ({
        version: '4',
        groupKey: '{}:{alertname="Watchdog"}',
        status,
        receiver: 'coss',
        groupLabels: { alertname: 'Watchdog' },
        commonLabels: { alertname: 'Watchdog', severity: 'none', prometheus: 'monitoring/k8s' },
        externalURL: 'http://alertmanager.acme.example:9093',
        alerts: [
          {
            status,
            labels: { alertname: 'Watchdog', severity: 'none', prometheus: 'monitoring/k8s' },
            annotations: {
              description: 'This is an alert meant to ensure that the entire alerting pipeline is functional.',
              summary: 'An alert that should always be firing to certify that Alertmanager is working properly.',
            },
            startsAt: '2026-12-07T05:00:00Z',
            endsAt: '0001-01-01T00:00:00Z',
            generatorURL: 'http://prometheus.acme.example:9090/graph?g0.expr=vector%281%29',
            fingerprint: 'e6b1f4b1c2a3d4e5',
          },
          {
            status: 'firing',
            labels: { alertname: 'KubePodCrashLooping', severity: 'warning', pod: 'api-7f9c' },
            startsAt: '2026-12-07T05:00:00Z',
          },
        ],
      });
      const posted = ok(await call(a, 'POST', '/api/v1/alerts/alertmanager', seed.keys.acme, watchdog('firing'))) as {
        heartbeats: number;
        created: number;
        alerts: Array<{ result: string }>;
      };
      assert.equal(posted.heartbeats, 1);
      assert.equal(posted.created, 1, 'the other alert in the group is stored as usual');
      assert.deepEqual(
        posted.alerts.map((x) => x.result),
        ['heartbeat', 'created'],
      );
      assert.equal((await alertsOf(a, 'Watchdog')).length, 0, 'the Watchdog itself is not an alert');
      const made = await heartbeat(a, 'watchdog');
      assert.equal(made.source, 'watchdog');
      assert.equal(made.state, 'up');

      clock += 8 * MINUTE;
      assert.deepEqual((await a.server.heartbeats.checkOnce()).raised, ['acme/watchdog']);
      const [alert] = await alertsOf(a, 'watchdog');
      assert.equal(alert?.summary, 'Heartbeat watchdog missed: last ping 8 min ago');
      assert.match(alert?.message ?? '', /Watchdog alert has stopped arriving/);

      // A resolved Watchdog (Alertmanager's pipeline itself says it stopped) is no ping.
      ok(await call(a, 'POST', '/api/v1/alerts/alertmanager', seed.keys.acme, watchdog('resolved')));
      assert.equal((await alertsOf(a, 'watchdog'))[0]?.status, 'open');
      ok(await call(a, 'POST', '/api/v1/alerts/alertmanager', seed.keys.acme, watchdog('firing')));
      assert.equal((await alertsOf(a, 'watchdog'))[0]?.status, 'resolved');
      await stopNode(a);
    });

    test('staff make, change and remove heartbeats; removing a missed one resolves its alert', async () => {
      const a = await startNode();
      const made = ok(
        await call(a, 'POST', '/api/v1/customers/acme/heartbeats', seed.tokens.noc, {
          name: 'etl.hourly',
          interval: '1h',
        }),
        201,
      ) as Heartbeat;
      assert.equal(made.state, 'waiting');
      assert.equal(made.graceMs, 2 * MINUTE);
      const duplicate = await call(a, 'POST', '/api/v1/customers/acme/heartbeats', seed.tokens.noc, {
        name: 'etl.hourly',
        interval: '1h',
      });
      assert.equal(duplicate.status, 409);

      const changed = ok(
        await call(a, 'PATCH', '/api/v1/customers/acme/heartbeats/etl.hourly', seed.tokens.noc, { grace: '10m' }),
      ) as Heartbeat;
      assert.equal(changed.graceMs, 10 * MINUTE);
      assert.equal(changed.intervalMs, 60 * MINUTE);

      clock += 71 * MINUTE;
      assert.deepEqual((await a.server.heartbeats.checkOnce()).raised, ['acme/etl.hourly']);
      const [alert] = await alertsOf(a, 'etl.hourly');
      assert.equal(alert?.summary, 'Heartbeat etl.hourly missed: no ping since it was made 71 min ago');
      ok(await call(a, 'DELETE', '/api/v1/customers/acme/heartbeats/etl.hourly', seed.tokens.noc), 204);
      assert.equal((await alertsOf(a, 'etl.hourly'))[0]?.status, 'resolved');
      // The timeline says why it was resolved: not the monitor's clear, the heartbeat's removal.
      const detail = ok(await call(a, 'GET', `/api/v1/alerts/${alert?.number ?? 0}`, seed.tokens.noc)) as {
        history: Array<{ kind: string; text: string }>;
      };
      assert.deepEqual(
        detail.history.slice(-2).map((entry) => entry.text),
        ['Heartbeat etl.hourly removed by NOC', 'Resolved: the heartbeat was removed by NOC'],
      );
      assert.equal(
        (await heartbeats(a)).some((h) => h.name === 'etl.hourly'),
        false,
      );
      assert.equal(
        (await call(a, 'DELETE', '/api/v1/customers/acme/heartbeats/etl.hourly', seed.tokens.noc)).status,
        404,
      );
      await stopNode(a);
    });

    // Found in review: the monitor's clear after staff lengthened the interval was told as a bare "Cleared by the
    // monitor", with nothing saying who changed what.
    test('a missed heartbeat given a longer interval is resolved for that reason, not as pinged again', async () => {
      const a = await startNode();
      ok(
        await call(a, 'POST', '/api/v1/customers/acme/heartbeats', seed.tokens.noc, {
          name: 'etl.daily',
          interval: '1h',
        }),
        201,
      );
      clock += 63 * MINUTE;
      assert.deepEqual((await a.server.heartbeats.checkOnce()).raised, ['acme/etl.daily']);
      ok(await call(a, 'PATCH', '/api/v1/customers/acme/heartbeats/etl.daily', seed.tokens.noc, { interval: '1d' }));
      assert.deepEqual((await a.server.heartbeats.checkOnce()).cleared, ['acme/etl.daily']);
      const [alert] = await alertsOf(a, 'etl.daily');
      assert.equal(alert?.status, 'resolved');
      const detail = ok(await call(a, 'GET', `/api/v1/alerts/${alert?.number ?? 0}`, seed.tokens.noc)) as {
        history: Array<{ kind: string; text: string }>;
      };
      assert.deepEqual(
        detail.history.slice(-2).map((entry) => entry.text),
        [
          'Heartbeat etl.daily changed by NOC: every 1d, grace 2m',
          'Resolved: no longer overdue after NOC changed the heartbeat',
        ],
      );
      await stopNode(a);
    });

    // Found in review: a monitor that puts a run id in the name made a heartbeat (and a missed alert) per run, unbounded.
    test('a customer has at most MAX_HEARTBEATS_PER_CUSTOMER heartbeats; a ping of a new name past it is refused', async () => {
      const a = await startNode();
      const acmeId = seed.customers.acme.id;
      await db.query(
        `INSERT INTO heartbeats (customer_id, name, interval_ms, grace_ms, created_by, created_at)
         SELECT $1, 'run-' || i, 300000, 120000, 'test', now() FROM generate_series(1, $2::int) AS i`,
        [acmeId, MAX_HEARTBEATS_PER_CUSTOMER - 1],
      );
      ok(await call(a, 'POST', '/api/v1/heartbeats/run-last', seed.keys.acme), 201);
      const refused = await call(a, 'POST', '/api/v1/heartbeats/run-overflow', seed.keys.acme);
      assert.equal(refused.status, 409, JSON.stringify(refused.body));
      const error = (refused.body as { error: { field?: string; message: string } }).error;
      assert.equal(error.field, 'name');
      assert.match(error.message, new RegExp(`${MAX_HEARTBEATS_PER_CUSTOMER} heartbeats, the most it may have`));
      // A known name still pings, and another customer is not held by Acme's count.
      ok(await call(a, 'POST', '/api/v1/heartbeats/run-7', seed.keys.acme), 200);
      ok(await call(a, 'POST', '/api/v1/heartbeats/run-overflow', seed.keys.globex), 201);
      await stopNode(a);
    });

    test('bad input answers 400 naming the field', async () => {
      const a = await startNode();
      const cases: Array<[string, string, string, unknown, string]> = [
        ['POST', '/api/v1/heartbeats/zenoss-acme', seed.keys.acme, { interval: 'soon' }, 'interval'],
        ['POST', '/api/v1/heartbeats/zenoss-acme', seed.keys.acme, { interval: '10s' }, 'interval'],
        ['POST', '/api/v1/heartbeats/zenoss-acme', seed.keys.acme, { interval: '30d' }, 'interval'],
        ['POST', '/api/v1/heartbeats/zenoss-acme', seed.keys.acme, { grace: '-1m' }, 'grace'],
        ['POST', '/api/v1/heartbeats/zenoss-acme', seed.keys.acme, { every: '5m' }, '(body)'],
        ['POST', `/api/v1/heartbeats/${'a'.repeat(64)}`, seed.keys.acme, undefined, 'path.name'],
        ['POST', '/api/v1/heartbeats/Zenoss%20Acme', seed.keys.acme, undefined, 'path.name'],
        ['POST', '/api/v1/heartbeats/-dash-first', seed.keys.acme, undefined, 'path.name'],
        ['POST', '/api/v1/customers/acme/heartbeats', seed.tokens.noc, { name: 'x', interval: '2 hours' }, 'interval'],
        ['POST', '/api/v1/customers/acme/heartbeats', seed.tokens.noc, { name: 'a/b', interval: '1h' }, 'name'],
        ['POST', '/api/v1/customers/acme/heartbeats', seed.tokens.noc, { name: 'x' }, 'interval'],
        ['PATCH', '/api/v1/customers/acme/heartbeats/zenoss-acme', seed.tokens.noc, {}, '(body)'],
      ];
      for (const [method, path, secret, body, field] of cases) {
        const response = await call(a, method, path, secret, body);
        assert.equal(
          response.status,
          400,
          `${method} ${path} ${JSON.stringify(body)}: ${JSON.stringify(response.body)}`,
        );
        const error = (response.body as { error: { field: string; message: string } }).error;
        assert.equal(error.field, field, `${method} ${path} ${JSON.stringify(body)}: ${error.message}`);
      }
      await stopNode(a);
    });

    test('tenancy: customers see their own, only staff edit, keys ping only their own customer', async () => {
      const a = await startNode();
      ok(await call(a, 'POST', '/api/v1/heartbeats/shared-name', seed.keys.acme), 201);
      ok(await call(a, 'POST', '/api/v1/heartbeats/shared-name', seed.keys.globex), 201);
      const acme = ok(await call(a, 'GET', '/api/v1/customers/acme/heartbeats', seed.tokens.fred)) as {
        heartbeats: Heartbeat[];
      };
      assert.ok(acme.heartbeats.every((h) => h.customer === 'acme'));
      assert.ok(acme.heartbeats.some((h) => h.name === 'shared-name'));
      assert.equal((await call(a, 'GET', '/api/v1/customers/globex/heartbeats', seed.tokens.fred)).status, 404);
      assert.equal(
        (await call(a, 'GET', '/api/v1/customers/globex/heartbeats/shared-name', seed.tokens.fred)).status,
        404,
      );
      const refusals = [
        await call(a, 'POST', '/api/v1/customers/acme/heartbeats', seed.tokens.fred, { name: 'mine', interval: '5m' }),
        await call(a, 'PATCH', '/api/v1/customers/acme/heartbeats/shared-name', seed.tokens.fred, { interval: '1m' }),
        await call(a, 'DELETE', '/api/v1/customers/acme/heartbeats/shared-name', seed.tokens.fred),
      ];
      for (const refusal of refusals) {
        assert.equal(refusal.status, 403, JSON.stringify(refusal.body));
        assert.match((refusal.body as { error: { message: string } }).error.message, /heartbeats\.edit/);
      }
      // Another customer's heartbeat is not found for staff edits made through the wrong customer either.
      assert.equal(
        (await call(a, 'DELETE', '/api/v1/customers/globex/heartbeats/shared-name', seed.tokens.wile)).status,
        403,
      );
      assert.equal(
        (await call(a, 'POST', '/api/v1/heartbeats/shared-name', seed.tokens.noc)).status,
        403,
        'a person does not ping',
      );
      assert.equal((await call(a, 'POST', '/api/v1/heartbeats/shared-name', null)).status, 401);
      assert.equal((await call(a, 'GET', '/api/v1/customers/acme/heartbeats', seed.keys.acme)).status, 403);
      await stopNode(a);
    });
  });
}
