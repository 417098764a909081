/**
 * The internal room on PGlite and PostgreSQL: each customer has a staff-only room beside its shared one. Customer
 * users never see its lines (REST, the stream live and on replay, an alert's timeline) and are refused its routes
 * (403 naming room.internal); staff read both; commands work in both and the bot's answers stay in the room the
 * command was typed in, PagerDuty's later answers too; `.both` says one line in both rooms; the audit marks each line
 * with its room.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { openStream, type StreamClient } from '../support/stream-client.ts';
import { startPagerDutySimulator, type PagerDutySimulator } from '../simulators/pagerduty/index.ts';
import { upsertTarget } from '../../server/paging/targets.ts';
import type { RoomMessage } from '../../shared/room.ts';

const ROUTING_KEY = 'f0e1d2c3b4a5968778695a4b3c2d1e0f';

interface PostAnswer {
  message: RoomMessage;
  replies: RoomMessage[];
  refused: string | null;
}

for (const kind of await databaseKinds()) {
  describe(`the internal room on ${kind}`, () => {
    let pagerduty: PagerDutySimulator;
    let coss: TestServer;
    let alert = 0;
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
      });
      coss = await startTestServer(kind, {}, { eventsUrl: pagerduty.eventsUrl });
      await upsertTarget(coss.server.context.db, {
        path: 'casc/int/systems',
        name: 'COSS oncall macro – Systems',
        routingKey: ROUTING_KEY,
        serviceId: 'PSYSTEM',
      });
      const raised = await coss.request('POST', '/api/v1/alerts', coss.keys.acme, {
        device: 'vpn.acme.com',
        severity: 'warning',
        summary: 'tunnel flapping',
      });
      alert = (raised.body as { alerts: Array<{ number: number }> }).alerts[0]?.number ?? 0;
    });
    after(async () => {
      await coss.close();
      await pagerduty.close();
    });

    const say = async (body: string, where: 'customer' | 'internal' = 'internal', token = coss.tokens.noc) => {
      const path = where === 'internal' ? '/api/v1/rooms/acme/internal/messages' : '/api/v1/rooms/acme/messages';
      const said = await coss.request('POST', path, token, { body });
      assert.equal(said.status, 201, JSON.stringify(said.body));
      return said.body as PostAnswer;
    };
    const list = async (where: 'customer' | 'internal', token = coss.tokens.noc) => {
      const path =
        where === 'internal'
          ? '/api/v1/rooms/acme/internal/messages?limit=1000'
          : '/api/v1/rooms/acme/messages?limit=1000';
      const listed = await coss.request('GET', path, token);
      assert.equal(listed.status, 200, JSON.stringify(listed.body));
      return (listed.body as { messages: RoomMessage[] }).messages;
    };
    const bodies = (messages: readonly RoomMessage[]) => messages.map((message) => message.body);
    const streamLines = (stream: StreamClient) =>
      stream.events.filter((e) => e.kind === 'room.message').map((e) => e.data as RoomMessage);

    test('customer users are refused both internal routes with 403 naming room.internal, before any look-up', async () => {
      for (const token of [coss.tokens.fred, coss.tokens.wile]) {
        for (const [method, body] of [
          ['GET', undefined],
          ['POST', { body: 'hello' }],
        ] as const) {
          const answer = await coss.request(method, '/api/v1/rooms/acme/internal/messages', token, body);
          assert.equal(answer.status, 403, JSON.stringify(answer.body));
          const error = (answer.body as { error: { code: string; message: string } }).error;
          assert.equal(error.code, 'forbidden');
          assert.match(error.message, /a customer user may not read or write the internal room \(room\.internal\)/);
        }
      }
      const missing = await coss.request('GET', '/api/v1/rooms/nobody/internal/messages', coss.tokens.noc);
      assert.equal(missing.status, 404);
      const noToken = await coss.request('GET', '/api/v1/rooms/acme/internal/messages', null);
      assert.equal(noToken.status, 401);
      const key = await coss.request('GET', '/api/v1/rooms/acme/internal/messages', coss.keys.acme);
      assert.equal(key.status, 403);
    });

    test('a customer user never sees an internal line: not listed, not streamed live, not replayed', async () => {
      const fred = openStream(coss.url, coss.tokens.fred);
      const noc = openStream(coss.url, coss.tokens.noc);
      await Promise.all([fred.refused, noc.refused]);
      const secret = await say(`between us: Acme's change ${alert} broke the tunnel`);
      assert.equal(secret.message.room, 'internal');
      const shared = await say('we are looking at the VPN', 'customer');
      assert.equal(shared.message.room, 'customer');
      await fred.waitFor((events) => events.some((e) => (e.data as RoomMessage).id === shared.message.id));
      await noc.waitFor((events) => events.some((e) => (e.data as RoomMessage).id === shared.message.id));
      assert.ok(!streamLines(fred).some((line) => line.room === 'internal'), JSON.stringify(streamLines(fred)));
      assert.ok(!JSON.stringify(fred.messages).includes('between us'));
      assert.deepEqual(
        streamLines(noc).map((line) => [line.room, line.body]),
        [
          ['internal', secret.message.body],
          ['customer', 'we are looking at the VPN'],
        ],
      );
      fred.close();
      noc.close();

      const replay = openStream(coss.url, coss.tokens.fred, { since: '0' });
      await replay.refused;
      await replay.waitFor(() => replay.messages.some((message) => message.type === 'caught-up'));
      assert.ok(
        streamLines(replay).some((line) => line.id === shared.message.id),
        'the replay has the shared line',
      );
      assert.ok(!JSON.stringify(replay.messages).includes('between us'), 'and not the internal one');
      replay.close();

      assert.ok(!bodies(await list('customer', coss.tokens.fred)).some((body) => body.includes('between us')));
      assert.ok(!bodies(await list('customer')).some((body) => body.includes('between us')), 'nor for staff there');
      assert.ok(bodies(await list('internal')).includes(secret.message.body));
      assert.ok((await list('internal')).every((message) => message.room === 'internal'));

      // The alert's timeline shows room lines that name it: the internal one to staff only.
      const timeline = async (token: string) =>
        JSON.stringify((await coss.request('GET', `/api/v1/alerts/${alert}`, token)).body);
      assert.ok(!(await timeline(coss.tokens.fred)).includes('between us'));
      assert.ok((await timeline(coss.tokens.noc)).includes('between us'));
    });

    test("commands work in the internal room and the bot's answers stay there", async () => {
      const customerBefore = (await list('customer')).length;
      const help = await say('.help both');
      assert.equal(help.replies.length, 1);
      assert.equal(help.replies[0]?.room, 'internal');
      assert.match(help.replies[0]?.body ?? '', /^NOC, \.both <text>/);
      const ack = await say(`.ack ${alert}`);
      assert.deepEqual(
        ack.replies.map((reply) => reply.room),
        ack.replies.map(() => 'internal'),
      );
      const detail = (await coss.request('GET', `/api/v1/alerts/${alert}`, coss.tokens.fred)).body as {
        alert: { status: string };
      };
      assert.equal(detail.alert.status, 'acknowledged', 'the command acted on the alert');
      const refused = await say('.oncall [nobody/here] wake up');
      assert.ok(refused.refused);
      assert.equal(refused.replies[0]?.room, 'internal');
      assert.equal((await list('customer')).length, customerBefore, 'nothing was said in the customer room');
      // The same command in the customer room is answered there.
      const shared = await say('.help', 'customer');
      assert.equal(shared.replies[0]?.room, 'customer');
    });

    test("a page asked from the internal room stays with staff: PagerDuty's answer there, the page hidden from customers", async () => {
      const fred = openStream(coss.url, coss.tokens.fred);
      await fred.refused;
      await say(`.oncall [casc/int/systems, ${alert}] tunnel flapping since Acme's change`);
      const sent = `NOC, I've successfully sent event coss_102-${alert} to COSS oncall macro – Systems via PagerDuty.`;
      const deadline = Date.now() + 20_000;
      while (!bodies(await list('internal')).includes(sent)) {
        assert.ok(Date.now() < deadline, 'the sent line reached the internal room');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.ok(!bodies(await list('customer')).includes(sent));

      const pages = async (token: string) =>
        ((await coss.request('GET', '/api/v1/rooms/acme/pages', token)).body as { pages: Array<{ message: string }> })
          .pages;
      assert.ok((await pages(coss.tokens.noc)).some((page) => page.message.includes("since Acme's change")));
      assert.ok(!JSON.stringify(await pages(coss.tokens.fred)).includes("since Acme's change"));
      const timeline = async (token: string) =>
        JSON.stringify((await coss.request('GET', `/api/v1/alerts/${alert}`, token)).body);
      assert.match(await timeline(coss.tokens.noc), /Page to COSS oncall macro – Systems/);
      assert.doesNotMatch(await timeline(coss.tokens.fred), /Page to COSS oncall macro – Systems/);
      // A shared line after the page: once Fred's stream has it, it has had every event before it that he may see.
      const marker = await say('page done', 'customer');
      await fred.waitFor((events) => events.some((e) => (e.data as RoomMessage).id === marker.message.id));
      assert.ok(!fred.events.some((e) => e.kind === 'page.updated'), JSON.stringify(fred.events.map((e) => e.kind)));
      assert.ok(!JSON.stringify(fred.messages).includes("since Acme's change"));
      fred.close();
    });

    test('.both says one line in both rooms, whichever it was typed in; customer users may not', async () => {
      const fromInternal = await say('.both Acme VPN is back; we are watching it for 30 minutes');
      assert.equal(fromInternal.message.body, 'Acme VPN is back; we are watching it for 30 minutes');
      assert.deepEqual(fromInternal.replies, []);
      const fredSees = await list('customer', coss.tokens.fred);
      const copy = fredSees.at(-1);
      assert.deepEqual(
        [copy?.author, copy?.kind, copy?.body, copy?.room, copy?.replyTo],
        ['NOC', 'human', 'Acme VPN is back; we are watching it for 30 minutes', 'customer', null],
      );
      assert.deepEqual(copy?.command, { name: 'both', text: 'Acme VPN is back; we are watching it for 30 minutes' });

      const fromCustomer = await say('.both maintenance tonight at 22:00', 'customer');
      assert.equal(fromCustomer.message.room, 'customer');
      assert.equal((await list('internal')).at(-1)?.body, 'maintenance tonight at 22:00');

      const internalBefore = (await list('internal')).length;
      const fred = await say('.both let me in', 'customer', coss.tokens.fred);
      assert.equal(fred.message.body, '.both let me in', 'a refused .both is kept as typed');
      assert.match(fred.refused ?? '', /a customer user may not read or write the internal room \(room\.internal\)/);
      assert.equal((await list('internal')).length, internalBefore);
    });

    test('the audit export has both rooms, each line marked with its room', async () => {
      const range = 'from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z';
      const json = (await coss.request('GET', `/api/v1/rooms/acme/audit?${range}`, coss.tokens.noc)).body as {
        entries: Array<{ type: string; room: string | null; text: string }>;
      };
      const line = (text: string) => json.entries.find((entry) => entry.text.includes(text));
      assert.equal(line('between us')?.room, 'internal');
      assert.equal(line('we are looking at the VPN')?.room, 'customer');
      assert.ok(json.entries.filter((entry) => entry.type === 'action').every((entry) => entry.room === null));
      const md = await fetch(`${coss.url}/api/v1/rooms/acme/audit?${range}&format=md`, {
        headers: { authorization: `Bearer ${coss.tokens.noc}` },
      });
      const text = await md.text();
      assert.match(text, /\[internal\] \*\*NOC\*\*: between us/);
      assert.match(text, /\*\*NOC\*\*: we are looking at the VPN/);
      assert.doesNotMatch(text, /\[internal\] \*\*NOC\*\*: we are looking/);
    });
  });
}
