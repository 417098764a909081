/**
 * Behaviour of the PagerDuty simulator itself: dedup, rate limit, webhook signing/retries, faults, REST rules.
 * Needs no spec files; the schema contract lives in test/contract/pagerduty-simulator.contract.test.ts.
 *
 * Long on purpose: one test per documented behaviour of the simulator the other suites rely on.
 */
import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, it } from 'node:test';
import {
  DEFAULT_API_TOKEN,
  DEFAULT_ROUTING_KEY,
  PAGERDUTY_ACCEPT,
  startPagerDutySimulator,
  type FaultConfig,
  type PagerDutySimulator,
  type PagerDutySimulatorOptions,
} from './index.ts';

const OTHER_KEY = 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6';
const TWO_SERVICES: PagerDutySimulatorOptions = {
  services: [
    { id: 'PSVCNOC', name: 'COSS NOC', routingKey: DEFAULT_ROUTING_KEY, escalationPolicyId: 'PEPNOC1' },
    { id: 'PSVCDB1', name: 'Databases', routingKey: OTHER_KEY, escalationPolicyId: 'PEPNOC1' },
  ],
  users: [
    { id: 'PROMEL1', name: 'Romel Emperado', email: 'romel.emperado@example.com' },
    { id: 'PNOC002', name: 'Dana Whitlock', email: 'dana.whitlock@example.com' },
  ],
  onCalls: [
    { userId: 'PROMEL1', escalationPolicyId: 'PEPNOC1', escalationLevel: 1 },
    { userId: 'PNOC002', escalationPolicyId: 'PEPNOC1', escalationLevel: 2 },
  ],
};

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A webhook endpoint whose answers a test scripts: a status code, or 'hang' to never answer. */
async function startReceiver(script: (n: number) => number | 'hang' = () => 200) {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      const answer = script(received.length);
      if (answer === 'hang') return;
      res.writeHead(answer);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/pagerduty`;
  return {
    url,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const trigger = (dedupKey: string, routingKey = DEFAULT_ROUTING_KEY) => ({
  routing_key: routingKey,
  event_action: 'trigger',
  dedup_key: dedupKey,
  payload: { summary: `Device down: ${dedupKey}`, source: 'rtr-01.noc.example.com', severity: 'critical' },
});

async function enqueue(
  sim: PagerDutySimulator,
  body: unknown,
  signal?: AbortSignal,
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const res = await fetch(sim.eventsUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
    ...(signal ? { signal } : {}),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, headers: res.headers };
}

const restHeaders = (extra: Record<string, string> = {}) => ({
  Authorization: `Token token=${DEFAULT_API_TOKEN}`,
  Accept: PAGERDUTY_ACCEPT,
  'Content-Type': 'application/json',
  ...extra,
});

function hmacHex(body: string, secret: string): string {
  return createHmac('sha256', secret).update(body, 'utf8').digest('hex');
}

/** The receiver-side check PagerDuty documents: any `v1=` signature matching HMAC-SHA256(raw body, secret). */
function verifies(header: string | undefined, body: string, secret: string): boolean {
  const expected = Buffer.from(`v1=${hmacHex(body, secret)}`);
  return (header ?? '').split(',').some((sig) => {
    const got = Buffer.from(sig.trim());
    return got.length === expected.length && timingSafeEqual(got, expected);
  });
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});
async function sim(options: PagerDutySimulatorOptions = {}): Promise<PagerDutySimulator> {
  const s = await startPagerDutySimulator(options);
  cleanups.push(() => s.close());
  return s;
}
async function receiver(script?: (n: number) => number | 'hang') {
  const r = await startReceiver(script);
  cleanups.push(r.close);
  return r;
}

describe('Events API dedup', () => {
  it('opens exactly one incident per open dedup key and a new one after resolve', async () => {
    const pd = await sim(TWO_SERVICES);
    for (let i = 0; i < 5; i++) {
      const r = await enqueue(pd, trigger('dev-42'));
      assert.equal(r.status, 202);
      assert.equal(r.body['dedup_key'], 'dev-42');
    }
    assert.equal(pd.incidents().length, 1);
    assert.equal(pd.incidentCount('dev-42'), 1);
    assert.equal(pd.incident('dev-42')?.alerts[0]?.triggerEvents, 5);
    assert.deepEqual(
      pd.acceptedEvents().map((e) => e.outcome),
      ['created', 'deduplicated', 'deduplicated', 'deduplicated', 'deduplicated'],
    );

    await enqueue(pd, { routing_key: DEFAULT_ROUTING_KEY, event_action: 'acknowledge', dedup_key: 'dev-42' });
    assert.equal(pd.incident('dev-42')?.status, 'acknowledged');
    await enqueue(pd, trigger('dev-42')); // a trigger on an acknowledged incident joins it
    assert.equal(pd.incidentCount('dev-42'), 1);
    assert.equal(pd.incident('dev-42')?.status, 'acknowledged');

    await enqueue(pd, { routing_key: DEFAULT_ROUTING_KEY, event_action: 'resolve', dedup_key: 'dev-42' });
    assert.equal(pd.incident('dev-42')?.status, 'resolved');
    const late = await enqueue(pd, {
      routing_key: DEFAULT_ROUTING_KEY,
      event_action: 'acknowledge',
      dedup_key: 'dev-42',
    });
    assert.equal(late.status, 202, 'PagerDuty drops follow-ups for resolved alerts but still answers 202');
    assert.equal(pd.acceptedEvents().at(-1)?.outcome, 'ignored');
    assert.equal(pd.incident('dev-42')?.status, 'resolved');

    await enqueue(pd, trigger('dev-42'));
    assert.equal(pd.incidentCount('dev-42'), 2, 'a trigger after resolve opens a new incident');
  });

  it('scopes dedup to the routing key, as PagerDuty does', async () => {
    const pd = await sim(TWO_SERVICES);
    await enqueue(pd, trigger('shared-key'));
    await enqueue(pd, trigger('shared-key', OTHER_KEY));
    assert.equal(pd.incidents().length, 2);
    await enqueue(pd, { routing_key: OTHER_KEY, event_action: 'resolve', dedup_key: 'shared-key' });
    const statuses = pd.incidents().map((i) => `${i.serviceId}:${i.status}`);
    assert.deepEqual(statuses, ['PSVCNOC:triggered', 'PSVCDB1:resolved']);
  });

  it('generates a dedup key for a trigger without one', async () => {
    const pd = await sim();
    const a = await enqueue(pd, { ...trigger('x'), dedup_key: undefined });
    const b = await enqueue(pd, { ...trigger('x'), dedup_key: undefined });
    assert.equal(typeof a.body['dedup_key'], 'string');
    assert.notEqual(a.body['dedup_key'], b.body['dedup_key']);
    assert.equal(pd.incidents().length, 2);
  });
});

describe('Events API rate limit', () => {
  it('answers 429 to the 121st event within 60 s per routing key, and frees up as the window slides', async () => {
    let now = Date.parse('2026-03-01T10:00:00Z');
    const pd = await sim({ ...TWO_SERVICES, now: () => now });
    for (let i = 0; i < 120; i++) {
      now += 100; // 120 events over 12 s
      const r = await enqueue(pd, trigger(`burst-${i}`));
      assert.equal(r.status, 202, `event ${i + 1}`);
    }
    now += 100;
    const over = await enqueue(pd, trigger('burst-120'));
    assert.equal(over.status, 429);
    assert.equal(over.headers.get('retry-after'), null, 'PagerDuty documents no Retry-After on the Events API');
    assert.equal(pd.incidentCount('burst-120'), 0, 'a throttled event is not ingested');
    assert.equal(
      (await enqueue(pd, trigger('other-1', OTHER_KEY))).status,
      202,
      'other routing keys have their own limit',
    );

    const accepted = pd.acceptedEvents(DEFAULT_ROUTING_KEY);
    assert.equal(accepted.length, 120);
    assert.equal(
      accepted[1]!.receivedAt - accepted[0]!.receivedAt,
      100,
      'arrival times are recorded for pacing checks',
    );

    now = accepted[0]!.receivedAt + 60_000; // the first event leaves the 60 s window
    assert.equal((await enqueue(pd, trigger('after-window'))).status, 202);
    assert.equal((await enqueue(pd, trigger('after-window-2'))).status, 429, 'only one slot was freed');
  });

  it('sends Retry-After only when configured', async () => {
    const pd = await sim({ eventsRateLimit: { limit: 1, windowMs: 60_000 }, eventsRetryAfterSeconds: 30 });
    await enqueue(pd, trigger('a'));
    const r = await enqueue(pd, trigger('b'));
    assert.equal(r.status, 429);
    assert.equal(r.headers.get('retry-after'), '30');
  });
});

describe('Webhooks v3', () => {
  it('signs each delivery with every secret and sends PagerDuty headers and payload', async () => {
    const hook = await receiver();
    const pd = await sim({ webhooks: [{ url: hook.url, secrets: ['old-secret', 'new-secret'], id: 'PWHSUB1' }] });
    await enqueue(pd, { ...trigger('sig-1'), client: 'COSS', client_url: 'https://coss.example.com' });
    pd.acknowledge('sig-1', 'Romel Emperado');
    pd.addNote('sig-1', 'Romel Emperado', 'Looking at it');
    await pd.webhooksIdle();

    assert.equal(hook.received.length, 3);
    for (const { headers, body } of hook.received) {
      const sig = headers['x-pagerduty-signature'] as string;
      assert.equal(sig.split(',').length, 2);
      assert.ok(verifies(sig, body, 'old-secret'));
      assert.ok(verifies(sig, body, 'new-secret'));
      assert.ok(!verifies(sig, body, 'wrong-secret'));
      assert.ok(!verifies(sig, `${body} `, 'new-secret'), 'the signature covers the exact raw body');
      assert.equal(headers['content-type'], 'application/json');
      assert.equal(headers['user-agent'], 'PagerDuty-Webhook/V3.0');
      assert.equal(headers['x-webhook-subscription'], 'PWHSUB1');
      assert.match(String(headers['x-webhook-id']), /^[0-9a-f-]{36}$/);
    }
    const events = hook.received.map(
      (r) => (JSON.parse(r.body) as { event: Record<string, Record<string, unknown>> }).event,
    );
    assert.deepEqual(
      events.map((e) => e['event_type']),
      ['incident.triggered', 'incident.acknowledged', 'incident.annotated'],
    );
    const [triggered, acked, annotated] = events;
    assert.equal(triggered?.['agent']?.['type'], 'service_reference');
    assert.deepEqual(triggered?.['client'], { name: 'COSS', url: 'https://coss.example.com' });
    assert.equal(triggered?.['data']?.['incident_key'], 'sig-1');
    assert.equal(triggered?.['data']?.['status'], 'triggered');
    assert.equal(acked?.['agent']?.['summary'], 'Romel Emperado');
    assert.equal(acked?.['agent']?.['type'], 'user_reference');
    assert.equal(acked?.['data']?.['status'], 'acknowledged');
    assert.equal(acked?.['resource_type'], 'incident');
    assert.equal(annotated?.['data']?.['type'], 'incident_note');
    assert.equal(annotated?.['data']?.['content'], 'Looking at it');
    assert.equal(new Set(hook.received.map((r) => r.headers['x-webhook-id'])).size, 3, 'each webhook has its own id');
  });

  it('retries 5xx and timeouts with the same X-Webhook-Id, drops other 4xx, and keeps order', async () => {
    const answers: (number | 'hang')[] = [500, 'hang', 503, 200, 200];
    const hook = await receiver((n) => answers[n - 1] ?? 200);
    const pd = await sim({
      webhooks: [{ url: hook.url, secret: 's' }],
      webhookDelivery: { timeoutMs: 100, retryDelaysMs: [5, 5, 5, 5] },
    });
    await enqueue(pd, trigger('retry-1'));
    pd.acknowledge('retry-1', 'Romel Emperado'); // queued behind the failing first webhook
    await pd.webhooksIdle();

    const ids = hook.received.map((r) => r.headers['x-webhook-id']);
    assert.deepEqual(ids.slice(0, 4), [ids[0], ids[0], ids[0], ids[0]], 'all attempts of one webhook share its id');
    assert.notEqual(ids[4], ids[0]);
    assert.equal(new Set(hook.received.slice(0, 4).map((r) => r.body)).size, 1, 'retries resend the same bytes');
    assert.equal(
      (JSON.parse(hook.received[4]!.body) as { event: { event_type: string } }).event.event_type,
      'incident.acknowledged',
    );
    const [first, second] = pd.deliveries();
    assert.equal(first?.status, 'delivered');
    assert.deepEqual(
      first?.attempts.map((a) => a.statusCode),
      [500, null, 503, 200],
    );
    assert.match(first?.attempts[1]?.error ?? '', /timeout/);
    assert.equal(second?.status, 'delivered');

    const redelivered = await pd.redeliver(first.webhookId);
    assert.equal(hook.received.at(-1)?.headers['x-webhook-id'], first.webhookId);
    assert.equal(hook.received.at(-1)?.body, first.body);
    assert.equal(redelivered.attempts.length, 5);
  });

  it('gives up after 5 attempts and drops a 4xx at once', async () => {
    const failing = await receiver(() => 500);
    const rejecting = await receiver(() => 410);
    const pd = await sim({
      webhooks: [
        { url: failing.url, secret: 's' },
        { url: rejecting.url, secret: 's' },
      ],
      webhookDelivery: { timeoutMs: 100, retryDelaysMs: [1, 1, 1, 1] },
    });
    await enqueue(pd, trigger('fail-1'));
    await pd.webhooksIdle();
    assert.equal(failing.received.length, 5);
    assert.equal(rejecting.received.length, 1);
    assert.deepEqual(
      pd.deliveries().map((d) => d.status),
      ['failed', 'dropped'],
    );
  });

  it('emits the lifecycle event types for person actions', async () => {
    const hook = await receiver();
    const pd = await sim({ webhooks: [{ url: hook.url, secret: 's' }] });
    await enqueue(pd, trigger('life-1'));
    pd.acknowledge('life-1', 'romel.emperado@example.com');
    pd.acknowledge('life-1', 'Romel Emperado'); // already acknowledged: no second event
    pd.unacknowledge('life-1', 'Romel Emperado');
    pd.escalate('life-1', 'Romel Emperado');
    pd.reassign('life-1', 'Dana Whitlock', ['Romel Emperado']);
    pd.delegate('life-1', 'Dana Whitlock', 'PEPNOC1');
    pd.setPriority('life-1', 'Dana Whitlock', 'P1');
    pd.resolve('life-1', 'Dana Whitlock');
    pd.reopen('life-1', 'Dana Whitlock');
    await pd.webhooksIdle();
    const types = hook.received.map((r) => (JSON.parse(r.body) as { event: { event_type: string } }).event.event_type);
    assert.deepEqual(types, [
      'incident.triggered',
      'incident.acknowledged',
      'incident.unacknowledged',
      'incident.escalated',
      'incident.reassigned',
      'incident.delegated',
      'incident.priority_updated',
      'incident.resolved',
      'incident.reopened',
    ]);
    const priorityEvent = JSON.parse(hook.received[6]!.body) as { event: { data: { priority: { summary: string } } } };
    assert.equal(priorityEvent.event.data.priority.summary, 'P1');
    assert.throws(() => pd.escalate('life-1', 'Dana Whitlock', 9), /Cannot Escalate/);
  });
});

describe('fault injection', () => {
  const kinds: FaultConfig['kinds'] = ['429', '500', '503', 'reset'];

  async function run(seed: number): Promise<string[]> {
    const pd = await sim({ faults: { rate: 0.4, kinds, seed, phase: 'both' } });
    const outcomes: string[] = [];
    for (let i = 0; i < 30; i++) {
      try {
        outcomes.push(String((await enqueue(pd, trigger(`f-${i}`))).status));
      } catch {
        outcomes.push('reset');
      }
    }
    const log = pd.faultLog().map((f) => `${f.seq}:${f.kind}:${f.phase}`);
    return [...outcomes, '|', ...log];
  }

  it('is reproducible from the seed and differs between seeds', async () => {
    const a = await run(42);
    const b = await run(42);
    const c = await run(7);
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, c);
    const statuses = a.slice(0, 30);
    assert.ok(
      statuses.includes('202') && statuses.some((s) => s !== '202'),
      `mix of faults and successes: ${statuses.join(',')}`,
    );
    assert.ok(a.some((s) => s.endsWith(':after')) && a.some((s) => s.endsWith(':before')));
  });

  it('a reset after processing leaves the event applied, and the retry adds no second incident', async () => {
    const pd = await sim({ faults: { rate: 1, kinds: ['reset'], phase: 'after' } });
    await assert.rejects(enqueue(pd, trigger('after-1')));
    assert.equal(pd.incidentCount('after-1'), 1, 'PagerDuty applied the event although the client saw a failure');
    pd.setFaults(null);
    assert.equal((await enqueue(pd, trigger('after-1'))).status, 202);
    assert.equal(pd.incidentCount('after-1'), 1);
    assert.deepEqual(
      pd.enqueueAttempts().map((a) => a.status),
      ['reset', 202],
    );
  });

  it('a fault before processing changes nothing; a timeout hangs past the client timeout', async () => {
    const pd = await sim({ faults: { rate: 1, kinds: ['reset'], phase: 'before' } });
    await assert.rejects(enqueue(pd, trigger('before-1')));
    assert.equal(pd.incidentCount('before-1'), 0);
    pd.setFaults({ rate: 1, kinds: ['timeout'] });
    const started = Date.now();
    await assert.rejects(enqueue(pd, trigger('hang-1'), AbortSignal.timeout(150)), /abort|timeout/i);
    assert.ok(Date.now() - started >= 140);
    assert.equal(pd.incidentCount('hang-1'), 0);
    assert.equal(pd.enqueueAttempts().at(-1)?.status, 'timeout');
  });

  it('applies to REST only when asked', async () => {
    const pd = await sim({ faults: { rate: 1, kinds: ['503'], targets: ['rest'] } });
    assert.equal((await enqueue(pd, trigger('rest-f'))).status, 202);
    const res = await fetch(`${pd.apiUrl}/incidents`, { headers: restHeaders() });
    assert.equal(res.status, 503);
    assert.deepEqual(
      pd.faultLog().map((f) => f.target),
      ['rest'],
    );
  });
});

describe('REST API rules', () => {
  it('requires the token and From, and attributes REST actions to the From user', async () => {
    const hook = await receiver();
    const pd = await sim({ webhooks: [{ url: hook.url, secret: 's' }] });
    await enqueue(pd, trigger('rest-1'));
    const id = pd.incident('rest-1')!.id;
    const ack = JSON.stringify({ incident: { type: 'incident_reference', status: 'acknowledged' } });

    const noAuth = await fetch(`${pd.apiUrl}/incidents`, { headers: { Accept: PAGERDUTY_ACCEPT } });
    assert.equal(noAuth.status, 401);
    const bearer = await fetch(`${pd.apiUrl}/incidents`, {
      headers: restHeaders({ Authorization: `Bearer ${DEFAULT_API_TOKEN}` }),
    });
    assert.equal(bearer.status, 401, 'the Token token= format must be followed precisely');

    const noFrom = await fetch(`${pd.apiUrl}/incidents/${id}`, { method: 'PUT', headers: restHeaders(), body: ack });
    assert.equal(noFrom.status, 400);
    const err = (await noFrom.json()) as { error: { message: string; code: number; errors: string[] } };
    assert.equal(typeof err.error.code, 'number');
    assert.match(err.error.errors.join(' '), /From/);
    assert.equal(pd.incident(id)?.status, 'triggered');

    const ok = await fetch(`${pd.apiUrl}/incidents/${id}`, {
      method: 'PUT',
      headers: restHeaders({ From: 'dana.whitlock@example.com' }),
      body: ack,
    });
    assert.equal(ok.status, 200);
    await pd.webhooksIdle();
    const last = JSON.parse(hook.received.at(-1)!.body) as { event: { event_type: string; agent: { id: string } } };
    assert.equal(last.event.event_type, 'incident.acknowledged');
    assert.equal(last.event.agent.id, 'PNOC002');
    assert.equal(pd.logEntries().at(-1)?.agent.kind, 'user');
    assert.equal(pd.restRequests().at(-1)?.headers['from'], 'dana.whitlock@example.com');
  });

  it('takes a plain Accept by default and insists on the versioned one when configured', async () => {
    const lenient = await sim();
    assert.equal(
      (await fetch(`${lenient.apiUrl}/users`, { headers: restHeaders({ Accept: 'application/json' }) })).status,
      200,
    );
    const strict = await sim({ requireVersionedAccept: true });
    assert.equal(
      (await fetch(`${strict.apiUrl}/users`, { headers: restHeaders({ Accept: 'application/json' }) })).status,
      406,
    );
    assert.equal((await fetch(`${strict.apiUrl}/users`, { headers: restHeaders() })).status, 200);
  });

  it('filters and paginates incidents', async () => {
    let now = Date.parse('2026-03-01T10:00:00Z');
    const pd = await sim({ now: () => now });
    for (let i = 0; i < 30; i++) {
      now += 1000;
      await enqueue(pd, trigger(`page-${i}`));
    }
    pd.acknowledge('page-3', 'Romel Emperado');
    pd.resolve('page-4', 'Romel Emperado');
    const get = async (q: string) => {
      const res = await fetch(`${pd.apiUrl}/incidents${q}`, { headers: restHeaders() });
      assert.equal(res.status, 200);
      return (await res.json()) as {
        incidents: { incident_key: string; status: string }[];
        more: boolean;
        total: number | null;
        limit: number;
      };
    };
    const first = await get('');
    assert.equal(first.incidents.length, 25);
    assert.equal(first.more, true);
    assert.equal(first.total, null, 'total is null unless total=true');
    const rest = await get('?offset=25&total=true');
    assert.equal(rest.incidents.length, 5);
    assert.equal(rest.more, false);
    assert.equal(rest.total, 30);
    assert.deepEqual(
      (await get('?statuses[]=acknowledged&statuses[]=resolved')).incidents.map((i) => i.incident_key),
      ['page-3', 'page-4'],
    );
    assert.deepEqual(
      (await get('?incident_key=page-7')).incidents.map((i) => i.incident_key),
      ['page-7'],
    );
    const window = await get(
      `?since=${new Date(Date.parse('2026-03-01T10:00:10Z')).toISOString()}&until=2026-03-01T10:00:12Z`,
    );
    assert.deepEqual(
      window.incidents.map((i) => i.incident_key),
      ['page-9', 'page-10', 'page-11'],
    );
    assert.equal((await get('?limit=500')).limit, 100, 'limit is capped at 100');
  });

  it('refuses bulk updates over 250 incidents', async () => {
    const pd = await sim();
    await enqueue(pd, trigger('bulk-1'));
    const id = pd.incident('bulk-1')!.id;
    const make = (n: number) =>
      JSON.stringify({
        incidents: Array.from({ length: n }, () => ({ id, type: 'incident_reference', status: 'acknowledged' })),
      });
    const headers = restHeaders({ From: 'romel.emperado@example.com' });
    assert.equal((await fetch(`${pd.apiUrl}/incidents`, { method: 'PUT', headers, body: make(251) })).status, 413);
    assert.equal(pd.incident(id)?.status, 'triggered');
    assert.equal((await fetch(`${pd.apiUrl}/incidents`, { method: 'PUT', headers, body: make(250) })).status, 200);
    assert.equal(pd.incident(id)?.status, 'acknowledged');
  });

  it('lists on-calls by policy and schedule, earliest only on request', async () => {
    const pd = await sim({
      onCalls: [
        {
          userId: 'PROMEL1',
          escalationPolicyId: 'PEPNOC1',
          escalationLevel: 1,
          scheduleId: 'PSCHED1',
          start: '2026-03-01T00:00:00Z',
          end: '2026-03-08T00:00:00Z',
        },
        {
          userId: 'PROMEL1',
          escalationPolicyId: 'PEPNOC1',
          escalationLevel: 1,
          scheduleId: 'PSCHED1',
          start: '2026-03-08T00:00:00Z',
          end: '2026-03-15T00:00:00Z',
        },
        { userId: 'PNOC002', escalationPolicyId: 'PEPNOC1', escalationLevel: 2 },
      ],
      now: () => Date.parse('2026-03-02T00:00:00Z'),
    });
    const get = async (q: string) => {
      const res = await fetch(`${pd.apiUrl}/oncalls${q}`, { headers: restHeaders() });
      return ((await res.json()) as { oncalls: { user: { id: string }; start?: string }[] }).oncalls;
    };
    assert.deepEqual(
      (await get('')).map((o) => o.user.id),
      ['PROMEL1', 'PNOC002'],
      'default range is now',
    );
    const twoWeeks = '?since=2026-03-01T00:00:00Z&until=2026-03-14T00:00:00Z&schedule_ids[]=PSCHED1';
    assert.equal((await get(twoWeeks)).length, 2);
    const earliest = await get(`${twoWeeks}&earliest=true`);
    assert.deepEqual(
      earliest.map((o) => o.start),
      ['2026-03-01T00:00:00Z'],
    );
    assert.equal((await get('?escalation_policy_ids[]=PNOPE99')).length, 0);
  });
});
