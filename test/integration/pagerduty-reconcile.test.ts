/**
 * Reconciliation from PagerDuty's log entries: what happened while webhooks did not reach COSS is applied once
 * by the poll; polling again, or a webhook and the poll seeing the same change, reports nothing more.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { pageAlert, reportLines, snapshot, triggerThroughEventsApi, TARGET_NAME } from '../support/pagerduty-sync.ts';
import {
  startPagerDutySimulator,
  DEFAULT_API_TOKEN,
  DEFAULT_ROUTING_KEY,
  type PagerDutySimulator,
} from '../simulators/pagerduty/index.ts';
import { WEBHOOK_PATH } from '../../server/http/routes/pagerduty-webhook-route.ts';
import { Reconciler, CURSOR_NAME } from '../../server/paging/reconcile.ts';
import { PagerDutyReader } from '../../server/integrations/pagerduty/rest-reads.ts';
import { OnCallDirectory } from '../../server/integrations/pagerduty/oncall.ts';
import { IncidentResolver } from '../../server/paging/incident-resolver.ts';
import { incidentReportLine } from '../../server/rooms/bot-lines.ts';

const SECRET = 'whsec-reconcile-1';

for (const kind of await databaseKinds()) {
  describe(`PagerDuty reconciliation on ${kind}`, () => {
    let pd: PagerDutySimulator;
    let coss: TestServer;
    let dedupKey = '';
    let alertNumber = 0;

    before(async () => {
      // No webhook subscription yet: COSS is "unsubscribed" while things happen in PagerDuty.
      pd = await startPagerDutySimulator({ webhookDelivery: { timeoutMs: 3000, retryDelaysMs: [50] } });
      coss = await startTestServer(
        kind,
        {},
        {
          eventsUrl: pd.eventsUrl,
          apiUrl: pd.apiUrl,
          apiToken: DEFAULT_API_TOKEN,
          webhookSecrets: [SECRET],
          reconcileIntervalMs: 0,
        },
      );
      ({ dedupKey, alertNumber } = await pageAlert(coss, DEFAULT_ROUTING_KEY, 'x7.acme.com'));
    });
    after(async () => {
      await coss?.close();
      await pd?.close();
    });

    const db = () => coss.server.context.db;
    const poll = () => coss.server.pagerdutySync.reconciler.pollOnce();
    const lines = () => reportLines(db(), coss.customers.acme.id);
    const entryTime = (type: string) =>
      new Date(
        pd
          .logEntries()
          .filter((e) => e.type === type)
          .at(-1)?.createdAt ?? 0,
      );
    const line = (what: string, at: Date) =>
      incidentReportLine('NOC', dedupKey, TARGET_NAME, what, at, 'America/Los_Angeles');

    test('an acknowledgement made while webhooks were off is applied by the poll, once', async () => {
      await triggerThroughEventsApi(pd.eventsUrl, DEFAULT_ROUTING_KEY, dedupKey);
      pd.acknowledge(dedupKey, 'Romel Emperado');
      assert.equal(pd.deliveries().length, 0, 'no webhook reached COSS');
      assert.deepEqual(await lines(), []);

      const first = await poll();
      assert.equal(first.ran, true);
      const alert = (
        await db().query<{ status: string; acknowledged_by: string }>('SELECT * FROM alerts WHERE number = $1', [
          alertNumber,
        ])
      ).rows[0];
      assert.equal(alert?.status, 'acknowledged');
      assert.equal(alert?.acknowledged_by, 'Romel Emperado');
      const page = (
        await db().query<{ incident_id: string; incident_status: string }>('SELECT * FROM pages WHERE dedup_key = $1', [
          dedupKey,
        ])
      ).rows[0];
      assert.equal(page?.incident_id, pd.incident(dedupKey)?.id);
      assert.equal(page?.incident_status, 'acknowledged');
      assert.deepEqual(await lines(), [line('acknowledged by Romel Emperado', entryTime('acknowledge_log_entry'))]);
      const cursor = (
        await db().query<{ value: string }>('SELECT value FROM pagerduty_cursor WHERE name = $1', [CURSOR_NAME])
      ).rows[0];
      assert.ok(cursor && Date.parse(cursor.value) > 0);
    });

    test('polling again changes nothing', async () => {
      const before = await snapshot(db());
      const again = await poll();
      assert.equal(again.ran, true);
      assert.equal(again.reported, 0);
      assert.deepEqual(await snapshot(db()), before);
    });

    test('only one node polls at a time', async () => {
      const context = coss.server.context;
      const reader = new PagerDutyReader(context.pagerduty);
      const other = new Reconciler({
        db: context.db,
        log: context.log,
        config: context.pagerduty,
        reader,
        resolver: new IncidentResolver(context.db, reader, new OnCallDirectory(reader), context.log),
        onCommitted: () => undefined,
      });
      assert.equal((await other.pollOnce()).ran, false, 'the lease is held by the first node');
    });

    test('changes seen by both a webhook and the poll are reported once', async () => {
      pd.addWebhookSubscriber({ url: coss.url + WEBHOOK_PATH, secrets: [SECRET] });
      pd.escalate(dedupKey, 'Romel Emperado', 2);
      pd.addNote(dedupKey, 'Dana Whitlock', 'on it');
      pd.resolve(dedupKey, 'Dana Whitlock');
      await pd.webhooksIdle();
      await coss.server.pagerdutySync.webhooks.drain();
      const viaWebhooks = await lines();
      assert.equal(viaWebhooks.length, 4, viaWebhooks.join('\n'));
      assert.match(viaWebhooks[1] ?? '', /was escalated to level 2 on /);
      assert.match(viaWebhooks[2] ?? '', /was annotated by Dana Whitlock: "on it" on /);
      assert.match(viaWebhooks[3] ?? '', /was resolved by Dana Whitlock on /);
      const before = await snapshot(db());
      const polled = await poll();
      assert.equal(polled.reported, 0);
      assert.deepEqual(await snapshot(db()), before);
      const alert = (await db().query<{ status: string }>('SELECT status FROM alerts WHERE number = $1', [alertNumber]))
        .rows[0];
      assert.equal(alert?.status, 'resolved');
    });
  });
}
