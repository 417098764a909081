/**
 * The noise report and its trend on PGlite and PostgreSQL, against a small fixture whose figures are worked out by
 * hand below: the family rule folds web01/web02 into one family, and every figure of docs/NOISE.md is checked.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { NoiseReportSchema, NoiseTrendSchema, type NoiseFamily } from '../../shared/noise.ts';
import type { Sql } from '../../server/db/database.ts';
import { databaseKinds } from '../support/databases.ts';
import { startTestServer, type TestResponse, type TestServer } from '../support/server.ts';

const HOUR = 3_600_000;
const WEEK = 7 * 24 * HOUR;

interface FixtureAlert {
  customerId: number;
  source?: string;
  device: string;
  component?: string;
  eventClass?: string;
  labels?: Record<string, string>;
  count: number;
  firstSeen: Date;
  lastSeen: Date;
  resolvedAt?: Date;
  acknowledgedBy?: string;
  tierNotes?: string;
  suppressedBy?: number;
}

/** Stores an alert as ingest would have left it; returns its id and number. */
async function insertAlert(db: Sql, alert: FixtureAlert): Promise<{ id: number; number: number }> {
  const key = `${alert.device}|${alert.firstSeen.toISOString()}|${Math.random()}`;
  const row = (
    await db.query<{ id: number; number: number }>(
      `INSERT INTO alerts (customer_id, source, fingerprint, clear_key, device, component, event_class, event_key,
         severity, summary, message, count, first_seen, last_seen, status, acknowledged_by, resolved_at, labels,
         tier_notes, suppressed_by)
       VALUES ($1, $2, $3, $3, $4, $5, $6, '', 'error', 's', 'm', $7, $8, $9, $10, $11, $12, $13, $14, $15)
       RETURNING id, number`,
      [
        alert.customerId,
        alert.source ?? 'zenoss',
        key,
        alert.device,
        alert.component ?? 'eth0',
        alert.eventClass ?? '/Net/Link',
        alert.count,
        alert.firstSeen.toISOString(),
        alert.lastSeen.toISOString(),
        alert.resolvedAt ? 'resolved' : alert.acknowledgedBy ? 'acknowledged' : 'open',
        alert.acknowledgedBy ?? null,
        alert.resolvedAt?.toISOString() ?? null,
        JSON.stringify(alert.labels ?? {}),
        alert.tierNotes ?? '',
        alert.suppressedBy ?? null,
      ],
    )
  ).rows[0];
  assert.ok(row);
  return { id: Number(row.id), number: Number(row.number) };
}

const LINK = 'event|/Net/Link|eth0|web#.acme.com';
const LOAD = 'prometheus|HighLoad|node';

