/**
 * Behaviour of the Zendesk simulator the other suites rely on: create and lookup by external_id, bearer auth,
 * 422 in both envelopes, 429 + Retry-After, faults before and after applying, and signed webhooks.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, it } from 'node:test';
import {
  DEFAULT_TOKEN,
  DEFAULT_USER_IDS,
  startZendeskSimulator,
  zendeskSignature,
  type ZendeskSimulator,
} from './index.ts';

let sim: ZendeskSimulator | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});

interface TicketJson {
  id: number;
  priority: string;
  type: string;
  external_id: string;
  tags: string[];
}
interface RubyEnvelope {
  error: string;
  details: Record<string, Array<{ description: string; error: string }> | undefined>;
}
interface EventJson {
  type: string;
  detail: { id: string; external_id: string };
  event: unknown;
}

const auth = {
  Authorization: `Bearer ${DEFAULT_TOKEN}`,
  'Content-Type': 'application/json',
  Accept: 'application/json',
};

const ticketBody = (externalId: string, extra: Record<string, unknown> = {}) => ({
  ticket: {
    subject: 'DNS ELB failing',
    comment: { body: 'Device: elb-01\nThe Acme contact is: Fred Flintstone', public: false },
    priority: 'urgent',
    type: 'incident',
    tags: ['coss', 'coss_102'],
    external_id: externalId,
    requester_id: DEFAULT_USER_IDS[0],
    ...extra,
  },
});

async function create(s: ZendeskSimulator, body: unknown, headers: Record<string, string> = auth) {
  const response = await fetch(`${s.url}/api/v2/tickets.json`, { method: 'POST', headers, body: JSON.stringify(body) });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    text,
    json: <T>() => JSON.parse(text) as T,
  };
}

describe('Zendesk simulator: tickets', () => {
  it('creates a ticket (201, Location) and finds it by external_id', async () => {
    sim = await startZendeskSimulator();
    const answer = await create(sim, ticketBody('coss_102-32962'));
    assert.equal(answer.status, 201);
    const { ticket } = answer.json<{ ticket: TicketJson }>();
    assert.equal(ticket.id, 4821);
    assert.equal(ticket.priority, 'urgent');
    assert.equal(ticket.type, 'incident');
    assert.equal(ticket.external_id, 'coss_102-32962');
    assert.deepEqual(ticket.tags, ['coss', 'coss_102']);
    assert.match(answer.headers.get('location') ?? '', /\/api\/v2\/tickets\/4821\.json$/);
    assert.equal(answer.headers.get('x-rate-limit'), '700');
    assert.equal(sim.ticket(4821).comments[0]?.public, false);

    const list = await fetch(`${sim.url}/api/v2/tickets?external_id=coss_102-32962`, { headers: auth });
    const found = (await list.json()) as { tickets: Array<{ id: number }>; count: number };
    assert.equal(found.count, 1);
    assert.equal(found.tickets[0]?.id, 4821);
    const none = (await (await fetch(`${sim.url}/api/v2/tickets.json?external_id=nope`, { headers: auth })).json()) as {
      count: number;
    };
    assert.equal(none.count, 0);
  });

  it('refuses a missing or wrong bearer token with 401 and creates nothing', async () => {
    sim = await startZendeskSimulator();
    assert.equal((await create(sim, ticketBody('x'), { 'Content-Type': 'application/json' })).status, 401);
    const wrong = await create(sim, ticketBody('x'), { ...auth, Authorization: 'Bearer nope' });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.json<{ error: string }>().error, "Couldn't authenticate you");
    assert.equal(sim.tickets().length, 0);
  });

  it('answers 422 in the Ruby client envelope and in the OpenAPI one', async () => {
    sim = await startZendeskSimulator();
    const bad = await create(sim, ticketBody('x', { requester_id: 1, priority: 'asap' }));
    assert.equal(bad.status, 422);
    const body = bad.json<RubyEnvelope>();
    assert.equal(body.error, 'RecordInvalid');
    assert.equal(body.details.requester?.[0]?.description, 'Requester: is invalid');
    assert.equal(body.details.priority?.[0]?.error, 'InvalidValue');
    await sim.close();
    sim = await startZendeskSimulator({ errorEnvelope: 'errors' });
    const other = await create(sim, { ticket: { subject: 'no body' } });
    assert.equal(other.status, 422);
    assert.equal(other.json<{ errors: Array<{ detail: string }> }>().errors[0]?.detail, 'Description: cannot be blank');
    assert.equal(sim.tickets().length, 0);
  });

  it('answers 429 with Retry-After over the limit and when told to', async () => {
    sim = await startZendeskSimulator({ rateLimitPerMinute: 2 });
    assert.equal((await create(sim, ticketBody('a'))).status, 201);
    assert.equal((await create(sim, ticketBody('b'))).status, 201);
    const over = await create(sim, ticketBody('c'));
    assert.equal(over.status, 429);
    assert.ok(Number(over.headers.get('retry-after')) >= 1);
    await sim.close();
    sim = await startZendeskSimulator();
    sim.throttleNext(1, 7);
    const told = await create(sim, ticketBody('d'));
    assert.equal(told.status, 429);
    assert.equal(told.headers.get('retry-after'), '7');
    assert.equal((await create(sim, ticketBody('d'))).status, 201);
  });

  it('a create resent with its Idempotency-Key answers the first ticket (hit) instead of making a second', async () => {
    sim = await startZendeskSimulator();
    const first = await create(sim, ticketBody('idem'), { ...auth, 'Idempotency-Key': 'idem' });
    assert.equal(first.status, 201);
    assert.equal(first.headers.get('x-idempotency-lookup'), 'miss');
    const again = await create(sim, ticketBody('idem'), { ...auth, 'Idempotency-Key': 'idem' });
    assert.equal(again.status, 201);
    assert.equal(again.headers.get('x-idempotency-lookup'), 'hit');
    assert.equal(
      again.json<{ ticket: { id: number } }>().ticket.id,
      first.json<{ ticket: { id: number } }>().ticket.id,
    );
    assert.equal(sim.ticketCount('idem'), 1);
    assert.equal((await create(sim, ticketBody('idem'))).status, 201, 'without the key: a second ticket');
    assert.equal(sim.ticketCount('idem'), 2);
  });

  it('an after-phase fault creates the ticket and loses the answer; before-phase creates nothing', async () => {
    sim = await startZendeskSimulator({ faults: { rate: 1, kinds: ['500'], phase: 'after' } });
    assert.equal((await create(sim, ticketBody('lost'))).status, 500);
    assert.equal(sim.ticketCount('lost'), 1);
    sim.setFaults({ rate: 1, kinds: ['reset'], phase: 'before' });
    await assert.rejects(create(sim, ticketBody('never')));
    assert.equal(sim.ticketCount('never'), 0);
    assert.deepEqual(
      sim.faultLog().map((f) => f.phase),
      ['after', 'before'],
    );
    sim.setFaults(null);
    assert.equal((await create(sim, ticketBody('fine'))).status, 201);
  });
});

describe('Zendesk simulator: webhooks', () => {
  it('signs base64 HMAC-SHA256 over timestamp + raw body with the secret as a string', async () => {
    const received: Array<{ headers: http.IncomingHttpHeaders; body: string }> = [];
    const receiver = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.writeHead(200);
        res.end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', () => resolve()));
    try {
      sim = await startZendeskSimulator();
      await create(sim, ticketBody('coss_102-32962'));
      const target = {
        url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/`,
        secret: 'dGhpc19zZWNyZXQ=',
      };
      const sent = await sim.sendWebhook(target, sim.setStatus(4821, 'open'));
      assert.equal(sent.status, 200);
      const got = received[0];
      assert.ok(got);
      const timestamp = String(got.headers['x-zendesk-webhook-signature-timestamp']);
      const expected = createHmac('sha256', 'dGhpc19zZWNyZXQ=')
        .update(timestamp + got.body)
        .digest('base64');
      assert.equal(got.headers['x-zendesk-webhook-signature'], expected);
      assert.equal(zendeskSignature('dGhpc19zZWNyZXQ=', timestamp, got.body), expected);
      const event = JSON.parse(got.body) as EventJson;
      assert.equal(event.type, 'zen:event-type:ticket.status_changed');
      assert.equal(event.detail.id, '4821');
      assert.equal(event.detail.external_id, 'coss_102-32962');
      assert.deepEqual(event.event, { current: 'open', previous: 'new' });
      await sim.resendWebhook(target, sent);
      assert.equal(received[1]?.body, got.body);
      const comment = sim.addComment(4821, 'We are on it', { author: 'Jane Agent' });
      assert.equal((comment as unknown as { event: { comment: { body: string } } }).event.comment.body, 'We are on it');
      assert.equal(sim.ticket(4821).comments.length, 2);
    } finally {
      receiver.closeAllConnections();
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
    }
  });
});
