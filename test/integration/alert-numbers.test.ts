/** Event numbers go to alerts that open, and only to them: a repeat, a dedup update or a clear uses none up. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { storeBatch, type PreparedEvent } from '../../server/ingest/store.ts';
import pg from 'pg';

interface Answer {
  alerts: Array<{ number: number | null; result: string }>;
}

for (const kind of await databaseKinds()) {
  describe(`event numbers on ${kind}`, () => {
    let coss: TestServer;
    before(async () => {
      coss = await startTestServer(kind);
    });
    after(() => coss.close());

    const zenoss = async (body: Record<string, unknown>) => {
      const answer = await coss.request('POST', '/api/v1/alerts/zenoss', coss.keys.acme, {
        device: 'x7.acme.com',
        component: 'CheckDNSELB',
        eventClass: '/Status/DNS',
        severity: 5,
        summary: 'DNS ELB check failed',
        ...body,
      });
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      return (answer.body as Answer).alerts[0];
    };

    test('the first alert is 10000; repeats in one batch and across batches, and a clear, take no number', async () => {
      const first = await zenoss({});
      assert.deepEqual([first?.number, first?.result], [10000, 'created']);
      for (let repeat = 0; repeat < 5; repeat += 1) assert.equal((await zenoss({}))?.number, 10000);
      // Ten repeats in one request (one statement) and three more with other alerts in one batch.
      const batch = await coss.request('POST', '/api/v1/alerts', coss.keys.acme, {
        events: Array.from({ length: 10 }, () => ({
          device: 'db1.acme.com',
          severity: 'warning',
          summary: 'slow',
          fingerprint: 'db1-slow',
        })),
      });
      assert.deepEqual([...new Set((batch.body as Answer).alerts.map((alert) => alert.number))], [10001]);
      assert.equal((await zenoss({ severity: 0 }))?.result, 'resolved');
      // The next alert that opens takes the next number: nothing was used up in between.
      assert.equal((await zenoss({ component: 'ntpd', summary: 'clock drift' }))?.number, 10002);
      // The cleared alert raised again is a new alert with a new number.
      assert.equal((await zenoss({}))?.number, 10003);
    });

    test(
      'an alert resolved on another node while a repeat of it is stored opens anew with a real number',
      { skip: kind !== 'postgres' },
      async () => {
        const opened = await coss.request('POST', '/api/v1/alerts', coss.keys.acme, {
          device: 'race.acme.com',
          severity: 'error',
          summary: 'x',
          fingerprint: 'race',
        });
        const number = (opened.body as Answer).alerts[0]?.number ?? 0;
        const repeat: PreparedEvent = {
          customerId: coss.customers.acme.id,
          customerSlug: 'acme',
          source: 'generic',
          fingerprint: 'race',
          clearKey: 'race',
          device: 'race.acme.com',
          ip: null,
          component: '',
          eventClass: '',
          eventKey: '',
          severity: 'error',
          summary: 'x',
          message: 'x',
          count: 1,
          firstSeen: new Date(),
          lastSeen: new Date(),
          deviceGroups: [],
          systems: [],
          location: null,
          labels: {},
          annotations: {},
          externalId: null,
          generatorUrl: null,
          isClear: false,
          notes: { tier: '', device: '', ruleIds: [] },
        };
        // "Another node" resolves the alert and holds its transaction open: the repeat sees the alert active, proposes a
        // placeholder, waits at the conflict check, and inserts once the resolve commits.
        const other = new pg.Client({ connectionString: coss.databaseUrl });
        await other.connect();
        await other.query('BEGIN');
        await other.query("UPDATE alerts SET status = 'resolved', resolved_at = now() WHERE number = $1", [number]);
        const stored = coss.server.context.db.transaction((tx) => storeBatch(tx, [repeat]));
        await new Promise((resolve) => setTimeout(resolve, 300));
        await other.query('COMMIT');
        await other.end();
        const { outcomes } = await stored;
        assert.equal(outcomes[0]?.result, 'created');
        assert.ok((outcomes[0]?.number ?? 0) > number, `a real number after ${number}: ${outcomes[0]?.number}`);
        const negative = await coss.server.context.db.query<{ count: number }>(
          'SELECT count(*)::int AS count FROM alerts WHERE number <= 0',
        );
        assert.equal(negative.rows[0]?.count, 0);
      },
    );
  });
}
