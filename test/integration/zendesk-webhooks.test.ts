/**
 * Zendesk's webhooks into COSS, on PGlite and PostgreSQL, sent by the Zendesk simulator: a signed status change and a
 * public comment on our ticket become room lines (and the status reaches the alert); forged, tampered, stale and
 * replayed deliveries are refused with nothing stored; both secrets of a rotation are accepted; without a secret the
 * route answers 503 webhooks_not_configured.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Alert } from '../../shared/alert.ts';
import type { RoomMessage } from '../../shared/room.ts';
import { databaseKinds } from '../support/databases.ts';
import { startTestServer, type TestResponse, type TestServer } from '../support/server.ts';
import { DEFAULT_TOKEN, startZendeskSimulator, type ZendeskSimulator } from '../simulators/zendesk/index.ts';

const OLD_SECRET = 'dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ==';
const NEW_SECRET = 'HRkRd4BeOAoUkfZr-mhauJT64rvBASlJRoIyPsd3zeA=';
const show = (response: TestResponse) => `${response.status} ${JSON.stringify(response.body).slice(0, 600)}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

for (const kind of await databaseKinds()) {
  describe(`Zendesk webhooks on ${kind}`, () => {
    let zd: ZendeskSimulator;
    let t: TestServer;
    let ticketId = 0;
    let number = 0;
    const target = (secret: string) => ({ url: `${t.url}/api/v1/webhooks/zendesk`, secret });
    const lines = async () =>
      (
        (await t.request('GET', '/api/v1/rooms/acme/messages?limit=500', t.tokens.noc)).body as {
          messages: RoomMessage[];
        }
      ).messages;
    const stored = async () =>
      Number((await t.server.context.db.query<{ n: number }>('SELECT count(*) AS n FROM zendesk_webhooks')).rows[0]?.n);

    before(async () => {
      zd = await startZendeskSimulator();
      t = await startTestServer(
        kind,
        {},
        {},
        {
          url: zd.url,
          token: DEFAULT_TOKEN,
          webhookSecrets: [NEW_SECRET, OLD_SECRET],
          ticketsPerMinute: 2500,
          retryBaseMs: 20,
          retryCapMs: 200,
        },
      );
      const raised = await t.request('POST', '/api/v1/alerts/zenoss', t.keys.acme, [
        {
          evid: `zdw-${process.pid}`,
          device: { text: 'elb.acme.com' },
          component: { text: 'dns' },
          eventClass: { text: '/Status/DNS' },
          eventKey: '',
          severity: 3,
          summary: 'DNS ELB failing',
          count: 1,
          firstTime: Math.floor(Date.now() / 1000) - 60,
          lastTime: Math.floor(Date.now() / 1000),
          prodState: 'Production',
          eventState: 'New',
        },
      ]);
      number = (raised.body as { alerts: Array<{ number: number }> }).alerts[0]?.number ?? 0;
      const said = await t.request('POST', '/api/v1/rooms/acme/messages', t.tokens.noc, {
        body: `.ticket urgent ${number} DNS ELB failing`,
      });
      assert.equal(said.status, 201, show(said));
      ticketId = await waitFor('the ticket', async () => zd.tickets()[0]?.id);
      await waitFor('the ticket line', async () => (await lines()).find((m) => m.body.includes(`#${ticketId}`)));
    });
    after(async () => {
      await t.close();
      await zd.close();
    });

    test('a signed status change becomes a room line and reaches the alert; a replay changes nothing', async () => {
      const sent = await zd.sendWebhook(target(NEW_SECRET), zd.setStatus(ticketId, 'open'));
      assert.equal(sent.status, 202);
      const line = await waitFor('the status line', async () =>
        (await lines()).find((m) => m.body.startsWith(`Zendesk ticket #${ticketId}`)),
      );
      assert.equal(line.body, `Zendesk ticket #${ticketId} (coss_102-${number}) is now open (was new).`);
      const alert = (await t.request('GET', `/api/v1/alerts/${number}`, t.tokens.fred)).body as { alert: Alert };
      assert.equal(alert.alert.tickets?.[0]?.status, 'open');
      const before = (await lines()).length;
      const rows = await stored();
      const replay = await zd.resendWebhook(target(NEW_SECRET), sent);
      assert.equal(replay.status, 200);
      assert.equal((await lines()).length, before);
      assert.equal(await stored(), rows);
    });

    test('a public comment becomes a room line; an internal one does not', async () => {
      const sent = await zd.sendWebhook(
        target(OLD_SECRET),
        zd.addComment(ticketId, 'We restarted the ELB health checks', { author: 'Jane Agent' }),
      );
      assert.equal(sent.status, 202, 'the rotated-out secret is still accepted');
      await waitFor('the comment line', async () =>
        (await lines()).find(
          (m) =>
            m.body ===
            `Zendesk ticket #${ticketId} (coss_102-${number}), Jane Agent wrote: We restarted the ELB health checks`,
        ),
      );
      const before = (await lines()).length;
      const internal = await zd.sendWebhook(
        target(NEW_SECRET),
        zd.addComment(ticketId, 'internal only', { public: false }),
      );
      assert.equal(internal.status, 202);
      assert.equal((await lines()).length, before);
    });

    test('forged, tampered and stale deliveries are refused with nothing stored', async () => {
      const rows = await stored();
      const before = (await lines()).length;
      const forged = await zd.sendWebhook(target(NEW_SECRET), zd.setStatus(ticketId, 'solved'), { signWith: 'guess' });
      assert.equal(forged.status, 401);
      const event = zd.setStatus(ticketId, 'solved');
      const tampered = await zd.sendWebhook(target(NEW_SECRET), event, {
        tamperedBody: JSON.stringify({ ...event, event: { current: 'closed', previous: 'open' } }),
      });
      assert.equal(tampered.status, 401);
      const stale = await zd.sendWebhook(target(NEW_SECRET), zd.setStatus(ticketId, 'solved'), {
        timestamp: new Date(Date.now() - 10 * 60_000).toISOString(),
      });
      assert.equal(stale.status, 401);
      const unsigned = await t.request('POST', '/api/v1/webhooks/zendesk', null, event);
      assert.equal(unsigned.status, 401, show(unsigned));
      assert.equal(await stored(), rows);
      assert.equal((await lines()).length, before);
    });
  });

  describe(`Zendesk webhooks without a secret on ${kind}`, () => {
    let t: TestServer;
    before(async () => {
      t = await startTestServer(kind);
    });
    after(() => t.close());

    test('503 webhooks_not_configured, nothing stored', async () => {
      const response = await t.request('POST', '/api/v1/webhooks/zendesk', null, { id: 'x' });
      assert.equal(response.status, 503, show(response));
      assert.equal((response.body as { error: { code: string } }).error.code, 'webhooks_not_configured');
      const rows = await t.server.context.db.query('SELECT 1 FROM zendesk_webhooks');
      assert.equal(rows.rows.length, 0);
    });
  });
}
