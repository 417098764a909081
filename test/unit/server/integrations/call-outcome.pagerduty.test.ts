/**
 * How the PagerDuty clients classify answers: Events API v2 (202 ok, 400 final with PagerDuty's words, 429/5xx/
 * network/timeout retryable with Retry-After) and REST v2 (headers, same classification), against stub fetches.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventsClient, classifyEventsAnswer } from '../../../../server/integrations/pagerduty/events-client.ts';
import { PAGERDUTY_REST_ACCEPT, RestClient } from '../../../../server/integrations/pagerduty/rest-client.ts';
import { hint, networkReason } from '../../../../server/integrations/call-outcome.ts';
import type { EventsV2Body } from '../../../../server/integrations/pagerduty/events-v2-schema.ts';

const body: EventsV2Body = {
  routing_key: 'R0UT1NGKEY000000000000000000000a',
  event_action: 'trigger',
  dedup_key: 'coss_102-32962',
  payload: { summary: 'disk full', source: 'x7.acme.com', severity: 'error' },
};

function answer(status: number, json: unknown, headers: Record<string, string> = {}) {
  return { status, headers: new Headers(headers), body: json };
}

/** The JSON text a client sent: every client here sends a string body. */
function bodyText(init: RequestInit | undefined): string {
  assert.equal(typeof init?.body, 'string', 'a JSON string body');
  return init?.body as string;
}

function stubFetch(respond: (url: string, init: RequestInit) => Response | Promise<Response>) {
  const calls: Array<{ url: string; init: RequestInit }> = [];
  const fn = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    calls.push({ url, init: init ?? {} });
    return respond(url, init ?? {});
  }) as typeof fetch;
  return { fn, calls };
}

const json = (status: number, value: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json', ...headers } });

test('Events: 202 is ok and carries the dedup key PagerDuty returned', () => {
  const outcome = classifyEventsAnswer(
    answer(202, { status: 'success', message: 'Event processed', dedup_key: 'coss_102-32962' }),
    'x',
  );
  assert.deepEqual(outcome, { kind: 'ok', value: { dedupKey: 'coss_102-32962' } });
  // an empty body still counts as accepted, with the key that was sent
  assert.deepEqual(classifyEventsAnswer(answer(202, null), 'sent-key'), {
    kind: 'ok',
    value: { dedupKey: 'sent-key' },
  });
});

test("Events: 400 is final and keeps PagerDuty's message and errors", () => {
  const outcome = classifyEventsAnswer(
    answer(400, { status: 'invalid event', message: 'Event object is invalid', errors: ['Invalid routing key'] }),
    'x',
  );
  assert.equal(outcome.kind, 'final');
  assert.equal(
    outcome.kind === 'final' && outcome.reason,
    'PagerDuty answered 400: Event object is invalid: Invalid routing key',
  );
  assert.equal(classifyEventsAnswer(answer(404, 'no such path'), 'x').kind, 'final');
});

test('Events: 429, 5xx and 408 are retryable, honouring Retry-After', () => {
  const throttled = classifyEventsAnswer(
    answer(429, { status: 'throttle event', message: 'Request Limit Exceeded' }, { 'retry-after': '7' }),
    'x',
  );
  assert.deepEqual(throttled, {
    kind: 'retry',
    reason: 'PagerDuty answered 429: Request Limit Exceeded',
    status: 429,
    retryAfterMs: 7000,
  });
  for (const status of [408, 500, 502, 503, 504]) {
    const outcome = classifyEventsAnswer(answer(status, 'oops'), 'x');
    assert.equal(outcome.kind, 'retry', `status ${status}`);
    assert.equal(outcome.kind === 'retry' && outcome.retryAfterMs, null);
  }
});

test('Events: a network error or a timeout is retryable and the reason names no URL', async () => {
  const failing = stubFetch(() => {
    throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } });
  });
  const client = new EventsClient({
    url: 'http://127.0.0.1:1/v2/enqueue?k=secret',
    timeoutMs: 1000,
    fetch: failing.fn,
  });
  const outcome = await client.send(body);
  assert.deepEqual(outcome, {
    kind: 'retry',
    reason: 'connection failed (ECONNRESET)',
    status: null,
    retryAfterMs: null,
  });
  const sent = JSON.parse(bodyText(failing.calls[0]?.init)) as EventsV2Body;
  assert.deepEqual(sent, body);
  assert.equal((failing.calls[0]?.init.headers as Record<string, string>)['Content-Type'], 'application/json');

  // a server that never answers: the deadline turns it into a retry
  const hang = createServer(() => undefined);
  await new Promise<void>((resolve) => hang.listen(0, '127.0.0.1', resolve));
  try {
    const port = (hang.address() as AddressInfo).port;
    const slow = new EventsClient({ url: `http://127.0.0.1:${port}/v2/enqueue`, timeoutMs: 200 });
    const started = Date.now();
    const timedOut = await slow.send(body);
    assert.deepEqual(timedOut, { kind: 'retry', reason: 'no answer within 200 ms', status: null, retryAfterMs: null });
    assert.ok(Date.now() - started < 2000);
  } finally {
    hang.closeAllConnections();
    await new Promise((resolve) => hang.close(resolve));
  }
  assert.equal(networkReason(Object.assign(new Error('x'), { name: 'TimeoutError' }), 5), 'no answer within 5 ms');
});

