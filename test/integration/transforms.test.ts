/**
 * Transforms through HTTP, on PGlite and PostgreSQL: order and versions, each action at ingest (suppress, severity,
 * summary, event class before note rules, notes after the rules', auto-page, card request), clears that still clear,
 * a suppressed alert that is not pageable unless forced, auto-page once per alert and never under maintenance, a
 * pathological summary pattern that ingests fast, and tenancy on every route.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../support/databases.ts';
import { startTestServer, type TestResponse, type TestServer } from '../support/server.ts';
import { upsertTarget } from '../../server/paging/targets.ts';
import type { Alert } from '../../shared/alert.ts';
import type { Transform, TransformVersion } from '../../shared/transforms.ts';
import type { RoomMessage } from '../../shared/room.ts';

let keys = 0;
const idem = () => ({ 'idempotency-key': `transforms-${process.pid}-${keys++}` });
const show = (response: TestResponse) => `${response.status} ${JSON.stringify(response.body).slice(0, 600)}`;

/** A Zenoss event as the Zenoss push sends it. */
const zenossEvent = (device: string, extra: Record<string, unknown> = {}) => ({
  evid: `evid-${device}-${keys++}`,
  device: { text: device, uid: `/zport/dmd/Devices/Server/Linux/devices/${device}` },
  component: { text: 'eth0', uid: `/zport/dmd/Devices/Server/Linux/devices/${device}/os/interfaces/eth0` },
  eventClass: { text: '/Status/Ping', uid: '/zport/dmd/Events/Status/Ping' },
  eventKey: '',
  severity: 5,
  summary: `${device} is DOWN!`,
  count: 1,
  firstTime: Math.floor(Date.now() / 1000) - 60,
  lastTime: Math.floor(Date.now() / 1000),
  prodState: 'Production',
  eventState: 'New',
  ...extra,
});

