/**
 * PagerDuty back into COSS through real signed Webhooks v3 from the simulator: every change to a paged incident
 * updates the alert and the page and says so once in the customer's room; repeats, forgeries and junk change
 * nothing.
 *
 * Long on purpose: one scenario per documented webhook behaviour, all on one COSS and simulator set-up that each would
 * otherwise repeat.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { databaseKinds, openTestDatabase } from '../support/databases.ts';
import { migrate } from '../../server/db/migrate.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { pageAlert, reportLines, snapshot, triggerThroughEventsApi, TARGET_NAME } from '../support/pagerduty-sync.ts';
import {
  startPagerDutySimulator,
  DEFAULT_API_TOKEN,
  DEFAULT_ROUTING_KEY,
  type PagerDutySimulator,
} from '../simulators/pagerduty/index.ts';
import { WEBHOOK_PATH } from '../../server/http/routes/pagerduty-webhook-route.ts';
import { signBody } from '../../server/integrations/pagerduty/webhook-signature.ts';
import { incidentReportLine } from '../../server/rooms/bot-lines.ts';

const OLD_SECRET = 'whsec-old-0123456789';
const NEW_SECRET = 'whsec-new-9876543210';

for (const kind of await databaseKinds()) {
  describe(`PagerDuty webhooks into COSS on ${kind}`, () => {
    let pd: PagerDutySimulator;
    let coss: TestServer;
    let dedupKey = '';
    let alertNumber = 0;

    before(async () => {
      pd = await startPagerDutySimulator({ webhookDelivery: { timeoutMs: 3000, retryDelaysMs: [50, 100] } });
      coss = await startTestServer(
        kind,
        {},
        {
          eventsUrl: pd.eventsUrl,
          apiUrl: pd.apiUrl,
          apiToken: DEFAULT_API_TOKEN,
          webhookSecrets: [OLD_SECRET, NEW_SECRET],
          reconcileIntervalMs: 0,
        },
      );
      // The subscription signs with the new secret only: COSS holds both during the rotation.
      pd.addWebhookSubscriber({ url: coss.url + WEBHOOK_PATH, secrets: [NEW_SECRET] });
      ({ dedupKey, alertNumber } = await pageAlert(coss, DEFAULT_ROUTING_KEY, 'fisheye.acme.com'));
    });
    after(async () => {
      await coss?.close();
      await pd?.close();
    });

    const db = () => coss.server.context.db;
    const settle = async () => {
      await pd.webhooksIdle();
      await coss.server.pagerdutySync.webhooks.drain();
    };
    const alert = async () =>
      (
        await db().query<{ status: string; acknowledged_by: string | null; assignee: string | null }>(
          'SELECT * FROM alerts WHERE number = $1',
          [alertNumber],
        )
      ).rows[0];
    const page = async () =>
      (
        await db().query<{
          incident_id: string | null;
          incident_number: number | null;
          incident_status: string | null;
          incident_assignees: unknown;
        }>('SELECT * FROM pages WHERE dedup_key = $1', [dedupKey])
      ).rows[0];
    const lastDelivery = (eventType: string) => {
      const found = pd
        .deliveries()
        .filter((d) => d.eventType === eventType)
        .at(-1);
      assert.ok(found, `a ${eventType} webhook was sent`);
      assert.equal(found.status, 'delivered', `${eventType} answered 2xx`);
      return found;
    };
    const expectedLine = (what: string, eventType: string) =>
      incidentReportLine(
        'NOC',
        dedupKey,
        TARGET_NAME,
        what,
        new Date((JSON.parse(lastDelivery(eventType).body) as { event: { occurred_at: string } }).event.occurred_at),
        'America/Los_Angeles',
      );
    const post = (body: string | Buffer, headers: Record<string, string>) =>
      fetch(coss.url + WEBHOOK_PATH, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
      });
    /** One change in PagerDuty → exactly one new report line, the expected one. */
    const expectOneLine = async (act: () => void, what: string, eventType: string) => {
      const before = await reportLines(db(), coss.customers.acme.id);
      act();
      await settle();
      const lines = await reportLines(db(), coss.customers.acme.id);
      assert.deepEqual(lines.slice(before.length), [expectedLine(what, eventType)]);
    };

    test('triggered: the page learns its incident; the room already heard "successfully sent", so no echo', async () => {
      await triggerThroughEventsApi(pd.eventsUrl, DEFAULT_ROUTING_KEY, dedupKey);
      await settle();
      const incident = pd.incident(dedupKey);
      assert.ok(incident);
      const p = await page();
      assert.equal(p?.incident_id, incident.id);
      assert.equal(p?.incident_number, incident.number);
      assert.equal(p?.incident_status, 'triggered');
      assert.deepEqual(await reportLines(db(), coss.customers.acme.id), []);
    });

    test('acknowledged by a person in PagerDuty: alert acknowledged by them, one line', async () => {
      await expectOneLine(
        () => pd.acknowledge(dedupKey, 'Romel Emperado'),
        'acknowledged by Romel Emperado',
        'incident.acknowledged',
      );
      const a = await alert();
      assert.equal(a?.status, 'acknowledged');
      assert.equal(a?.acknowledged_by, 'Romel Emperado');
      assert.equal((await page())?.incident_status, 'acknowledged');
      const events = (
        await db().query<{ type: string }>(
          `SELECT type FROM events WHERE type IN ('alert.acknowledged', 'page.updated')`,
        )
      ).rows;
      assert.ok(events.some((e) => e.type === 'alert.acknowledged'));
      assert.ok(events.some((e) => e.type === 'page.updated'));
    });

    test('redelivery of the same webhook (same X-Webhook-Id) answers 200 and changes nothing', async () => {
      const delivery = lastDelivery('incident.acknowledged');
      const before = await snapshot(db());
      const again = await pd.redeliver(delivery.webhookId);
      assert.equal(again.attempts.at(-1)?.statusCode, 200);
      await settle();
      assert.deepEqual(await snapshot(db()), before);
    });

    test('a captured delivery replayed under fresh X-Webhook-Ids answers 200 duplicate and is not stored again', async () => {
      const delivery = lastDelivery('incident.acknowledged');
      const before = await snapshot(db());
      for (let replay = 0; replay < 3; replay += 1) {
        const webhookId = randomUUID();
        const response = await post(delivery.body, {
          'x-pagerduty-signature': delivery.headers['X-PagerDuty-Signature'] ?? '',
          'x-webhook-id': webhookId,
        });
        assert.equal(response.status, 200, 'the signed event id was seen before');
        assert.deepEqual(await response.json(), { status: 'duplicate', webhookId });
      }
      await settle();
      assert.deepEqual(await snapshot(db()), before);
    });

    test('a signed body nested 20,000 levels deep is a 400 naming the body, and nothing is stored', async () => {
      const genuine = JSON.parse(lastDelivery('incident.acknowledged').body) as {
        event: { data: Record<string, unknown> };
      };
      const marker = '"__deep__"';
      const template = JSON.stringify({
        event: { ...genuine.event, id: randomUUID(), data: { ...genuine.event.data, deep: '__deep__' } },
      });
      const body = template.replace(marker, `${'['.repeat(20_000)}${']'.repeat(20_000)}`);
      const before = await snapshot(db());
      const response = await post(body, {
        'x-pagerduty-signature': signBody(body, NEW_SECRET),
        'x-webhook-id': randomUUID(),
      });
      assert.equal(response.status, 400);
      assert.equal(((await response.json()) as { error: { field: string } }).error.field, '(body)');
      assert.deepEqual(await snapshot(db()), before);
    });

    test('escalated: "escalated to level 2", the page follows PagerDuty', async () => {
      await expectOneLine(
        () => pd.escalate(dedupKey, 'Romel Emperado', 2),
        'escalated to level 2',
        'incident.escalated',
      );
      const p = await page();
      assert.equal(p?.incident_status, 'triggered', 'PagerDuty drops the acknowledgement on escalation');
      assert.deepEqual(
        (p?.incident_assignees as Array<{ name: string }>).map((a) => a.name),
        ['Dana Whitlock'],
      );
    });

    test('reassigned: the alert is assigned to them', async () => {
      await expectOneLine(
        () => pd.reassign(dedupKey, 'Dana Whitlock', ['Romel Emperado']),
        'reassigned to Romel Emperado',
        'incident.reassigned',
      );
      assert.equal((await alert())?.assignee, 'Romel Emperado');
    });

    test('annotated: the note is quoted once', async () => {
      await expectOneLine(
        () => pd.addNote(dedupKey, 'Dana Whitlock', 'disk replaced, watching'),
        'annotated by Dana Whitlock: "disk replaced, watching"',
        'incident.annotated',
      );
    });

    test('priority changed', async () => {
      await expectOneLine(
        () => pd.setPriority(dedupKey, 'Dana Whitlock', 'P1'),
        'priority set to P1 by Dana Whitlock',
        'incident.priority_updated',
      );
    });

    test('forged, replayed with a new body, unsigned, malformed, schema-invalid and oversize deliveries change nothing', async () => {
      const genuine = lastDelivery('incident.priority_updated');
      const event = JSON.parse(genuine.body) as { event: Record<string, unknown> };
      const forgedBody = JSON.stringify({
        event: { ...event.event, id: randomUUID(), event_type: 'incident.resolved' },
      });
      const before = await snapshot(db());
      const cases: Array<[string, Promise<Response>, number, string?]> = [
        [
          'wrong secret',
          post(forgedBody, {
            'x-pagerduty-signature': signBody(forgedBody, 'not-the-secret'),
            'x-webhook-id': randomUUID(),
          }),
          401,
        ],
        [
          'replayed headers, new body',
          post(forgedBody, {
            'x-pagerduty-signature': genuine.headers['X-PagerDuty-Signature'] ?? '',
            'x-webhook-id': randomUUID(),
          }),
          401,
        ],
        ['missing signature', post(forgedBody, { 'x-webhook-id': randomUUID() }), 401],
        [
          'signature without version',
          post(forgedBody, {
            'x-pagerduty-signature': signBody(forgedBody, NEW_SECRET).slice(3),
            'x-webhook-id': randomUUID(),
          }),
          401,
        ],
        [
          'malformed JSON',
          post('{"event":', {
            'x-pagerduty-signature': signBody('{"event":', NEW_SECRET),
            'x-webhook-id': randomUUID(),
          }),
          400,
          '(body)',
        ],
      ];
      const noTime = JSON.stringify({ event: { ...event.event, occurred_at: undefined } });
      cases.push([
        'no occurred_at',
        post(noTime, { 'x-pagerduty-signature': signBody(noTime, NEW_SECRET), 'x-webhook-id': randomUUID() }),
        400,
        'event.occurred_at',
      ]);
      const noId = JSON.stringify({
        event: { ...event.event, data: { ...(event.event['data'] as object), id: undefined } },
      });
      cases.push([
        'incident without id',
        post(noId, { 'x-pagerduty-signature': signBody(noId, NEW_SECRET), 'x-webhook-id': randomUUID() }),
        400,
        'event.data.id',
      ]);
      cases.push([
        'no X-Webhook-Id',
        post(forgedBody, { 'x-pagerduty-signature': signBody(forgedBody, NEW_SECRET) }),
        400,
        'X-Webhook-Id',
      ]);
      const huge = Buffer.alloc(1024 * 1024 + 10, 0x20);
      cases.push([
        'oversize',
        post(huge, { 'x-pagerduty-signature': signBody(huge, NEW_SECRET), 'x-webhook-id': randomUUID() }),
        413,
      ]);
      for (const [name, pending, status, field] of cases) {
        const response = await pending;
        const body = (await response.json()) as { error: { field?: string } };
        assert.equal(response.status, status, name);
        if (field) assert.equal(body.error.field, field, name);
      }
      // No secret configured: refused with 503 (PagerDuty retries), nothing stored.
      const secrets = coss.server.context.pagerduty.webhookSecrets;
      coss.server.context.pagerduty.webhookSecrets = [];
      try {
        const refused = await post(forgedBody, {
          'x-pagerduty-signature': signBody(forgedBody, NEW_SECRET),
          'x-webhook-id': randomUUID(),
        });
        assert.equal(refused.status, 503);
        assert.equal(((await refused.json()) as { error: { code: string } }).error.code, 'webhooks_not_configured');
      } finally {
        coss.server.context.pagerduty.webhookSecrets = secrets;
      }
      await coss.server.pagerdutySync.webhooks.drain();
      assert.deepEqual(await snapshot(db()), before);
      const room = (await coss.request('GET', '/api/v1/rooms/acme/messages', coss.tokens.noc)).body as {
        messages: Array<{ body: string }>;
      };
      assert.equal(room.messages.filter((m) => m.body.includes('was resolved')).length, 0);
    });

    test('rotation: a delivery signed with the old secret only is accepted; unknown incidents change nothing', async () => {
      const before = await snapshot(db());
      const body = JSON.stringify({
        event: {
          id: randomUUID(),
          event_type: 'incident.acknowledged',
          resource_type: 'incident',
          occurred_at: new Date().toISOString(),
          agent: { id: 'PROMEL1', type: 'user_reference', summary: 'Romel Emperado' },
          client: null,
          data: {
            id: 'PNOTOURS',
            type: 'incident',
            number: 999,
            status: 'acknowledged',
            incident_key: 'somebody-else-1',
          },
        },
      });
      const webhookId = randomUUID();
      const response = await post(body, {
        'x-pagerduty-signature': signBody(body, OLD_SECRET),
        'x-webhook-id': webhookId,
      });
      assert.equal(response.status, 202);
      await coss.server.pagerdutySync.webhooks.drain();
      const row = (
        await db().query<{ outcome: string; processed_at: unknown }>(
          'SELECT * FROM pagerduty_webhooks WHERE webhook_id = $1',
          [webhookId],
        )
      ).rows[0];
      assert.equal(row?.outcome, 'unknown incident');
      assert.ok(row?.processed_at);
      const afterwards = await snapshot(db());
      assert.deepEqual({ ...afterwards, webhooks: before.webhooks }, before);
    });

    test('resolved: the alert is resolved; every change was reported exactly once', async () => {
      await expectOneLine(
        () => pd.resolve(dedupKey, 'Dana Whitlock'),
        'resolved by Dana Whitlock',
        'incident.resolved',
      );
      assert.equal((await alert())?.status, 'resolved');
      const lines = await reportLines(db(), coss.customers.acme.id);
      assert.equal(lines.length, 6, lines.join('\n'));
      assert.equal(new Set(lines).size, 6);
      const unprocessed = (await db().query('SELECT 1 FROM pagerduty_webhooks WHERE processed_at IS NULL')).rows.length;
      assert.equal(unprocessed, 0);
    });

    test('on-call per target for the room; customers see only their own', async () => {
      // The NOC's targets are the NOC's to look up: Acme's user is not told who the NOC has on call.
      const asCustomer = await coss.request('GET', '/api/v1/customers/acme/oncall', coss.tokens.fred);
      assert.equal(asCustomer.status, 200);
      assert.deepEqual(
        (asCustomer.body as { targets: Array<{ target: string }> }).targets.map((t) => t.target),
        [],
      );
      const answer = await coss.request('GET', '/api/v1/customers/acme/oncall', coss.tokens.noc);
      assert.equal(answer.status, 200);
      const targets = (
        answer.body as { targets: Array<{ target: string; oncall: Array<{ level: number; name: string }> }> }
      ).targets;
      assert.deepEqual(
        targets.find((t) => t.target === 'casc/int/systems')?.oncall.map((o) => [o.level, o.name]),
        [
          [1, 'Romel Emperado'],
          [2, 'Dana Whitlock'],
        ],
      );
      assert.equal((await coss.request('GET', '/api/v1/customers/acme/oncall', coss.tokens.wile)).status, 404);
      assert.equal((await coss.request('GET', '/api/v1/customers/nope/oncall', coss.tokens.noc)).status, 404);
    });
  });

  test(`migration 005 keeps replays stored before it and refuses them from then on (${kind})`, async () => {
    const { db, dispose } = await openTestDatabase(kind, { migrateBefore: '005' });
    try {
      const store = (webhookId: string, eventId: string, receivedAt: string) =>
        db.query(
          `INSERT INTO pagerduty_webhooks (webhook_id, event_id, event_type, payload, received_at) VALUES ($1, $2, 'incident.acknowledged', '{}', $3)`,
          [webhookId, eventId, receivedAt],
        );
      await store('first', 'EVENT1', '2026-12-01T00:00:00Z');
      await store('replay', 'EVENT1', '2026-12-01T00:05:00Z');
      await store('other', 'EVENT2', '2026-12-01T00:01:00Z');
      await migrate(db);
      const rows = await db.query<{ webhook_id: string; event_id: string | null }>(
        'SELECT webhook_id, event_id FROM pagerduty_webhooks ORDER BY webhook_id',
      );
      assert.deepEqual(rows.rows, [
        { webhook_id: 'first', event_id: 'EVENT1' },
        { webhook_id: 'other', event_id: 'EVENT2' },
        { webhook_id: 'replay', event_id: null },
      ]);
      await assert.rejects(store('again', 'EVENT1', '2026-12-02T00:00:00Z'), /duplicate key|unique/);
    } finally {
      await dispose();
    }
  });
}
