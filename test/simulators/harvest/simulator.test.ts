/**
 * Behaviour of the Harvest simulator the COSS suites rely on: Harvest's request rules, timers by duration and by
 * start/end time, stop/restart, lookup by external reference, 429 + Retry-After, 422 and faults.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import {
  HARVEST_ACCOUNT_ID,
  HARVEST_PROJECTS,
  HARVEST_TOKEN,
  HARVEST_USERS,
  startHarvestSimulator,
  type HarvestSimulator,
  type HarvestSimulatorOptions,
} from './index.ts';

const PROJECT = HARVEST_PROJECTS[0]!;
const TASK = PROJECT.tasks[0]!;
const ROMEL = HARVEST_USERS[1]!;
const START = Date.parse('2026-12-07T09:00:00Z');
const HEADERS = {
  Authorization: `Bearer ${HARVEST_TOKEN}`,
  'Harvest-Account-Id': String(HARVEST_ACCOUNT_ID),
  'User-Agent': 'COSS (noc@example.com)',
  'Content-Type': 'application/json',
};

let sim: HarvestSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function start(options: HarvestSimulatorOptions = {}): Promise<HarvestSimulator> {
  sim = await startHarvestSimulator({ startTime: START, ...options });
  return sim;
}

async function call(
  s: HarvestSimulator,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = HEADERS,
): Promise<{ status: number; headers: Headers; json: Record<string, unknown> }> {
  const res = await fetch(`${s.url}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, headers: res.headers, json: (await res.json()) as Record<string, unknown> };
}

const timer = (extra: Record<string, unknown> = {}) => ({
  user_id: ROMEL.id,
  project_id: PROJECT.id,
  task_id: TASK.id,
  spent_date: '2026-12-07',
  notes: 'coss_1-32962 DNS ELB failing',
  external_reference: { id: 'coss_1-32962', group_id: 'coss_1', permalink: 'https://coss.example.com/alerts/32962' },
  ...extra,
});

describe('Harvest simulator: request rules', () => {
  it('refuses a request without User-Agent (400), a bad token or account (401), and takes the query-string form', async () => {
    const s = await start();
    const { 'User-Agent': _ua, ...noAgent } = HEADERS;
    assert.equal((await call(s, 'GET', '/v2/time_entries', undefined, noAgent)).status, 400);
    assert.equal(
      (await call(s, 'GET', '/v2/time_entries', undefined, { ...HEADERS, 'User-Agent': 'COSS' })).status,
      400,
      'a User-Agent without a link or email is refused in strict mode',
    );
    assert.equal(
      (await call(s, 'GET', '/v2/time_entries', undefined, { ...HEADERS, Authorization: 'Bearer nope' })).status,
      401,
    );
    assert.equal(
      (await call(s, 'GET', '/v2/time_entries', undefined, { ...HEADERS, 'Harvest-Account-Id': '1' })).status,
      401,
    );
    const viaQuery = await call(
      s,
      'GET',
      `/v2/time_entries?access_token=${HARVEST_TOKEN}&account_id=${HARVEST_ACCOUNT_ID}`,
      undefined,
      { 'User-Agent': 'COSS (https://coss.example.com)' },
    );
    assert.equal(viaQuery.status, 200);
    assert.deepEqual(viaQuery.json['time_entries'], []);
  });

  it('answers 429 with Retry-After in seconds past the limit, and lets requests through once the window moves', async () => {
    const s = await start({ rateLimit: { limit: 2, windowMs: 15_000 } });
    assert.equal((await call(s, 'GET', '/v2/time_entries')).status, 200);
    assert.equal((await call(s, 'GET', '/v2/time_entries')).status, 200);
    const throttled = await call(s, 'GET', '/v2/time_entries');
    assert.equal(throttled.status, 429);
    assert.equal(throttled.headers.get('retry-after'), '15');
    s.advanceTime(15_001);
    assert.equal((await call(s, 'GET', '/v2/time_entries')).status, 200);
  });

  it('without a startTime, its clock follows the wall clock: the rate window slides on its own', async () => {
    sim = await startHarvestSimulator({ rateLimit: { limit: 1, windowMs: 300 } });
    const s = sim;
    assert.ok(Math.abs(s.now() - Date.now()) < 1_000);
    assert.equal((await call(s, 'GET', '/v2/time_entries')).status, 200);
    assert.equal((await call(s, 'GET', '/v2/time_entries')).status, 429);
    await new Promise((resolve) => setTimeout(resolve, 400));
    assert.equal((await call(s, 'GET', '/v2/time_entries')).status, 200);
    s.advanceTime(60_000);
    assert.ok(s.now() - Date.now() > 59_000);
  });

  it('answers 422 for a missing project, an unassigned task, an unknown user and per_page over 2000', async () => {
    const s = await start();
    assert.equal((await call(s, 'POST', '/v2/time_entries', timer({ project_id: undefined }))).status, 422);
    assert.equal((await call(s, 'POST', '/v2/time_entries', timer({ task_id: 1 }))).status, 422);
    assert.equal((await call(s, 'POST', '/v2/time_entries', timer({ user_id: 42 }))).status, 422);
    assert.equal((await call(s, 'POST', '/v2/time_entries', timer({ spent_date: 'today' }))).status, 422);
    assert.equal((await call(s, 'GET', '/v2/time_entries?per_page=2001')).status, 422);
    assert.equal(s.createdCount(), 0);
  });
});

describe('Harvest simulator: time entries by duration (wants_timestamp_timers false)', () => {
  it('starts a timer without hours, counts hours on the fake clock, stops and restarts it', async () => {
    const s = await start();
    assert.equal((await call(s, 'GET', '/v2/company')).json['wants_timestamp_timers'], false);
    const created = await call(s, 'POST', '/v2/time_entries', timer());
    assert.equal(created.status, 201);
    assert.equal(created.json['is_running'], true);
    assert.equal(created.json['hours'], 0);
    assert.equal(created.json['timer_started_at'], '2026-12-07T09:00:00.000Z');
    assert.deepEqual(created.json['external_reference'], {
      id: 'coss_1-32962',
      group_id: 'coss_1',
      account_id: null,
      permalink: 'https://coss.example.com/alerts/32962',
      service: 'coss.example.com',
      service_icon_url: null,
    });
    const id = created.json['id'] as number;
    s.advanceTime(90 * 60_000);
    assert.equal((await call(s, 'GET', `/v2/time_entries/${id}`)).json['hours'], 1.5);
    const stopped = await call(s, 'PATCH', `/v2/time_entries/${id}/stop`);
    assert.equal(stopped.status, 200);
    assert.equal(stopped.json['is_running'], false);
    assert.equal(stopped.json['timer_started_at'], null);
    assert.equal(stopped.json['hours'], 1.5);
    assert.equal((await call(s, 'PATCH', `/v2/time_entries/${id}/stop`)).status, 422, 'a stopped entry cannot stop');
    s.advanceTime(60 * 60_000);
    assert.equal((await call(s, 'GET', `/v2/time_entries/${id}`)).json['hours'], 1.5, 'stopped hours stay');
    const restarted = await call(s, 'PATCH', `/v2/time_entries/${id}/restart`);
    assert.equal(restarted.json['is_running'], true);
    assert.equal((await call(s, 'PATCH', `/v2/time_entries/${id}/restart`)).status, 422, 'a running one cannot');
    s.advanceTime(30 * 60_000);
    assert.equal((await call(s, 'PATCH', `/v2/time_entries/${id}/stop`)).json['hours'], 2);
  });

  it('creates a stopped entry when hours are sent, and refuses start/end times on a duration account', async () => {
    const s = await start();
    const logged = await call(s, 'POST', '/v2/time_entries', timer({ hours: 1.25 }));
    assert.equal(logged.status, 201);
    assert.equal(logged.json['is_running'], false);
    assert.equal(logged.json['hours'], 1.25);
    assert.equal((await call(s, 'POST', '/v2/time_entries', timer({ started_time: '8:00am' }))).status, 422);
  });

  it('lists by external_reference_id, user and is_running, without list-only-absent fields, paginated', async () => {
    const s = await start();
    await call(s, 'POST', '/v2/time_entries', timer());
    await call(s, 'POST', '/v2/time_entries', timer({ user_id: HARVEST_USERS[2]!.id, hours: 1 }));
    await call(s, 'POST', '/v2/time_entries', timer({ external_reference: { id: 'coss_1-1' } }));
    const byRef = await call(s, 'GET', '/v2/time_entries?external_reference_id=coss_1-32962');
    assert.equal(byRef.json['total_entries'], 2);
    const entries = byRef.json['time_entries'] as Record<string, unknown>[];
    assert.ok(entries.every((e) => !('user_assignment' in e) && !('invoice' in e)));
    const running = await call(
      s,
      'GET',
      `/v2/time_entries?external_reference_id=coss_1-32962&user_id=${ROMEL.id}&is_running=true`,
    );
    assert.equal(running.json['total_entries'], 1);
    const paged = await call(s, 'GET', '/v2/time_entries?per_page=2&page=1');
    assert.equal(paged.json['total_pages'], 2);
    assert.equal(paged.json['next_page'], 2);
    assert.equal((paged.json['time_entries'] as unknown[]).length, 2);
  });
});

describe('Harvest simulator: start and end times (wants_timestamp_timers true)', () => {
  it('runs without ended_time, stops at the clock, and refuses hours', async () => {
    const s = await start({ wantsTimestampTimers: true });
    assert.equal((await call(s, 'GET', '/v2/company')).json['wants_timestamp_timers'], true);
    assert.equal((await call(s, 'POST', '/v2/time_entries', timer({ hours: 1 }))).status, 422);
    const running = await call(s, 'POST', '/v2/time_entries', timer());
    assert.equal(running.json['is_running'], true);
    assert.equal(running.json['started_time'], '9:00am');
    s.advanceTime(45 * 60_000);
    const stopped = await call(s, 'PATCH', `/v2/time_entries/${String(running.json['id'])}/stop`);
    assert.equal(stopped.json['ended_time'], '9:45am');
    assert.equal(stopped.json['hours'], 0.75);
    const logged = await call(s, 'POST', '/v2/time_entries', timer({ started_time: '1:00pm', ended_time: '2:30pm' }));
    assert.equal(logged.json['is_running'], false);
    assert.equal(logged.json['hours'], 1.5);
  });
});

describe('Harvest simulator: faults', () => {
  it('before: nothing applied; after: the entry exists though the answer was lost; seeded and logged', async () => {
    const s = await start({ faults: { rate: 1, kinds: ['500'], phase: 'before', methods: ['POST'] } });
    assert.equal((await call(s, 'POST', '/v2/time_entries', timer())).status, 500);
    assert.equal(s.createdCount(), 0);
    assert.equal((await call(s, 'GET', '/v2/time_entries')).status, 200, 'GET is not targeted');
    s.setFaults({ rate: 1, kinds: ['reset'], phase: 'after', methods: ['POST'] });
    await assert.rejects(call(s, 'POST', '/v2/time_entries', timer()));
    assert.equal(s.createdCount(), 1);
    assert.equal(s.timeEntries()[0]?.isRunning, true);
    assert.deepEqual(
      s.faultLog().map((f) => [f.kind, f.phase]),
      [
        ['500', 'before'],
        ['reset', 'after'],
      ],
      'the log keeps every fault across set()',
    );
    s.setFaults({ rate: 1, kinds: ['429'], methods: ['PATCH'] });
    const throttled = await call(s, 'PATCH', `/v2/time_entries/${s.timeEntries()[0]!.id}/stop`);
    assert.equal(throttled.status, 429);
    assert.equal(throttled.headers.get('retry-after'), '1');
    assert.equal(s.timeEntries()[0]?.isRunning, true);
  });

  it('gives the same faults for the same seed and request order', async () => {
    const s = await start();
    const fates = async () => {
      s.setFaults({ rate: 0.5, kinds: ['500', '503'], seed: 7 });
      const out: number[] = [];
      for (let i = 0; i < 8; i += 1) out.push((await call(s, 'GET', '/v2/time_entries')).status);
      return out;
    };
    const first = await fates();
    assert.deepEqual(await fates(), first);
    assert.ok(first.some((x) => x !== 200) && first.some((x) => x === 200));
  });
});
