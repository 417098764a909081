/**
 * Contract: the PagerDuty simulator's requests and responses against PagerDuty's own OpenAPI files.
 * Every body the simulator returns is validated against the schema the spec documents for that operation and
 * status code, and every request body the tests send against the operation's request schema, so a test that
 * passes here talks to a simulator that speaks PagerDuty's published shapes. Skips when ../shared/pagerduty
 * is absent.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  DEFAULT_API_TOKEN,
  DEFAULT_ROUTING_KEY,
  PAGERDUTY_ACCEPT,
  REST_QUERY_PARAMETERS,
  startPagerDutySimulator,
  type PagerDutySimulator,
} from '../simulators/pagerduty/index.ts';
import {
  EVENTS_SPEC_FILE,
  OpenApiContract,
  REST_QUIRKS,
  REST_SPEC_FILE,
  check,
  pagerDutySpecsAvailable,
} from './pagerduty-openapi.ts';

const SKIP = pagerDutySpecsAvailable() ? false : 'PagerDuty OpenAPI files not found in ../shared/pagerduty';
const FROM = 'romel.emperado@example.com';
/** The Events API file's 400/429 name a component that does not exist; its `Error` response is the fallback. */
const EVENTS_ERROR = '#/components/responses/Error';
/** updateIncident documents no 400 although PagerDuty answers 400 for a missing From; ArgumentError is its shape. */
const REST_ARGUMENT_ERROR = '#/components/responses/ArgumentError';

type Body = Record<string, unknown>;
interface Reply {
  status: number;
  body: Body;
}

async function call(url: string, init: RequestInit = {}): Promise<Reply> {
  const res = await fetch(url, init);
  const text = await res.text();
  return { status: res.status, body: text === '' ? {} : (JSON.parse(text) as Body) };
}

