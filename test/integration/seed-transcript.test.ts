/**
 * The flow from the system's own history, end to end over the API and the stream: a Zenoss event for x7.acme.com
 * with its notes → `.oncall [casc/int/systems, 32962] …` → one PagerDuty incident → acknowledged in PagerDuty by
 * Romel Emperado → the alert's card and both bot lines in the room, word for word, and the alert acknowledged.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { openStream, type StreamClient } from '../support/stream-client.ts';
import { startPagerDutySimulator, type PagerDutySimulator } from '../simulators/pagerduty/index.ts';
import { upsertTarget } from '../../server/paging/targets.ts';
import type { Alert } from '../../shared/alert.ts';
import type { RoomMessage } from '../../shared/room.ts';
import { TRANSCRIPT_EVENT } from '../../main/core/embedded-coss/setup.ts';
import { formatRoomTime } from '../../server/rooms/bot-lines.ts';

const ROUTING_KEY = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const SECRET = 'seed-transcript-webhook-secret';
const API_TOKEN = 'u+seedtranscripttoken';
const SEED_LINE =
  '.oncall [casc/int/systems, 32962] Pls check 32962 re Acme : Systems : fisheye.acme.com (172.30.0.14) CRITICAL ...';
const SENT = "NOC, I've successfully sent event coss_102-32962 to COSS oncall macro – Systems via PagerDuty.";
const ACKED =
  'NOC, PagerDuty is reporting that incident coss_102-32962 (for COSS oncall macro – Systems) was acknowledged by Romel Emperado on 2012-Nov-4 06:01AM PST.';
const TIER = 'Tier 1: NOC pages casc/int/systems (COSS oncall macro – Systems) for any Acme DNS failure.';
const DEVICE = 'x7.acme.com fronts the Acme ELB; check [Route 53 health](https://wiki.example/acme/dns) first.';
/** The alert as the room shows it when it opens, with its escalation notes; `time` is its first occurrence, PST. */
const card = (time: string) =>
  [
    'Event 32962',
    'Device: x7.acme.com',
    'IP Address: 172.30.0.14',
    'Component: CheckDNSELB',
    'Severity: Critical',
    `Time: ${time}`,
    'Message: CheckDNSELB CRITICAL: fisheye.acme.com does not resolve',
    '== Escalation notes ==',
    '=== Tier notes ===',
    TIER,
    '=== Device notes ===',
    DEVICE,
  ].join('\n');

