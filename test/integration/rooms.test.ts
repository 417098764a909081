/** Ops rooms: chat, commands answered by the bot, pages queued with their outbox rows, tenancy, audit export. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { openStream } from '../support/stream-client.ts';
import { upsertTarget } from '../../server/paging/targets.ts';
import type { RoomMessage } from '../../shared/room.ts';

const SEED_LINE =
  '.oncall [casc/int/systems, 32962] Pls check 32962 re Acme : Systems : fisheye.acme.com (172.30.0.14) CRITICAL ...';

interface PostAnswer {
  message: RoomMessage;
  replies: RoomMessage[];
  replayed: boolean;
}

for (const kind of await databaseKinds()) {
  describe(`ops rooms on ${kind}`, () => {
    let coss: TestServer;
    let acmeEvent = 0;
    let globexEvent = 0;
    before(async () => {
      coss = await startTestServer(kind);
      const db = coss.server.context.db;
      await upsertTarget(db, {
        path: 'casc/int/systems',
        name: 'COSS oncall macro – Systems',
        routingKey: 'R'.repeat(32),
        serviceId: 'PSYS001',
      });
      await upsertTarget(db, {
        path: 'globex/oncall',
        name: 'Globex on call',
        routingKey: 'G'.repeat(32),
        customer: 'globex',
      });
      const raise = async (key: string, device: string) =>
        (
          (await coss.request('POST', '/api/v1/alerts', key, { device, severity: 'critical', summary: 'down' }))
            .body as {
            alerts: Array<{ number: number }>;
          }
        ).alerts[0]?.number ?? 0;
      acmeEvent = await raise(coss.keys.acme, 'x7.acme.com');
      globexEvent = await raise(coss.keys.globex, 'db.globex.com');
    });
    after(() => coss.close());

    const say = (body: string, token = coss.tokens.noc, room = 'acme', headers: Record<string, string> = {}) =>
      coss.request('POST', `/api/v1/rooms/${room}/messages`, token, { body }, headers);

    test('chat is stored, streamed and listed in order; customer IT staff share the room', async () => {
      const stream = openStream(coss.url, coss.tokens.fred);
      await stream.refused;
      assert.equal((await say('morning, anything on fire?')).status, 201);
      assert.equal((await say('all quiet here', coss.tokens.fred)).status, 201);
      await stream.waitFor((events) => events.filter((e) => e.kind === 'room.message').length >= 2);
      const list = (await coss.request('GET', '/api/v1/rooms/acme/messages', coss.tokens.fred)).body as {
        messages: RoomMessage[];
      };
      assert.deepEqual(
        list.messages.slice(-2).map((m) => [m.author, m.body]),
        [
          ['NOC', 'morning, anything on fire?'],
          ['Fred', 'all quiet here'],
        ],
      );
      stream.close();
    });

    test('the seed line queues a page with its outbox trigger and PagerDuty dedup key', async () => {
      const line = SEED_LINE.replaceAll('32962', String(acmeEvent));
      const answer = (await say(line)).body as PostAnswer;
      assert.deepEqual(answer.replies, [], 'the bot answers once PagerDuty has the event, not before');
      const db = coss.server.context.db;
      const pages = (
        await db.query<{ dedup_key: string; delivery: string; priority: string; message: string }>(
          'SELECT * FROM pages',
        )
      ).rows;
      assert.equal(pages.length, 1);
      assert.equal(pages[0]?.dedup_key, `coss_102-${acmeEvent}`);
      assert.equal(pages[0]?.priority, 'normal');
      assert.equal(pages[0]?.delivery, 'queued');
      assert.match(
        pages[0]?.message ?? '',
        /^Pls check \d+ re Acme : Systems : fisheye\.acme\.com \(172\.30\.0\.14\) CRITICAL \.\.\.$/,
      );
      const outbox = (
        await db.query<{ operation: string; payload: { body: { dedup_key: string; payload: { severity: string } } } }>(
          'SELECT operation, payload FROM pagerduty_outbox',
        )
      ).rows;
      assert.equal(outbox.length, 1);
      assert.equal(outbox[0]?.payload.body.dedup_key, `coss_102-${acmeEvent}`);
      assert.equal(outbox[0]?.payload.body.payload.severity, 'warning');
    });

    test('typos and unknown targets get helpful bot answers addressed to the sender', async () => {
      const typo = (await say(`.akc ${acmeEvent}`)).body as PostAnswer;
      assert.match(typo.replies[0]?.body ?? '', /^NOC, .*\.ack/);
      const unknown = (await say(`.oncall [casc/int/sytems, ${acmeEvent}] hi`)).body as PostAnswer;
      assert.match(unknown.replies[0]?.body ?? '', /casc\/int\/systems/);
      const help = (await say('.help')).body as PostAnswer;
      assert.match(help.replies[0]?.body ?? '', /\.oncall/);
    });

    test("a room cannot page, ack or see another customer's events or queues", async () => {
      const foreignEvent = (await say(`.ack ${globexEvent}`)).body as PostAnswer;
      assert.equal(foreignEvent.replies[0]?.body, `NOC, there is no event ${globexEvent} in the Acme room.`);
      const foreignKey = (await say(`.ack coss_103-${globexEvent}`)).body as PostAnswer;
      assert.match(foreignKey.replies[0]?.body ?? '', /no event/);
      const foreignQueue = (await say(`.oncall [globex/oncall, ${acmeEvent}] hi`)).body as PostAnswer;
      assert.match(foreignQueue.replies[0]?.body ?? '', /don't know the paging target globex\/oncall/);
      assert.equal((await say('hello', coss.tokens.fred, 'globex')).status, 404);
      assert.equal((await coss.request('GET', '/api/v1/rooms/globex/messages', coss.tokens.fred)).status, 404);
      const alert = (await coss.request('GET', `/api/v1/alerts/${globexEvent}`, coss.tokens.noc)).body as {
        alert: { status: string };
      };
      assert.equal(alert.alert.status, 'open');
    });

    test('.ack acknowledges in COSS and queues the PagerDuty acknowledgement', async () => {
      const answer = (await say(`.ack ${acmeEvent}`)).body as PostAnswer;
      assert.equal(
        answer.replies[0]?.body,
        `NOC, event ${acmeEvent} is acknowledged in COSS; acknowledging coss_102-${acmeEvent} (COSS oncall macro – Systems) in PagerDuty.`,
      );
      const alert = (await coss.request('GET', `/api/v1/alerts/${acmeEvent}`, coss.tokens.noc)).body as {
        alert: { status: string };
      };
      assert.equal(alert.alert.status, 'acknowledged');
      const operations = (
        await coss.server.context.db.query<{ operation: string; payload: { body?: { event_action: string } } }>(
          'SELECT operation, payload FROM pagerduty_outbox ORDER BY id',
        )
      ).rows;
      // Without a REST token, the acknowledgement goes through Events API v2 by dedup key.
      assert.equal(operations.at(-1)?.payload.body?.event_action, 'acknowledge');
    });

    test('a replayed post (same Idempotency-Key) pages once', async () => {
      const before =
        (await coss.server.context.db.query<{ n: number }>('SELECT count(*)::int AS n FROM pages')).rows[0]?.n ?? 0;
      const line = `.urgent [casc/int/systems, ${acmeEvent}] second opinion please`;
      const first = await say(line, coss.tokens.noc, 'acme', { 'idempotency-key': 'room-post-0001' });
      const again = await say(line, coss.tokens.noc, 'acme', { 'idempotency-key': 'room-post-0001' });
      assert.equal(first.status, 201);
      assert.equal(again.status, 200);
      assert.equal((again.body as PostAnswer).replayed, true);
      const afterCount =
        (await coss.server.context.db.query<{ n: number }>('SELECT count(*)::int AS n FROM pages')).rows[0]?.n ?? 0;
      assert.equal(afterCount, before + 1);
    });

    test('the audit export has messages, bot lines and actions as JSON, CSV and Markdown', async () => {
      const from = new Date(Date.now() - 3600_000).toISOString();
      const to = new Date(Date.now() + 60_000).toISOString();
      const query = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
      const json = (await coss.request('GET', `/api/v1/rooms/acme/audit?${query}`, coss.tokens.noc)).body as {
        entries: Array<{ type: string; kind: string; text: string }>;
      };
      assert.ok(json.entries.some((e) => e.kind === 'bot' && e.text.startsWith('NOC, event')));
      assert.ok(json.entries.some((e) => e.type === 'action' && e.kind === 'alert.acknowledged'));
      assert.ok(json.entries.every((e) => !e.text.includes('db.globex.com')));

      const csv = await fetch(`${coss.url}/api/v1/rooms/acme/audit?${query}&format=csv`, {
        headers: { authorization: `Bearer ${coss.tokens.noc}` },
      });
      assert.match(csv.headers.get('content-type') ?? '', /text\/csv/);
      const csvText = await csv.text();
      assert.ok(csvText.startsWith('at,acted_at,type,room,kind,actor,alert_number,seq,message_id,text\r\n'));
      assert.match(csvText, /"NOC, there is no event \d+ in the Acme room\."/);

      const md = await (
        await fetch(`${coss.url}/api/v1/rooms/acme/audit?${query}&format=md`, {
          headers: { authorization: `Bearer ${coss.tokens.noc}` },
        })
      ).text();
      assert.match(md, /^# Acme ops room/);
      assert.match(md, /\*\*COSS\*\* \(bot\): NOC, event \d+ is acknowledged/);

      const bad = await coss.request('GET', '/api/v1/rooms/acme/audit?from=yesterday&to=now', coss.tokens.noc);
      assert.equal(bad.status, 400);
      assert.equal((bad.body as { error: { field: string } }).error.field, 'query.from');
    });

    test('an audit range PostgreSQL cannot store is a 400 naming the date, not a 500', async () => {
      const ask = (from: string, to: string) =>
        coss.request(
          'GET',
          `/api/v1/rooms/acme/audit?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
          coss.tokens.noc,
        );
      const late = await ask('2026-01-01T00:00:00Z', '9999-12-31T23:59:59-14:00');
      assert.equal(late.status, 400);
      assert.equal((late.body as { error: { field: string } }).error.field, 'query.to');
      const early = await ask('0000-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
      assert.equal(early.status, 400);
      assert.equal((early.body as { error: { field: string } }).error.field, 'query.from');
      assert.equal(
        (await ask('0001-01-01T00:00:00Z', '9999-12-31T23:59:59Z')).status,
        200,
        'the whole storable range is fine',
      );
    });
  });
}
