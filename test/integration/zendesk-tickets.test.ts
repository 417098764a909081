/**
 * Zendesk tickets through the room, against the Zendesk simulator, on PGlite and PostgreSQL: `.ticket urgent <n>
 * DNS ELB failing` makes exactly one ticket under 30 % injected faults (lost answers included), the number comes back
 * in the room and on the alert; a 422 is said in the room in Zendesk's words; a 429's Retry-After is waited out;
 * without a token the bot says tickets are not configured; customer users read their alerts' tickets and may not
 * `.ticket`, another customer's alert is a 404.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Alert } from '../../shared/alert.ts';
import type { RoomMessage } from '../../shared/room.ts';
import { setZendeskDirectory } from '../../server/tickets/directory.ts';
import { databaseKinds } from '../support/databases.ts';
import { startTestServer, type TestResponse, type TestServer } from '../support/server.ts';
import { waitFor } from '../support/wait-for.ts';
import {
  DEFAULT_TOKEN,
  DEFAULT_USER_IDS,
  startZendeskSimulator,
  type ZendeskSimulator,
} from '../simulators/zendesk/index.ts';

const show = (response: TestResponse) => `${response.status} ${JSON.stringify(response.body).slice(0, 600)}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let serial = 0;

/** A Zenoss warning (no room card) on its own device; returns the alert's number. */
async function raise(t: TestServer, device: string, key = t.keys.acme): Promise<number> {
  const response = await t.request('POST', '/api/v1/alerts/zenoss', key, [
    {
      evid: `zd-${process.pid}-${serial++}`,
      device: { text: device },
      component: { text: 'dns' },
      eventClass: { text: '/Status/DNS' },
      eventKey: '',
      severity: 3,
      summary: `${device} DNS lookups failing`,
      count: 1,
      firstTime: Math.floor(Date.now() / 1000) - 60,
      lastTime: Math.floor(Date.now() / 1000),
      prodState: 'Production',
      eventState: 'New',
    },
  ]);
  assert.equal(response.status, 200, show(response));
  return (response.body as { alerts: Array<{ number: number }> }).alerts[0]?.number ?? 0;
}

async function say(t: TestServer, line: string, token = t.tokens.noc, slug = 'acme') {
  const response = await t.request('POST', `/api/v1/rooms/${slug}/messages`, token, { body: line });
  assert.equal(response.status, 201, show(response));
  return response.body as { message: RoomMessage; replies: RoomMessage[]; refused: string | null };
}

async function roomLines(t: TestServer): Promise<RoomMessage[]> {
  const response = await t.request('GET', '/api/v1/rooms/acme/messages?limit=500', t.tokens.noc);
  assert.equal(response.status, 200, show(response));
  return (response.body as { messages: RoomMessage[] }).messages;
}

async function alertOf(t: TestServer, number: number, token = t.tokens.noc): Promise<TestResponse> {
  return t.request('GET', `/api/v1/alerts/${number}`, token);
}