for (const kind of await databaseKinds()) {
  describe(`the seed transcript on ${kind}`, () => {
    let pagerduty: PagerDutySimulator;
    let coss: TestServer;
    let stream: StreamClient;
    let carded = '';
    // PagerDuty's clock runs at the transcript's moment: paged at 05:58, acknowledged at 06:01 PST.
    let pagerDutyNow = Date.parse('2012-11-04T13:58:00Z');

    before(async () => {
      pagerduty = await startPagerDutySimulator({
        services: [
          {
            id: 'PSYSTEM',
            name: 'COSS oncall macro – Systems',
            routingKey: ROUTING_KEY,
            escalationPolicyId: 'PEPSYS1',
          },
        ],
        escalationPolicies: [{ id: 'PEPSYS1', name: 'Systems' }],
        users: [{ id: 'PROMEL1', name: 'Romel Emperado', email: 'romel@casc.example' }],
        onCalls: [{ userId: 'PROMEL1', escalationPolicyId: 'PEPSYS1', escalationLevel: 1 }],
        apiTokens: [API_TOKEN],
        webhookDelivery: { timeoutMs: 2000, retryDelaysMs: [100, 200, 400] },
        now: () => pagerDutyNow,
      });
      coss = await startTestServer(
        kind,
        {},
        {
          eventsUrl: pagerduty.eventsUrl,
          apiUrl: pagerduty.apiUrl,
          apiToken: API_TOKEN,
          webhookSecrets: [SECRET],
        },
      );
      pagerduty.addWebhookSubscriber({ url: `${coss.url}/api/v1/webhooks/pagerduty`, secret: SECRET });
      const db = coss.server.context.db;
      await upsertTarget(db, {
        path: 'casc/int/systems',
        name: 'COSS oncall macro – Systems',
        routingKey: ROUTING_KEY,
        serviceId: 'PSYSTEM',
        escalationPolicyId: 'PEPSYS1',
      });
      // The transcript's event number: the deployment's sequence happens to be there.
      await db.query("SELECT setval('alert_number_seq', 32961)");
      for (const rule of [
        { name: 'Acme tier', match: { deviceGroup: '/Customers/Acme' }, tierNotes: TIER },
        { name: 'x7', match: { deviceGlob: 'x7.acme.com', component: 'CheckDNSELB' }, deviceNotes: DEVICE },
      ]) {
        assert.equal(
          (await coss.request('POST', '/api/v1/customers/acme/note-rules', coss.tokens.noc, rule)).status,
          201,
        );
      }
      stream = openStream(coss.url, coss.tokens.noc, { since: '0' });
      await stream.refused;
    });
    after(async () => {
      stream.close();
      await coss.close();
      await pagerduty.close();
    });

    const roomLines = (events: StreamClient['events']) =>
      events.filter((e) => e.kind === 'room.message').map((e) => (e.data as RoomMessage).body);

    test('the alert arrives with its tier and device notes', async () => {
      const posted = await coss.request('POST', '/api/v1/alerts/zenoss', coss.keys.acme, TRANSCRIPT_EVENT);
      assert.equal((posted.body as { alerts: Array<{ number: number }> }).alerts[0]?.number, 32962);
      await stream.waitFor((events) => events.some((e) => e.kind === 'alert.created'));
      const alert = stream.events.find((e) => e.kind === 'alert.created')?.data as Alert;
      assert.equal(alert.severity, 'critical');
      assert.deepEqual([alert.notes.tier, alert.notes.device], [TIER, DEVICE]);
      carded = card(formatRoomTime(new Date(alert.firstSeen), 'America/Los_Angeles'));
    });

    test('.oncall pages PagerDuty once and the bot says so in the seed’s words', async () => {
      const said = await coss.request('POST', '/api/v1/rooms/acme/messages', coss.tokens.noc, { body: SEED_LINE });
      assert.equal(said.status, 201);
      await stream.waitFor((events) => roomLines(events).includes(SENT), 20_000);
      assert.equal(pagerduty.incidentCount('coss_102-32962'), 1);
      const trigger = pagerduty.acceptedEvents(ROUTING_KEY).find((e) => e.eventAction === 'trigger');
      const details = (trigger?.body as { payload: { custom_details: Record<string, unknown>; severity: string } })
        .payload;
      assert.equal(details.severity, 'warning', 'normal priority is a low-urgency warning');
      assert.equal(details.custom_details.tier_notes, TIER);
      assert.equal(details.custom_details.device_notes, DEVICE);
      assert.equal(details.custom_details.event_number, 32962);
    });

    test('PagerDuty’s acknowledgement comes back into the room and acknowledges the alert', async () => {
      pagerDutyNow = Date.parse('2012-11-04T14:01:00Z');
      pagerduty.acknowledge('coss_102-32962', 'Romel Emperado');
      await stream.waitFor((events) => roomLines(events).includes(ACKED), 20_000);
      assert.deepEqual(roomLines(stream.events), [carded, SEED_LINE, SENT, ACKED]);
      const detail = (await coss.request('GET', '/api/v1/alerts/32962', coss.tokens.noc)).body as { alert: Alert };
      assert.equal(detail.alert.status, 'acknowledged');
      assert.equal(detail.alert.acknowledgedBy, 'Romel Emperado');
      const fred = (await coss.request('GET', '/api/v1/rooms/acme/messages', coss.tokens.fred)).body as {
        messages: RoomMessage[];
      };
      assert.deepEqual(
        fred.messages.map((m) => m.body),
        [carded, SEED_LINE, SENT, ACKED],
        'the customer sees the same room',
      );
    });

    test('the alert’s timeline tells the incident in words: opened, paged, PagerDuty’s acknowledgement, the room lines', async () => {
      const detail = (await coss.request('GET', '/api/v1/alerts/32962', coss.tokens.fred)).body as {
        history: Array<{ kind: string; actor: string | null; text: string }>;
      };
      // Read as the customer's Fred: the timeline is his customer's, room lines included.
      const lines = detail.history.map((entry) => [entry.kind, entry.actor, entry.text]);
      // PagerDuty's "triggered" webhook races the worker's record of its own 202 (both are real orders of events:
      // the timeline tells them as COSS learned them), so it is checked for its place between the page and the ack.
      const triggered = [
        'page.updated',
        'COSS oncall macro – Systems',
        'PagerDuty: incident triggered (COSS oncall macro – Systems)',
      ];
      const at = lines.findIndex((line) => JSON.stringify(line) === JSON.stringify(triggered));
      assert.ok(
        at > 1,
        `PagerDuty's trigger is in the timeline after the page was asked for: ${JSON.stringify(lines)}`,
      );
      assert.ok(at < lines.findIndex((line) => line[0] === 'alert.acknowledged'), 'and before the acknowledgement');
      assert.deepEqual(
        lines.filter((_, index) => index !== at),
        [
          ['alert.created', null, `Opened: critical ${TRANSCRIPT_EVENT.summary}`],
          ['room.message', 'COSS', "Posted as a card in the customer's room"],
          ['room.message', 'NOC', `NOC: ${SEED_LINE}`],
          ['room.message', 'COSS', `COSS: ${SENT}`],
          ['page.updated', null, 'Page to COSS oncall macro – Systems (normal) sent to PagerDuty'],
          ['alert.acknowledged', 'Romel Emperado', 'Acknowledged'],
          [
            'page.updated',
            'Romel Emperado',
            'PagerDuty: incident acknowledged by Romel Emperado (COSS oncall macro – Systems)',
          ],
          ['room.message', 'COSS', `COSS: ${ACKED}`],
        ],
      );
    });

    test('.who answers from PagerDuty’s on-call schedule', async () => {
      const said = (
        await coss.request('POST', '/api/v1/rooms/acme/messages', coss.tokens.noc, { body: '.who casc/int/systems' })
      ).body as { replies: RoomMessage[] };
      assert.match(
        said.replies[0]?.body ?? '',
        /^NOC, on call now for COSS oncall macro – Systems: level 1: Romel Emperado/,
      );
    });
  });
}