describe('PagerDuty simulator vs PagerDuty OpenAPI', { skip: SKIP }, () => {
  let events: OpenApiContract;
  let rest: OpenApiContract;
  let sim: PagerDutySimulator;

  const headers = (extra: Record<string, string> = {}): Record<string, string> => ({
    Authorization: `Token token=${DEFAULT_API_TOKEN}`,
    Accept: PAGERDUTY_ACCEPT,
    'Content-Type': 'application/json',
    ...extra,
  });

  const enqueue = (body: unknown): Promise<Reply> =>
    call(sim.eventsUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });

  /** Send a REST request, check its body against the request schema and its answer against the documented response. */
  async function restCall(
    specPath: string,
    method: 'get' | 'put' | 'post',
    url: string,
    opts: { body?: unknown; headers?: Record<string, string>; expect: number; fallback?: string },
  ): Promise<Body> {
    if (opts.body !== undefined) {
      assert.equal(
        check(rest.requestValidator(specPath, method), opts.body),
        '',
        `${method} ${specPath} request body violates the spec`,
      );
    }
    const reply = await call(`${sim.apiUrl}${url}`, {
      method: method.toUpperCase(),
      headers: opts.headers ?? headers({ From: FROM }),
      ...(opts.body === undefined ? {} : { body: JSON.stringify(opts.body) }),
    });
    assert.equal(reply.status, opts.expect, `${method.toUpperCase()} ${url}: ${JSON.stringify(reply.body)}`);
    const validator = rest.responseValidator(specPath, method, reply.status, opts.fallback);
    assert.equal(
      check(validator, reply.body),
      '',
      `${method.toUpperCase()} ${url} ${reply.status} response violates the spec`,
    );
    return reply.body;
  }

  const trigger = (dedupKey: string, summary = `problem ${dedupKey}`): Body => ({
    routing_key: DEFAULT_ROUTING_KEY,
    event_action: 'trigger',
    dedup_key: dedupKey,
    payload: { summary, source: 'zenoss-01.noc.example.com', severity: 'critical' },
  });

  before(async () => {
    events = new OpenApiContract(EVENTS_SPEC_FILE);
    rest = new OpenApiContract(REST_SPEC_FILE, REST_QUIRKS);
    sim = await startPagerDutySimulator();
  });
  after(async () => {
    await sim?.close();
  });

  describe('Events API v2: POST /enqueue', () => {
    it('accepts the spec example and every documented optional field, answering the 202 schema', async () => {
      const requestSchema = events.requestValidator('/enqueue', 'post');
      const examples = events.requestExamples('/enqueue', 'post');
      assert.ok(examples.length > 0, 'spec ships an example event');
      const bodies: Body[] = [
        // The spec's example with our routing key: everything PagerDuty shows must be accepted.
        ...examples.map((e) => ({ ...(e as Body), routing_key: DEFAULT_ROUTING_KEY })),
        trigger('contract-1'),
        { routing_key: DEFAULT_ROUTING_KEY, event_action: 'acknowledge', dedup_key: 'contract-1' },
        { routing_key: DEFAULT_ROUTING_KEY, event_action: 'resolve', dedup_key: 'contract-1' },
        // No dedup_key: PagerDuty generates one and returns it.
        {
          routing_key: DEFAULT_ROUTING_KEY,
          event_action: 'trigger',
          payload: { summary: 's', source: 'h', severity: 'info' },
        },
      ];
      for (const body of bodies) {
        assert.equal(check(requestSchema, body), '', 'request body violates the spec');
        const reply = await enqueue(body);
        assert.equal(reply.status, 202, JSON.stringify(reply.body));
        assert.equal(check(events.responseValidator('/enqueue', 'post', 202), reply.body), '');
        assert.equal(reply.body['status'], 'success');
        assert.equal(reply.body['message'], 'Event processed');
        assert.equal(typeof reply.body['dedup_key'], 'string');
      }
    });

    it('rejects with 400 in the error schema what the spec forbids, and what PagerDuty documents beyond it', async () => {
      const requestSchema = events.requestValidator('/enqueue', 'post');
      const spec400 = events.responseValidator('/enqueue', 'post', 400, EVENTS_ERROR);
      const base = trigger('contract-bad');
      const payload = base['payload'] as Body;
      const cases: { name: string; body: unknown; specRejects: boolean }[] = [
        { name: 'unknown severity', body: { ...base, payload: { ...payload, severity: 'fatal' } }, specRejects: true },
        { name: 'no routing_key', body: { event_action: 'trigger', payload }, specRejects: true },
        { name: 'bad event_action', body: { ...base, event_action: 'close' }, specRejects: true },
        {
          name: 'no payload.source',
          body: { ...base, payload: { summary: 's', severity: 'info' } },
          specRejects: true,
        },
        {
          name: 'no payload.summary',
          body: { ...base, payload: { source: 'h', severity: 'info' } },
          specRejects: true,
        },
        // Rules from PagerDuty's docs that the schema cannot express:
        {
          name: 'summary > 1024',
          body: { ...base, payload: { ...payload, summary: 'x'.repeat(1025) } },
          specRejects: false,
        },
        { name: 'dedup_key > 255', body: { ...base, dedup_key: 'k'.repeat(256) }, specRejects: false },
        { name: 'routing_key not 32 chars', body: { ...base, routing_key: 'short' }, specRejects: false },
        {
          name: 'ack without dedup_key',
          body: { routing_key: DEFAULT_ROUTING_KEY, event_action: 'acknowledge' },
          specRejects: false,
        },
        { name: 'unknown routing key', body: { ...base, routing_key: 'f'.repeat(32) }, specRejects: false },
      ];
      for (const c of cases) {
        assert.equal(check(requestSchema, c.body) !== '', c.specRejects, `${c.name}: spec verdict`);
        const reply = await enqueue(c.body);
        assert.equal(reply.status, 400, `${c.name}: ${JSON.stringify(reply.body)}`);
        assert.equal(check(spec400, reply.body), '', `${c.name}: 400 body violates the spec`);
        assert.equal(reply.body['status'], 'invalid event');
        assert.ok(Array.isArray(reply.body['errors']) && reply.body['errors'].length > 0, c.name);
      }
      const malformed = await call(sim.eventsUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{"routing_key":',
      });
      assert.equal(malformed.status, 400);
      assert.equal(check(spec400, malformed.body), '');
    });

    it('answers throttling and injected 5xx in the documented error schema', async () => {
      const throttled = await startPagerDutySimulator({ eventsRateLimit: { limit: 1, windowMs: 60_000 } });
      try {
        const ok = await call(throttled.eventsUrl, { method: 'POST', body: JSON.stringify(trigger('t-1')) });
        assert.equal(ok.status, 202);
        const limited = await call(throttled.eventsUrl, { method: 'POST', body: JSON.stringify(trigger('t-2')) });
        assert.equal(limited.status, 429);
        assert.equal(check(events.responseValidator('/enqueue', 'post', 429, EVENTS_ERROR), limited.body), '');
        throttled.setFaults({ rate: 1, kinds: ['500', '503'], seed: 3 });
        for (let i = 0; i < 4; i++) {
          const failed = await call(throttled.eventsUrl, {
            method: 'POST',
            body: JSON.stringify(trigger(`t-5xx-${i}`)),
          });
          assert.ok(failed.status === 500 || failed.status === 503);
          assert.equal(check(events.responseValidator('/enqueue', 'post', failed.status), failed.body), '');
        }
      } finally {
        await throttled.close();
      }
    });
  });

  describe('REST API v2', () => {
    it('reads only query parameters the spec declares for each operation', () => {
      const ops: Record<string, [string, string]> = {
        listIncidents: ['/incidents', 'get'],
        updateIncidents: ['/incidents', 'put'],
        getIncident: ['/incidents/{id}', 'get'],
        updateIncident: ['/incidents/{id}', 'put'],
        listIncidentNotes: ['/incidents/{id}/notes', 'get'],
        createIncidentNote: ['/incidents/{id}/notes', 'post'],
        listLogEntries: ['/log_entries', 'get'],
        listOnCalls: ['/oncalls', 'get'],
        listUsers: ['/users', 'get'],
        listServices: ['/services', 'get'],
        listPriorities: ['/priorities', 'get'],
      };
      for (const [operationId, names] of Object.entries(REST_QUERY_PARAMETERS)) {
        const target = ops[operationId];
        assert.ok(target, `unknown operation ${operationId}`);
        const [path, method] = target;
        assert.equal(rest.operation(path, method)['operationId'], operationId);
        const declared = rest.queryParameterNames(path, method);
        for (const name of names) assert.ok(declared.includes(name), `${operationId} does not declare ?${name}`);
      }
    });

    it('incidents: list, get, update, bulk update and notes match the spec', async () => {
      await enqueue(trigger('rest-a'));
      await enqueue(trigger('rest-b'));
      const [a, b] = [sim.incident('rest-a'), sim.incident('rest-b')];
      assert.ok(a && b);

      const list = await restCall(
        '/incidents',
        'get',
        '/incidents?statuses[]=triggered&statuses[]=acknowledged&total=true&limit=1',
        { expect: 200 },
      );
      assert.equal((list['incidents'] as unknown[]).length, 1);
      assert.equal(list['more'], true);
      await restCall('/incidents', 'get', '/incidents?incident_key=rest-a&date_range=all', { expect: 200 });
      await restCall('/incidents/{id}', 'get', `/incidents/${a.id}`, { expect: 200 });

      // The spec's own request examples, pointed at our incidents, users and priorities.
      const [singleExample] = rest.requestExamples('/incidents/{id}', 'put');
      assert.ok(singleExample);
      await restCall('/incidents/{id}', 'put', `/incidents/${a.id}`, { body: singleExample, expect: 200 });
      assert.equal(sim.incident(a.id)?.status, 'acknowledged');

      const updates = [
        { id: a.id, type: 'incident_reference', priority: { id: 'PPRIO01', type: 'priority_reference' } },
        {
          id: b.id,
          type: 'incident_reference',
          assignments: [{ assignee: { id: 'PNOC002', type: 'user_reference' } }],
        },
        { id: b.id, type: 'incident_reference', escalation_level: 2 },
      ];
      const bulk = await restCall('/incidents', 'put', '/incidents', { body: { incidents: updates }, expect: 200 });
      assert.equal((bulk['incidents'] as unknown[]).length, 3);
      await restCall('/incidents/{id}', 'get', `/incidents/${a.id}`, { expect: 200 }); // now with a priority object

      const resolveBody = {
        incident: { type: 'incident_reference', status: 'resolved', resolution: 'fixed the disk' },
      };
      await restCall('/incidents/{id}', 'put', `/incidents/${b.id}`, { body: resolveBody, expect: 200 });
      await restCall('/incidents/{id}', 'get', `/incidents/${b.id}`, { expect: 200 }); // with resolved_at

      const [noteExample] = rest.requestExamples('/incidents/{id}/notes', 'post');
      assert.ok(noteExample);
      await restCall('/incidents/{id}/notes', 'post', `/incidents/${a.id}/notes`, { body: noteExample, expect: 200 });
      const notes = await restCall('/incidents/{id}/notes', 'get', `/incidents/${a.id}/notes`, { expect: 200 });
      assert.equal((notes['notes'] as unknown[]).length, 1);
    });

    it('log entries of every kind the simulator writes match the spec', async () => {
      await enqueue(trigger('log-1'));
      sim.acknowledge('log-1', 'Romel Emperado');
      sim.unacknowledge('log-1', 'Romel Emperado');
      sim.escalate('log-1', 'Romel Emperado');
      sim.reassign('log-1', 'Romel Emperado', ['Romel Emperado']);
      sim.delegate('log-1', 'Romel Emperado', 'PEPNOC1');
      sim.addNote('log-1', 'Dana Whitlock', 'on it');
      sim.resolve('log-1', 'Dana Whitlock', 'restarted');
      const all = await restCall('/log_entries', 'get', '/log_entries?limit=100&total=true', { expect: 200 });
      const types = new Set((all['log_entries'] as Body[]).map((e) => e['type']));
      for (const t of [
        'trigger',
        'acknowledge',
        'unacknowledge',
        'escalate',
        'assign',
        'delegate',
        'annotate',
        'resolve',
      ]) {
        assert.ok(types.has(`${t}_log_entry`), `missing ${t}_log_entry`);
      }
      const overview = await restCall('/log_entries', 'get', '/log_entries?is_overview=true&limit=100', {
        expect: 200,
      });
      assert.ok((overview['log_entries'] as unknown[]).length < (all['log_entries'] as unknown[]).length);
    });

    it('on-calls, users, services and priorities match the spec', async () => {
      await restCall('/oncalls', 'get', '/oncalls', { expect: 200 });
      const filtered = await restCall(
        '/oncalls',
        'get',
        '/oncalls?escalation_policy_ids[]=PEPNOC1&schedule_ids[]=PSCHED1&earliest=true',
        { expect: 200 },
      );
      assert.equal((filtered['oncalls'] as unknown[]).length, 1);
      await restCall('/users', 'get', '/users', { expect: 200 });
      await restCall('/services', 'get', '/services', { expect: 200 });
      await restCall('/priorities', 'get', '/priorities', { expect: 200 });
    });

    it('errors use the documented error schema', async () => {
      await enqueue(trigger('err-1'));
      const inc = sim.incident('err-1');
      assert.ok(inc);
      const ack = { incident: { type: 'incident_reference', status: 'acknowledged' } };
      await restCall('/incidents', 'get', '/incidents', { headers: { Accept: PAGERDUTY_ACCEPT }, expect: 401 });
      await restCall('/incidents', 'get', '/incidents', {
        headers: headers({ Authorization: `Token token=wrong` }),
        expect: 401,
      });
      await restCall('/incidents', 'get', '/incidents?statuses[]=open', { expect: 400 });
      await restCall('/incidents/{id}', 'get', '/incidents/PNOPE00', { expect: 404 });
      await restCall('/incidents/{id}', 'put', '/incidents/PNOPE00', { body: ack, expect: 404 });
      await restCall('/incidents/{id}', 'put', `/incidents/${inc.id}`, {
        body: ack,
        headers: headers(),
        expect: 400,
        fallback: REST_ARGUMENT_ERROR,
      });
      await restCall('/incidents/{id}/notes', 'post', `/incidents/${inc.id}/notes`, {
        body: { note: { content: 'x' } },
        headers: headers({ From: 'nobody@example.com' }),
        expect: 400,
      });
      const tooMany = Array.from({ length: 251 }, () => ({
        id: inc.id,
        type: 'incident_reference',
        status: 'acknowledged',
      }));
      await restCall('/incidents', 'put', '/incidents', { body: { incidents: tooMany }, expect: 413 });
      assert.equal(sim.incident(inc.id)?.status, 'triggered', 'a refused write changes nothing');

      const limited = await startPagerDutySimulator({ restRateLimit: { limit: 1, windowMs: 60_000 } });
      try {
        const first = await call(`${limited.apiUrl}/users`, { headers: headers() });
        assert.equal(first.status, 200);
        const res = await fetch(`${limited.apiUrl}/users`, { headers: headers() });
        assert.equal(res.status, 429);
        assert.equal(res.headers.get('ratelimit-remaining'), '0');
        assert.equal(check(rest.responseValidator('/users', 'get', 429), await res.json()), '');
        assert.equal(
          check(rest.responseValidator('/incidents', 'get', 429), { error: { message: 'x', code: 'not-a-number' } }) !==
            '',
          true,
        );
      } finally {
        await limited.close();
      }
    });

    it('the compiled schemas really constrain (a broken incident fails)', async () => {
      await enqueue(trigger('sanity-1'));
      const inc = sim.incident('sanity-1');
      assert.ok(inc);
      const good = await restCall('/incidents/{id}', 'get', `/incidents/${inc.id}`, { expect: 200 });
      const validator = rest.responseValidator('/incidents/{id}', 'get', 200);
      const incident = good['incident'] as Body;
      assert.notEqual(check(validator, { incident: { ...incident, status: 'open' } }), '');
      assert.notEqual(check(validator, { incident: { ...incident, created_at: 'yesterday' } }), '');
      assert.notEqual(check(validator, { incident: { ...incident, service: { id: 'P1' } } }), '');
      assert.notEqual(check(validator, {}), '');
    });
  });
});