for (const kind of await databaseKinds()) {
  describe(`Zendesk tickets on ${kind}`, () => {
    let zd: ZendeskSimulator;
    let t: TestServer;
    before(async () => {
      zd = await startZendeskSimulator();
      t = await startTestServer(
        kind,
        {},
        {},
        {
          url: zd.url,
          token: DEFAULT_TOKEN,
          requestTimeoutMs: 300,
          ticketsPerMinute: 2500,
          retryBaseMs: 20,
          retryCapMs: 200,
        },
      );
      await setZendeskDirectory(t.server.context.db, t.customers.acme.id, {
        groupId: 360001,
        organizationId: 360002,
        requesterId: DEFAULT_USER_IDS[1] ?? 9002,
        contacts: 'Fred Flintstone/Barney Rubble, +1 555 0100',
      });
    });
    after(async () => {
      await t.close();
      await zd.close();
    });

    test('.ticket urgent <n> DNS ELB failing: exactly one ticket each under 30 % faults, its number in the room and on the alert', async () => {
      zd.setFaults({ rate: 0.3, kinds: ['500', '503', 'timeout', 'reset', '429'], phase: 'both', seed: 7 });
      const numbers: number[] = [];
      for (let i = 0; i < 12; i++) numbers.push(await raise(t, `elb-${i}.acme.com`));
      for (const number of numbers) {
        const said = await say(t, `.ticket urgent ${number} DNS ELB failing`);
        assert.equal(said.refused, null);
        assert.match(
          said.replies[0]?.body ?? '',
          new RegExp(`NOC, asking Zendesk for an urgent ticket coss_102-${number}`),
        );
      }
      for (const number of numbers) {
        const line = await waitFor(`the ticket line of ${number}`, async () =>
          (await roomLines(t)).find((m) => m.kind === 'bot' && m.body.includes(`for event coss_102-${number} `)),
        );
        const ticket = zd.tickets().find((candidate) => candidate.externalId === `coss_102-${number}`);
        assert.ok(ticket, `no Zendesk ticket for ${number}`);
        assert.equal(zd.ticketCount(`coss_102-${number}`), 1, `tickets for coss_102-${number}`);
        assert.equal(
          line.body,
          `NOC, I've created URGENT ticket #${ticket.id} in Zendesk for event coss_102-${number} (DNS ELB failing) for Acme. ${zd.url}/agent/tickets/${ticket.id}`,
        );
        assert.equal(ticket.priority, 'urgent');
        assert.equal(ticket.type, 'incident');
        assert.equal(ticket.subject, 'DNS ELB failing');
        assert.equal(ticket.groupId, 360001);
        assert.equal(ticket.organizationId, 360002);
        assert.equal(ticket.requesterId, DEFAULT_USER_IDS[1]);
        assert.ok(ticket.tags.includes('coss_102'));
        const comment = ticket.comments[0];
        assert.equal(comment?.public, false);
        assert.match(comment?.body ?? '', new RegExp(`Event ${number}\\nDevice: elb-`));
        assert.match(comment?.body ?? '', /== Escalation notes ==/);
        assert.match(comment?.body ?? '', /Fred Flintstone\/Barney Rubble/);
        const alert = (await alertOf(t, number)).body as { alert: Alert; history: Array<{ text: string }> };
        const said = alert.history.map((entry) => entry.text);
        assert.ok(said.includes(`Zendesk ticket coss_102-${number} (urgent): queued`), said.join(' | '));
        assert.ok(said.includes(`Zendesk ticket #${ticket.id} (coss_102-${number}, urgent): new`), said.join(' | '));
        assert.ok(!said.some((text) => text.startsWith('Seen again')), said.join(' | '));
        assert.deepEqual(alert.alert.tickets, [
          {
            id: ticket.id,
            externalId: `coss_102-${number}`,
            priority: 'urgent',
            status: 'new',
            url: `${zd.url}/agent/tickets/${ticket.id}`,
          },
        ]);
      }
      assert.ok(
        zd.faultLog().some((fault) => fault.phase === 'after'),
        'some requests were applied and their answers lost',
      );
      assert.equal(zd.tickets().length, numbers.length);
      zd.setFaults(null);
    });

    test('a create whose answer was lost is found by its external_id, not made again', async () => {
      const number = await raise(t, 'lost.acme.com');
      // Every create's answer is lost after Zendesk made the ticket; lookups are answered.
      zd.setFaults({ rate: 1, kinds: ['500'], phase: 'after', methods: ['POST'] });
      try {
        await say(t, `.ticket urgent ${number} DNS ELB failing`);
        await waitFor('the ticket in Zendesk and a lookup after it', async () => {
          const about = zd
            .requests()
            .filter((r) => r.body.includes(`coss_102-${number}`) || r.query.includes(`-${number}`));
          const create = about.findIndex((r) => r.method === 'POST');
          return create >= 0 && about.slice(create + 1).some((r) => r.method === 'GET');
        });
      } finally {
        zd.setFaults(null);
      }
      const line = await waitFor('the ticket line', async () =>
        (await roomLines(t)).find((m) => m.body.includes(`for event coss_102-${number} `)),
      );
      assert.equal(zd.ticketCount(`coss_102-${number}`), 1);
      const ticket = zd.tickets().find((candidate) => candidate.externalId === `coss_102-${number}`);
      assert.match(line.body, new RegExp(`URGENT ticket #${ticket?.id ?? 0} `));
      const creates = zd.requests().filter((r) => r.method === 'POST' && r.body.includes(`coss_102-${number}`));
      assert.equal(creates.length, 1, 'one create: the retries found it');
    });

    test("a 422 is final and the bot says it in Zendesk's words; nothing is retried", async () => {
      await setZendeskDirectory(t.server.context.db, t.customers.acme.id, { requesterId: 1 });
      try {
        const number = await raise(t, 'db-422.acme.com');
        const before = zd.requests().length;
        await say(t, `.ticket high ${number}`);
        const line = await waitFor('the refusal', async () =>
          (await roomLines(t)).find((m) => m.body.includes(`ticket coss_102-${number}:`)),
        );
        assert.equal(
          line.body,
          `NOC, Zendesk did not create the HIGH ticket coss_102-${number}: Zendesk answered 422: Requester: is invalid`,
        );
        const alert = (await alertOf(t, number)).body as { alert: Alert };
        assert.equal(alert.alert.tickets?.[0]?.status, 'failed');
        await sleep(300);
        const posts = zd
          .requests()
          .slice(before)
          .filter((r) => r.method === 'POST');
        assert.equal(posts.length, 1, 'one create, not retried');
      } finally {
        await setZendeskDirectory(t.server.context.db, t.customers.acme.id, {
          requesterId: DEFAULT_USER_IDS[1] ?? 9002,
        });
      }
    });

    test("a 429's Retry-After is waited out before the next request", async () => {
      const number = await raise(t, 'web-429.acme.com');
      zd.throttleNext(1, 1);
      const before = zd.requests().length;
      await say(t, `.ticket normal ${number} web slow`);
      await waitFor('the ticket', async () => zd.ticketCount(`coss_102-${number}`) === 1);
      const seen = zd.requests().slice(before);
      assert.equal(seen[0]?.status, 429);
      assert.ok(seen[1], 'a request after the 429');
      const times = t.server.context.db;
      const row = (
        await times.query<{ attempts: number; gap_ms: number }>(
          `SELECT o.attempts, extract(epoch from (o.done_at - o.created_at)) * 1000 AS gap_ms
           FROM zendesk_outbox o JOIN zendesk_tickets z ON z.id = o.ticket_id WHERE z.external_id = $1`,
          [`coss_102-${number}`],
        )
      ).rows[0];
      assert.equal(Number(row?.attempts), 2);
      assert.ok(Number(row?.gap_ms) >= 950, `created ${Number(row?.gap_ms)} ms after the request, Retry-After was 1 s`);
    });

    test('a second .ticket on the same alert is its own ticket (-2); one without an event needs a subject', async () => {
      const number = await raise(t, 'dup.acme.com');
      await say(t, `.ticket low ${number} first`);
      await say(t, `.ticket low ${number} second`);
      await waitFor(
        'both tickets',
        async () => zd.ticketCount(`coss_102-${number}-2`) === 1 && zd.ticketCount(`coss_102-${number}`) === 1,
      );
      const free = await say(t, '.ticket normal Acme asks for a DNS change');
      assert.equal(free.refused, null);
      await waitFor('the free ticket', async () =>
        zd.tickets().some((ticket) => ticket.subject === 'Acme asks for a DNS change'),
      );
      const bare = await say(t, '.ticket normal');
      assert.match(bare.refused ?? '', /needs a subject/);
    });

    test("tenancy: a customer user reads its alerts' tickets, may not .ticket; another customer gets 404", async () => {
      const number = await raise(t, 'tenancy.acme.com');
      await say(t, `.ticket urgent ${number} tenancy`);
      await waitFor('the ticket', async () => zd.ticketCount(`coss_102-${number}`) === 1);
      const fred = await alertOf(t, number, t.tokens.fred);
      assert.equal(fred.status, 200, show(fred));
      await waitFor(
        'the ticket on the alert',
        async () => ((await alertOf(t, number, t.tokens.fred)).body as { alert: Alert }).alert.tickets?.[0]?.id,
      );
      const wile = await alertOf(t, number, t.tokens.wile);
      assert.equal(wile.status, 404, show(wile));
      const count = zd.tickets().length;
      const refused = await say(t, `.ticket urgent ${number} from Fred`, t.tokens.fred);
      assert.match(refused.refused ?? '', /ticket\.create/);
      await sleep(300);
      assert.equal(zd.tickets().length, count);
    });
  });

  describe(`Zendesk tickets not configured on ${kind}`, () => {
    let t: TestServer;
    before(async () => {
      t = await startTestServer(kind);
    });
    after(() => t.close());

    test('the bot says tickets are not configured and nothing is queued', async () => {
      const number = await raise(t, 'nozd.acme.com');
      const said = await say(t, `.ticket urgent ${number} DNS ELB failing`);
      assert.match(said.refused ?? '', /tickets are not configured on this COSS/);
      const rows = await t.server.context.db.query('SELECT 1 FROM zendesk_outbox');
      assert.equal(rows.rows.length, 0);
    });
  });
}
