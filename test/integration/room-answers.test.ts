/**
 * What the room answers and keeps is what happened:
 * - `..ack is how` is chat, stored, listed and streamed as `.ack is how` (one dot, as docs/COMMANDS.md says);
 * - `.ack` on an alert paged twice names each incident once, with its targets, and queues one acknowledgement each;
 * - a command the bot did not carry out says so in the answer (`refused`), so a console never reports it as done:
 *   a customer's page to the NOC's target, `.who` of it, an escalation of an alert never paged.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { openStream } from '../support/stream-client.ts';
import { upsertTarget } from '../../server/paging/targets.ts';
import type { RoomMessage } from '../../shared/room.ts';

interface PostAnswer {
  message: RoomMessage;
  replies: RoomMessage[];
  refused: string | null;
}

for (const kind of await databaseKinds()) {
  describe(`room answers on ${kind}`, () => {
    let coss: TestServer;
    let event = 0;
    before(async () => {
      coss = await startTestServer(kind);
      const db = coss.server.context.db;
      await upsertTarget(db, {
        path: 'casc/int/systems',
        name: 'COSS oncall macro – Systems',
        routingKey: 'R'.repeat(32),
      });
      await upsertTarget(db, {
        path: 'acme/oncall',
        name: 'Acme on call',
        routingKey: 'A'.repeat(32),
        customer: 'acme',
      });
      const raised = await coss.request('POST', '/api/v1/alerts', coss.keys.acme, {
        device: 'x7.acme.com',
        severity: 'critical',
        summary: 'down',
      });
      event = (raised.body as { alerts: Array<{ number: number }> }).alerts[0]?.number ?? 0;
    });
    after(() => coss.close());

    const say = async (body: string, token = coss.tokens.noc) => {
      const answer = await coss.request('POST', '/api/v1/rooms/acme/messages', token, { body });
      assert.equal(answer.status, 201, JSON.stringify(answer.body));
      return answer.body as PostAnswer;
    };

    test('a line escaped with two dots is chat kept and shown with one', async () => {
      const stream = openStream(coss.url, coss.tokens.fred);
      await stream.refused;
      const answer = await say('..ack is how you acknowledge');
      assert.equal(answer.message.body, '.ack is how you acknowledge');
      assert.equal(answer.message.command, null);
      assert.deepEqual(answer.replies, []);
      await stream.waitFor((events) =>
        events.some((e) => e.kind === 'room.message' && (e.data as RoomMessage).id === answer.message.id),
      );
      const streamed = stream.events.find(
        (e) => e.kind === 'room.message' && (e.data as RoomMessage).id === answer.message.id,
      );
      assert.equal((streamed?.data as RoomMessage).body, '.ack is how you acknowledge');
      const list = (await coss.request('GET', '/api/v1/rooms/acme/messages', coss.tokens.fred)).body as {
        messages: RoomMessage[];
      };
      assert.equal(list.messages.find((m) => m.id === answer.message.id)?.body, '.ack is how you acknowledge');
      stream.close();
    });

    test('refused commands say so in the answer; done ones do not', async () => {
      const noc = await say(`.escalate ${event}`);
      assert.equal(noc.refused, `event ${event} was not paged; page it first with .oncall [target, ${event}].`);
      const page = await say(`.oncall [casc/int/systems, ${event}] please look`, coss.tokens.fred);
      assert.match(page.refused ?? '', /customer user may not page or look up the NOC's on-call targets/);
      assert.equal(page.replies[0]?.body, `Fred, ${page.refused}`);
      const who = await say('.who casc/int/systems', coss.tokens.fred);
      assert.match(who.refused ?? '', /may not page or look up the NOC's on-call targets/);
      const unknown = await say(`.oncall [casc/int/nobody, ${event}] hi`);
      assert.match(unknown.refused ?? '', /I don't know the paging target casc\/int\/nobody/);
      const pages = (await coss.request('GET', '/api/v1/rooms/acme/pages', coss.tokens.noc)).body as {
        pages: unknown[];
      };
      assert.equal(pages.pages.length, 0, 'nothing was paged');
      assert.equal((await say('all quiet')).refused, null);
    });

    test('.ack on an alert paged twice names each incident once, with its targets', async () => {
      await say(`.oncall [casc/int/systems, ${event}] first`);
      await say(`.oncall [casc/int/systems, ${event}] again`);
      const own = await say(`.oncall [acme/oncall, ${event}] yours too`, coss.tokens.fred);
      assert.equal(own.refused, null);
      const db = coss.server.context.db;
      const before = Number(
        (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM pagerduty_outbox')).rows[0]?.n,
      );
      const ack = await say(`.ack ${event}`);
      assert.equal(ack.refused, null);
      assert.equal(
        ack.replies[0]?.body,
        `NOC, event ${event} is acknowledged in COSS; acknowledging coss_102-${event} (COSS oncall macro – Systems, Acme on call) in PagerDuty.`,
      );
      const after = Number(
        (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM pagerduty_outbox')).rows[0]?.n,
      );
      assert.equal(after - before, 2, 'one acknowledgement per incident: Systems (paged twice) and Acme on call');
    });
  });
}