test('REST: headers, finding by incident_key, PUT with priority by name (cached), notes', async () => {
  const stub = stubFetch((url, init) => {
    const path = new URL(url).pathname;
    if (path === '/incidents' && init.method === 'GET') {
      return json(200, {
        incidents: [
          { id: 'POLD', incident_number: 3, status: 'resolved' },
          { id: 'PNEW', incident_number: 9, status: 'triggered' },
          { id: 'PNEWER', incident_number: 12, status: 'resolved' },
        ],
        more: false,
      });
    }
    if (path === '/priorities') return json(200, { priorities: [{ id: 'PPRIO01', name: 'P1' }], more: false });
    if (path === '/incidents/PNEW' && init.method === 'PUT')
      return json(200, { incident: { id: 'PNEW', incident_number: 9, status: 'acknowledged' } });
    if (path === '/incidents/PNEW/notes') return json(200, { note: { id: 'PNOTE1', content: 'x' } });
    return json(404, { error: { message: 'Not Found', code: 2100 } });
  });
  const client = new RestClient({ apiUrl: 'http://pd.test', token: 'tok3n', timeoutMs: 1000, fetch: stub.fn });

  const found = await client.findIncident('coss_102-1', 'PSVC1');
  assert.deepEqual(
    found,
    { kind: 'ok', value: { id: 'PNEW', number: 9, status: 'triggered' } },
    'the open incident wins',
  );
  const query = new URL(stub.calls[0]?.url ?? '').searchParams;
  assert.equal(query.get('incident_key'), 'coss_102-1');
  assert.deepEqual(query.getAll('statuses[]'), ['triggered', 'acknowledged', 'resolved']);
  assert.deepEqual(query.getAll('service_ids[]'), ['PSVC1']);
  const readHeaders = stub.calls[0]?.init.headers as Record<string, string>;
  assert.equal(readHeaders.Accept, PAGERDUTY_REST_ACCEPT);
  assert.equal(readHeaders.Authorization, 'Token token=tok3n');
  assert.equal(readHeaders.From, undefined, 'reads carry no From');

  const updated = await client.updateIncident('PNEW', 'noc@coss.example', {
    status: 'acknowledged',
    priorityName: 'P1',
  });
  assert.deepEqual(updated, { kind: 'ok', value: { id: 'PNEW', number: 9, status: 'acknowledged' } });
  const put = stub.calls.find((c) => c.init.method === 'PUT');
  assert.equal((put?.init.headers as Record<string, string>).From, 'noc@coss.example');
  assert.deepEqual(JSON.parse(bodyText(put?.init)), {
    incident: {
      type: 'incident_reference',
      status: 'acknowledged',
      priority: { id: 'PPRIO01', type: 'priority_reference' },
    },
  });
  await client.updateIncident('PNEW', 'noc@coss.example', { priorityName: 'P1' });
  assert.equal(stub.calls.filter((c) => c.url.includes('/priorities')).length, 1, 'priorities are cached');
  const unknown = await client.updateIncident('PNEW', 'noc@coss.example', { priorityName: 'P9' });
  assert.equal(unknown.kind, 'final');

  const noted = await client.addNote('PNEW', 'noc@coss.example', 'called the DC');
  assert.deepEqual(noted, { kind: 'ok', value: { noteId: 'PNOTE1' } });

  const missing = await client.addNote('PGONE', 'noc@coss.example', 'x');
  assert.deepEqual(missing, { kind: 'final', reason: 'PagerDuty answered 404: Not Found (2100)', status: 404 });
});

test('REST: none found is ok(null); 429 uses ratelimit-reset when Retry-After is absent; 401 is final', async () => {
  let mode = 'empty';
  const stub = stubFetch(() => {
    if (mode === 'empty') return json(200, { incidents: [], more: false });
    if (mode === '429')
      return json(
        429,
        { error: { message: 'Rate Limit Exceeded', code: 2020 } },
        { 'ratelimit-remaining': '0', 'ratelimit-reset': '12' },
      );
    return json(401, { error: { message: 'Authentication failed', code: 2006 } });
  });
  const client = new RestClient({ apiUrl: 'http://pd.test', token: 't', timeoutMs: 1000, fetch: stub.fn });
  assert.deepEqual(await client.findIncident('k', null), { kind: 'ok', value: null });
  mode = '429';
  assert.deepEqual(await client.findIncident('k', null), {
    kind: 'retry',
    reason: 'PagerDuty answered 429: Rate Limit Exceeded (2020)',
    status: 429,
    retryAfterMs: 12_000,
  });
  mode = '401';
  assert.equal((await client.findIncident('k', null)).kind, 'final');
});

test('secrets are shown as a hint only', () => {
  assert.equal(hint('c0553e0a1b2c3d4e5f60718293a4b5c6'), 'c055…');
  assert.equal(hint(null), '(none)');
});