for (const kind of await databaseKinds()) {
  describe(`transforms on ${kind}`, () => {
    let t: TestServer;
    before(async () => {
      t = await startTestServer(kind, { maintenanceCheckMs: 0 });
      const db = t.server.context.db;
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
    });
    after(() => t.close());

    const base = (slug = 'acme') => `/api/v1/customers/${slug}/transforms`;
    const make = async (body: Record<string, unknown>, slug = 'acme') => {
      const response = await t.request('POST', base(slug), t.tokens.noc, body, idem());
      assert.equal(response.status, 201, show(response));
      return (response.body as { transform: Transform }).transform;
    };
    const remove = async (id: number, slug = 'acme') => {
      const response = await t.request(
        'DELETE',
        `${base(slug)}/${id}?why=test%20done`,
        t.tokens.noc,
        undefined,
        idem(),
      );
      assert.equal(response.status, 200, show(response));
    };
    const zenoss = async (...events: unknown[]) => {
      const response = await t.request('POST', '/api/v1/alerts/zenoss', t.keys.acme, events);
      assert.equal(response.status, 200, show(response));
      return (response.body as { alerts: Array<{ number: number; result: string }> }).alerts;
    };
    const alert = async (number: number) => {
      const response = await t.request('GET', `/api/v1/alerts/${number}`, t.tokens.noc);
      assert.equal(response.status, 200, show(response));
      return (response.body as { alert: Alert }).alert;
    };
    const say = (body: string, extra: Record<string, unknown> = {}) =>
      t.request('POST', '/api/v1/rooms/acme/messages', t.tokens.noc, { body, ...extra }, idem());
    const pagesAbout = async (number: number) =>
      (
        await t.server.context.db.query<{ requested_by: string; priority: string }>(
          'SELECT p.requested_by, p.priority FROM pages p JOIN alerts a ON a.id = p.alert_id WHERE a.number = $1',
          [number],
        )
      ).rows;
    const roomLines = async () => {
      const response = await t.request('GET', '/api/v1/rooms/acme/messages?limit=50', t.tokens.noc);
      return (response.body as { messages: RoomMessage[] }).messages.map((message) => message.body);
    };

    test('a change is versioned with who and why, said in the room, and listed in position order', async () => {
      const later = await make({
        name: 'b',
        position: 20,
        match: { device: 'nothing-*' },
        actions: [{ type: 'suppress' }],
        why: 'first',
      });
      const earlier = await make({
        name: 'a',
        position: 10,
        match: { device: 'nothing-*' },
        actions: [{ type: 'post-card' }],
      });
      const listed = await t.request('GET', base(), t.tokens.fred);
      assert.equal(listed.status, 200, show(listed));
      assert.deepEqual(
        (listed.body as { transforms: Transform[] }).transforms.map((transform) => transform.id),
        [earlier.id, later.id],
      );
      const patched = await t.request(
        'PATCH',
        `${base()}/${later.id}`,
        t.tokens.noc,
        { enabled: false, why: 'too broad' },
        idem(),
      );
      assert.equal(patched.status, 200, show(patched));
      assert.equal((patched.body as { transform: Transform }).transform.version, 2);
      const versions = await t.request('GET', `${base()}/${later.id}/versions`, t.tokens.fred);
      assert.deepEqual(
        (versions.body as { versions: TransformVersion[] }).versions.map((v) => [
          v.version,
          v.kind,
          v.by,
          v.why,
          v.enabled,
        ]),
        [
          [1, 'created', 'NOC', 'first', true],
          [2, 'disabled', 'NOC', 'too broad', false],
        ],
      );
      const lines = await roomLines();
      assert.ok(
        lines.includes(`NOC made transform #${later.id} "b" (suppress, where device is nothing-*): first`),
        lines.join('\n'),
      );
      assert.ok(lines.includes(`NOC disabled transform #${later.id} "b": too broad`), lines.join('\n'));
      await remove(later.id);
      await remove(earlier.id);
      const gone = await t.request('GET', `${base()}/${later.id}`, t.tokens.noc);
      assert.equal(gone.status, 404, show(gone));
    });

    test('each action at ingest; the event class is rewritten before note rules, notes follow the rules’', async () => {
      const rule = await t.request('POST', '/api/v1/customers/acme/note-rules', t.tokens.noc, {
        name: 'lab runbook',
        match: { eventClass: '/Lab' },
        tierNotes: 'Rule: check the lab switch',
      });
      assert.equal(rule.status, 201, show(rule));
      const rewrite = await make({
        name: 'lab pings',
        position: 1,
        match: { device: 'lab*', eventClass: '/Status/Ping' },
        actions: [
          { type: 'set-event-class', eventClass: '/Lab/Ping' },
          { type: 'set-severity', severity: 'warning' },
          { type: 'set-summary', template: '[lab] {summary} on {component}' },
          { type: 'attach-notes', tierNotes: 'Transform: lab is not production', deviceNotes: 'Ask Bob' },
        ],
      });
      // Runs after the first, on what it left: the rewritten event class and severity.
      const suppress = await make({
        name: 'quiet lab',
        position: 2,
        match: { eventClass: '/Lab', severity: { max: 'warning' } },
        actions: [{ type: 'suppress' }],
      });
      const [lab, prod] = await zenoss(zenossEvent('lab7.acme.com'), zenossEvent('web1.acme.com'));
      assert.ok(lab && prod);
      const labAlert = await alert(lab.number);
      assert.equal(labAlert.eventClass, '/Lab/Ping');
      assert.equal(labAlert.severity, 'warning');
      assert.equal(labAlert.summary, '[lab] lab7.acme.com is DOWN! on eth0');
      assert.equal(labAlert.notes.tier, 'Rule: check the lab switch\n\nTransform: lab is not production');
      assert.equal(labAlert.notes.device, 'Ask Bob');
      assert.equal(labAlert.suppressedBy, suppress.id);
      const family = await t.server.context.db.query<{ family: string }>(
        'SELECT family FROM alerts WHERE number = $1',
        [lab.number],
      );
      assert.equal(
        family.rows[0]?.family,
        'event|/Lab/Ping|eth0|lab#.acme.com',
        'the noise report counts it as rewritten',
      );
      const prodAlert = await alert(prod.number);
      assert.equal(prodAlert.suppressedBy, null);
      assert.equal(prodAlert.severity, 'critical');

      // A repeat stays one alert; the clear Zenoss sends for the original class and severity still resolves it.
      const [repeat] = await zenoss(zenossEvent('lab7.acme.com'));
      assert.equal(repeat?.number, lab.number);
      const [clear] = await zenoss(zenossEvent('lab7.acme.com', { severity: 0, summary: 'lab7.acme.com is UP!' }));
      assert.equal(clear?.result, 'resolved');
      assert.equal((await alert(lab.number)).status, 'resolved');

      // A disabled transform runs no more.
      await t.request('PATCH', `${base()}/${suppress.id}`, t.tokens.noc, { enabled: false }, idem());
      const [again] = await zenoss(zenossEvent('lab7.acme.com'));
      assert.equal((await alert(again?.number ?? 0)).suppressedBy, null);
      await remove(rewrite.id);
      await remove(suppress.id);
      await zenoss(zenossEvent('lab7.acme.com', { severity: 0 }), zenossEvent('web1.acme.com', { severity: 0 }));
    });

    test('a suppressed alert is not pageable: 409 naming the transform, and --force pages it', async () => {
      const suppress = await make({ name: 'noisy ntp', match: { device: 'ntp*' }, actions: [{ type: 'suppress' }] });
      const [event] = await zenoss(zenossEvent('ntp1.acme.com'));
      const number = event?.number ?? 0;
      const refused = await say(`.oncall [casc/int/systems, ${number}] ntp down`);
      assert.equal(refused.status, 409, show(refused));
      const error = (
        refused.body as { error: { code: string; message: string; transform: { id: number; name: string } } }
      ).error;
      assert.equal(error.code, 'suppressed_by_transform');
      assert.deepEqual(error.transform, { id: suppress.id, name: 'noisy ntp' });
      assert.match(error.message, new RegExp(`suppressed by transform #${suppress.id} \\("noisy ntp"\\).*--force`));
      assert.equal((await pagesAbout(number)).length, 0);
      const forced = await say(`.oncall [casc/int/systems, ${number}] --force ntp really down`);
      assert.equal(forced.status, 201, show(forced));
      assert.equal((await pagesAbout(number)).length, 1);
      assert.ok(
        (await roomLines()).some((line) => line.startsWith('NOC, you forced a page to casc/int/systems although')),
      );
      await remove(suppress.id);
      await zenoss(zenossEvent('ntp1.acme.com', { severity: 0 }));
    });

    test('auto-page pages once per alert, never a suppressed one, and not under maintenance (said in the room)', async () => {
      const paging = await make({
        name: 'page db',
        position: 1,
        match: { device: 'db*' },
        actions: [{ type: 'auto-page', target: 'acme/oncall', priority: 'urgent' }],
      });
      const [first] = await zenoss(zenossEvent('db1.acme.com'));
      const number = first?.number ?? 0;
      await zenoss(zenossEvent('db1.acme.com'), zenossEvent('db1.acme.com'));
      assert.deepEqual(await pagesAbout(number), [{ requested_by: `Transform #${paging.id}`, priority: 'urgent' }]);
      assert.ok(
        (await roomLines()).includes(
          `Transform #${paging.id} is paging Acme on call (urgent) about event ${number}: db1.acme.com is DOWN!`,
        ),
      );

      const quiet = await make({
        name: 'quiet db9',
        position: 0,
        match: { device: 'db9*' },
        actions: [{ type: 'suppress' }],
      });
      const [suppressed] = await zenoss(zenossEvent('db9.acme.com'));
      assert.deepEqual(await pagesAbout(suppressed?.number ?? 0), []);

      const window = await t.request(
        'POST',
        '/api/v1/customers/acme/maintenance',
        t.tokens.noc,
        {
          scope: { devices: ['db2*'] },
          duration: '1h',
          reason: 'db upgrade',
        },
        idem(),
      );
      assert.equal(window.status, 201, show(window));
      const [held] = await zenoss(zenossEvent('db2.acme.com'));
      assert.deepEqual(await pagesAbout(held?.number ?? 0), []);
      const line = (await roomLines()).find((text) => text.includes(`about event ${held?.number}`));
      assert.match(
        line ?? '',
        new RegExp(
          `^Transform #${paging.id} would page acme/oncall about event \\d+, but it is under maintenance window #\\d+ \\("db upgrade", until .*\\); I have not paged`,
        ),
      );
      // Nor a device in Zenoss's Test state, which Acme does not page (as .oncall holds it).
      const [test] = await zenoss(zenossEvent('db5.acme.com', { prodState: 'Test' }));
      assert.deepEqual(await pagesAbout(test?.number ?? 0), []);
      assert.ok(
        (await roomLines()).includes(
          `Transform #${paging.id} would page acme/oncall about event ${test?.number}, but Zenoss has db5.acme.com in production state Test and Acme does not page those; I have not paged.`,
        ),
      );
      await remove(paging.id);
      await remove(quiet.id);
    });

    test('a pathological summary pattern ingests fast', async () => {
      const pathological = await make({
        name: 'backtracker',
        match: { summary: '(a+)+b' },
        actions: [{ type: 'suppress' }],
      });
      const started = performance.now();
      const [event] = await zenoss(zenossEvent('regex1.acme.com', { summary: 'a'.repeat(20_000) }));
      const took = performance.now() - started;
      assert.ok(took < 2000, `ingest took ${took} ms`);
      assert.equal((await alert(event?.number ?? 0)).suppressedBy, null);
      await remove(pathological.id);
    });

    test('bad input names the field; tenancy and the role table on every route', async () => {
      const bad = await t.request('POST', base(), t.tokens.noc, {
        name: 'x',
        match: { summary: '(a' },
        actions: [{ type: 'suppress' }],
      });
      assert.equal(bad.status, 400, show(bad));
      assert.match(JSON.stringify(bad.body), /match\.summary/);
      const empty = await t.request('POST', base(), t.tokens.noc, {
        name: 'x',
        match: {},
        actions: [{ type: 'suppress' }],
      });
      assert.equal(empty.status, 400, show(empty));
      const patchMe = await make({ name: 'patch me', match: { device: 'patch-*' }, actions: [{ type: 'suppress' }] });
      const nothing = await t.request('PATCH', `${base()}/${patchMe.id}`, t.tokens.noc, { why: 'just because' });
      assert.equal(nothing.status, 400, show(nothing));
      assert.match(JSON.stringify(nothing.body), /nothing to change/);
      await remove(patchMe.id);
      const unknown = await t.request('POST', base(), t.tokens.noc, {
        name: 'x',
        match: { device: 'a' },
        actions: [{ type: 'auto-page', target: 'nobody/oncall' }],
      });
      assert.equal(unknown.status, 400, show(unknown));
      assert.match(JSON.stringify(unknown.body), /actions\[0\]\.target/);

      const own = await make({ name: 'tenancy', match: { device: 'tenant*' }, actions: [{ type: 'suppress' }] });
      const body = { name: 'y', match: { device: 'a' }, actions: [{ type: 'suppress' }] };
      const routes: Array<[string, string, unknown]> = [
        ['GET', base(), undefined],
        ['POST', base(), body],
        ['POST', `${base()}/preview`, { ...body, days: 7 }],
        ['GET', `${base()}/${own.id}`, undefined],
        ['GET', `${base()}/${own.id}/versions`, undefined],
        ['PATCH', `${base()}/${own.id}`, { enabled: false }],
        ['DELETE', `${base()}/${own.id}`, undefined],
      ];
      for (const [method, path, payload] of routes) {
        const foreign = await t.request(method, path, t.tokens.wile, payload);
        assert.equal(foreign.status, 404, `${method} ${path} as another customer: ${show(foreign)}`);
        const anonymous = await t.request(method, path, null, payload);
        assert.equal(anonymous.status, 401, `${method} ${path} without a token: ${show(anonymous)}`);
      }
      for (const [method, path, payload] of routes) {
        const customer = await t.request(method, path, t.tokens.fred, payload);
        if (method === 'GET' || path.endsWith('/preview')) {
          assert.equal(customer.status, 200, `${method} ${path} as the customer: ${show(customer)}`);
        } else {
          assert.equal(customer.status, 403, `${method} ${path} as the customer: ${show(customer)}`);
          assert.match(JSON.stringify(customer.body), /transforms\.manage/);
        }
      }
      // Another customer's transform through this customer's path is not found.
      const globexOwn = await make(
        { name: 'globex', match: { device: 'g*' }, actions: [{ type: 'suppress' }] },
        'globex',
      );
      const crossed = await t.request('GET', `${base()}/${globexOwn.id}`, t.tokens.noc);
      assert.equal(crossed.status, 404, show(crossed));

      // Global transforms: staff read, only admins change.
      const globalBody = { name: 'global', match: { device: 'never-*' }, actions: [{ type: 'suppress' }] };
      const byOperator = await t.request('POST', '/api/v1/transforms', t.tokens.noc, globalBody);
      assert.equal(byOperator.status, 403, show(byOperator));
      assert.match(JSON.stringify(byOperator.body), /transforms\.manage-global/);
      assert.equal((await t.request('GET', '/api/v1/transforms', t.tokens.fred)).status, 403);
      const byAdmin = await t.request('POST', '/api/v1/transforms', t.tokens.admin, globalBody, idem());
      assert.equal(byAdmin.status, 201, show(byAdmin));
      const global = (byAdmin.body as { transform: Transform }).transform;
      assert.equal(global.customer, null);
      assert.equal((await t.request('GET', `${base()}/${global.id}`, t.tokens.noc)).status, 404);
      const listed = await t.request('GET', '/api/v1/transforms', t.tokens.noc);
      assert.deepEqual(
        (listed.body as { transforms: Transform[] }).transforms.map((x) => x.id),
        [global.id],
      );
      const removed = await t.request('DELETE', `/api/v1/transforms/${global.id}`, t.tokens.admin, undefined, idem());
      assert.equal(removed.status, 200, show(removed));
      await remove(own.id);
      await remove(globexOwn.id, 'globex');
    });

    test('a global transform runs before the customer’s own', async () => {
      const global = await t.request(
        'POST',
        '/api/v1/transforms',
        t.tokens.admin,
        {
          name: 'global lab',
          position: 50,
          match: { device: 'order*' },
          actions: [{ type: 'set-severity', severity: 'info' }],
        },
        idem(),
      );
      assert.equal(global.status, 201, show(global));
      const own = await make({
        name: 'own',
        position: 0,
        match: { device: 'order*', severity: { max: 'info' } },
        actions: [{ type: 'suppress' }],
      });
      const [event] = await zenoss(zenossEvent('order1.acme.com'));
      const stored = await alert(event?.number ?? 0);
      assert.equal(stored.severity, 'info');
      assert.equal(stored.suppressedBy, own.id);
      await t.request(
        'DELETE',
        `/api/v1/transforms/${(global.body as { transform: Transform }).transform.id}`,
        t.tokens.admin,
        undefined,
        idem(),
      );
      await remove(own.id);
    });
  });
}