for (const kind of await databaseKinds()) {
  describe(`noise report on ${kind}`, () => {
    let t: TestServer;
    let newestLink = 0;
    const now = Date.now();
    const ago = (hours: number) => new Date(now - hours * HOUR);
    const ok = (response: TestResponse, status = 200) => {
      assert.equal(response.status, status, JSON.stringify(response.body));
      return response.body;
    };

    before(async () => {
      t = await startTestServer(kind);
      const db = t.server.context.db;
      const acme = t.customers.acme.id;
      // /Net/Link on eth0 of web01 and web02: one family. Untouched, cleared after 1 h.
      await insertAlert(db, {
        customerId: acme,
        device: 'web01.acme.com',
        count: 10,
        firstSeen: ago(10),
        lastSeen: ago(9),
        resolvedAt: ago(9),
      });
      // Acknowledged, cleared after 2 h.
      await insertAlert(db, {
        customerId: acme,
        device: 'web02.acme.com',
        count: 5,
        firstSeen: ago(5),
        lastSeen: ago(3),
        resolvedAt: ago(3),
        acknowledgedBy: 'NOC',
      });
      // Still open, with an operator's note, and the family's newest: its notes are the family's.
      const open = await insertAlert(db, {
        customerId: acme,
        device: 'web01.acme.com',
        count: 3,
        firstSeen: ago(2),
        lastSeen: ago(1),
        tierNotes: 'Call the network team',
      });
      newestLink = open.number;
      await db.query(`INSERT INTO alert_comments (alert_id, author, body) VALUES ($1, 'NOC', 'looking')`, [open.id]);
      // HighLoad of job node on two instances: one family. Paged, cleared after 30 min.
      const paged = await insertAlert(db, {
        customerId: acme,
        source: 'alertmanager',
        device: 'db1:9100',
        labels: { alertname: 'HighLoad', job: 'node', instance: 'db1:9100' },
        count: 20,
        firstSeen: ago(30),
        lastSeen: ago(29.5),
        resolvedAt: ago(29.5),
      });
      const target = await db.query<{ id: number }>(
        `INSERT INTO paging_targets (path, name, routing_key) VALUES ('casc/int/systems', 'Systems', 'k') RETURNING id`,
      );
      await db.query(
        `INSERT INTO pages (customer_id, alert_id, target_id, priority, dedup_key, message, requested_by)
         VALUES ($1, $2, $3, 'normal', 'coss_102-1', 'm', 'NOC'), ($1, $2, $3, 'urgent', 'coss_102-1', 'm', 'NOC')`,
        [acme, paged.id, target.rows[0]?.id],
      );
      // Untouched, cleared after 10 min.
      await insertAlert(db, {
        customerId: acme,
        source: 'alertmanager',
        device: 'db2:9100',
        labels: { alertname: 'HighLoad', job: 'node', instance: 'db2:9100' },
        count: 1,
        firstSeen: ago(2),
        lastSeen: ago(2 - 1 / 6),
        resolvedAt: ago(2 - 1 / 6),
      });
      // Outside the period, and another customer's: neither counts.
      await insertAlert(db, {
        customerId: acme,
        device: 'web03.acme.com',
        count: 100,
        firstSeen: ago(200),
        lastSeen: ago(8 * 24),
      });
      await insertAlert(db, {
        customerId: t.customers.globex.id,
        device: 'web01.acme.com',
        count: 50,
        firstSeen: ago(2),
        lastSeen: ago(1),
      });
      await db.query(
        `INSERT INTO family_classifications (customer_id, family, classification, classified_by) VALUES ($1, $2, 'noise', 'NOC')`,
        [acme, LOAD],
      );
    });
    after(() => t.close());

    test('the figures of each family, worked out by hand', async () => {
      const report = NoiseReportSchema.parse(
        ok(await t.request('GET', '/api/v1/customers/acme/noise?since=7d&top=10', t.tokens.noc)),
      );
      assert.equal(report.customer, 'acme');
      assert.equal(report.occurrences, 39, '10 + 5 + 3 + 20 + 1; the 8-day-old alert and globex left out');
      assert.equal(Date.parse(report.until) - Date.parse(report.since), 7 * 24 * HOUR);
      assert.deepEqual(
        report.families.map((family) => family.family),
        [LOAD, LINK],
        'ranked by occurrences: 21 before 18',
      );
      const [load, link] = report.families as [NoiseFamily, NoiseFamily];
      assert.deepEqual(
        { ...load, notes: undefined, latestNumber: undefined },
        {
          family: LOAD,
          label: 'HighLoad (job node)',
          occurrences: 21,
          share: 21 / 39,
          alerts: 2,
          devices: 2,
          acknowledged: 0,
          paged: 1,
          noted: 0,
          clearedUntouched: 1,
          medianOpenSeconds: 1200,
          flapsPerHour: 2 / 168,
          classification: 'noise',
          notes: undefined,
          latestNumber: undefined,
        },
      );
      assert.deepEqual(
        { ...link, latestNumber: undefined },
        {
          family: LINK,
          label: '/Net/Link · eth0 · web#.acme.com',
          occurrences: 18,
          share: 18 / 39,
          alerts: 3,
          devices: 2,
          acknowledged: 1,
          paged: 0,
          noted: 1,
          clearedUntouched: 1,
          medianOpenSeconds: 5400,
          flapsPerHour: 3 / 168,
          notes: { tier: 'Call the network team', device: '', ruleIds: [] },
          classification: 'unclassified',
          latestNumber: undefined,
        },
      );
      assert.equal(link.latestNumber, newestLink, 'the newest alert of the family');
    });

    test('top and since narrow the report', async () => {
      const one = NoiseReportSchema.parse(
        ok(await t.request('GET', '/api/v1/customers/acme/noise?since=7d&top=1', t.tokens.noc)),
      );
      assert.deepEqual(
        one.families.map((family) => family.family),
        [LOAD],
      );
      assert.equal(one.occurrences, 39, 'the share is still of the whole volume');
      const recent = NoiseReportSchema.parse(
        ok(await t.request('GET', '/api/v1/customers/acme/noise?since=4h', t.tokens.noc)),
      );
      assert.deepEqual(
        recent.families.map((family) => [family.family, family.occurrences]),
        [
          [LINK, 8],
          [LOAD, 1],
        ],
      );
      const nine = NoiseReportSchema.parse(
        ok(await t.request('GET', '/api/v1/customers/acme/noise?since=90d', t.tokens.noc)),
      );
      assert.equal(nine.occurrences, 139);
    });

    test('a bad since or top is a 400 naming it', async () => {
      for (const since of ['soon', '0d', '91d', '']) {
        const response = await t.request('GET', `/api/v1/customers/acme/noise?since=${since}`, t.tokens.noc);
        assert.equal(response.status, 400, since);
        assert.match(JSON.stringify(response.body), /since/);
      }
      for (const top of ['0', '101', 'x']) {
        const response = await t.request('GET', `/api/v1/customers/acme/noise?top=${top}`, t.tokens.noc);
        assert.equal(response.status, 400, top);
        assert.match(JSON.stringify(response.body), /top/);
      }
      const weeks = await t.request('GET', `/api/v1/customers/acme/noise/trend?weeks=0`, t.tokens.noc);
      assert.equal(weeks.status, 400);
      assert.match(JSON.stringify(weeks.body), /weeks/);
    });

    test('a customer user reads their own report and trend, and no other customer exists for them', async () => {
      const own = NoiseReportSchema.parse(ok(await t.request('GET', '/api/v1/customers/acme/noise', t.tokens.fred)));
      assert.equal(own.occurrences, 39);
      ok(await t.request('GET', '/api/v1/customers/acme/noise/trend', t.tokens.fred));
      assert.equal((await t.request('GET', '/api/v1/customers/acme/noise', t.tokens.wile)).status, 404);
      assert.equal((await t.request('GET', '/api/v1/customers/acme/noise/trend', t.tokens.wile)).status, 404);
      assert.equal((await t.request('GET', '/api/v1/customers/acme/noise', null)).status, 401);
    });

    test('the trend: volume, actionable share from the week it was classified, suppressed share', async () => {
      const db = t.server.context.db;
      const globex = t.customers.globex.id;
      const monday = new Date(now);
      monday.setUTCHours(0, 0, 0, 0);
      monday.setUTCDate(monday.getUTCDate() - ((monday.getUTCDay() + 6) % 7));
      const weekAgo = (weeks: number, hours: number) => new Date(monday.getTime() - weeks * WEEK + hours * HOUR);
      const family = (device: string) => `event|/Net/Link|eth0|${device}`;
      // Two weeks back: 4 of db (actionable since that week), 6 of mq suppressed by transform 1.
      await insertAlert(db, {
        customerId: globex,
        device: 'db',
        count: 4,
        firstSeen: weekAgo(2, 30),
        lastSeen: weekAgo(2, 30),
      });
      await insertAlert(db, {
        customerId: globex,
        device: 'mq',
        count: 6,
        firstSeen: weekAgo(2, 40),
        lastSeen: weekAgo(2, 40),
        suppressedBy: 1,
      });
      // Last week: 1 of db, 3 of lb (classified actionable only now, so not counted then).
      await insertAlert(db, {
        customerId: globex,
        device: 'db',
        count: 1,
        firstSeen: weekAgo(1, 5),
        lastSeen: weekAgo(1, 5),
      });
      await insertAlert(db, {
        customerId: globex,
        device: 'lb',
        count: 3,
        firstSeen: weekAgo(1, 6),
        lastSeen: weekAgo(1, 6),
      });
      await db.query(
        `INSERT INTO family_classifications (customer_id, family, classification, classified_by, classified_at)
         VALUES ($1, $2, 'actionable', 'NOC', $3), ($1, $4, 'actionable', 'NOC', now())`,
        [globex, family('db'), weekAgo(2, 1).toISOString(), family('lb')],
      );
      const trend = NoiseTrendSchema.parse(
        ok(await t.request('GET', '/api/v1/customers/globex/noise/trend?weeks=3', t.tokens.noc)),
      );
      assert.equal(trend.weeks.length, 3);
      assert.deepEqual(trend.weeks.slice(0, 2), [
        { weekStart: weekAgo(2, 0).toISOString(), occurrences: 10, actionableShare: 0.4, suppressedShare: 0.6 },
        { weekStart: weekAgo(1, 0).toISOString(), occurrences: 4, actionableShare: 0.25, suppressedShare: 0 },
      ]);
      assert.equal(trend.weeks[2]?.weekStart, monday.toISOString());
    });
  });
}
