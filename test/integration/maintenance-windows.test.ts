/**
 * Maintenance windows through HTTP, on PGlite and PostgreSQL: a window marks and holds back pages for the alerts it
 * covers and no others (device globs, Alertmanager label matchers), a forced page goes through and is audited, the
 * end clears the mark with an event the console re-notifies from, a weekly window follows its local hours across a
 * daylight-saving change, Zenoss production states from real event shapes, bad input, and tenancy.
 *
 * Long on purpose: one set-up per database for a feature's whole behaviour through its public surface.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../support/databases.ts';
import { startTestServer, type TestResponse, type TestServer } from '../support/server.ts';
import { upsertTarget } from '../../server/paging/targets.ts';
import { announceOccurrence, WindowEvaluator } from '../../server/maintenance/window-evaluator.ts';
import { openWindowRows } from '../../server/maintenance/window-rows.ts';
import type { Alert } from '../../shared/alert.ts';
import type { MaintenanceWindow } from '../../shared/maintenance.ts';
import { formatRoomTime } from '../../server/rooms/bot-lines.ts';

let keys = 0;
const idem = () => ({ 'idempotency-key': `maint-${process.pid}-${keys++}` });
const show = (response: TestResponse) => `${response.status} ${JSON.stringify(response.body).slice(0, 600)}`;

/** A real Zenoss EventsRouter event (query result row), as the Zenoss push sends it. */
const zenossEvent = (device: string, extra: Record<string, unknown> = {}) => ({
  evid: `0050568c-${device}-${keys++}`,
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
  DeviceGroups: [{ name: '/Customers/Acme/Web', uid: '/zport/dmd/Groups/Customers/Acme/Web' }],
  Systems: [{ name: '/Acme/Production', uid: '/zport/dmd/Systems/Acme/Production' }],
  ...extra,
});

for (const kind of await databaseKinds()) {
  describe(`maintenance windows on ${kind}`, () => {
    let t: TestServer;
    before(async () => {
      // The node's own evaluator is off: the tests run one on a clock they move.
      t = await startTestServer(kind, { maintenanceCheckMs: 0 });
      await upsertTarget(t.server.context.db, {
        path: 'casc/int/systems',
        name: 'COSS oncall macro – Systems',
        routingKey: 'R'.repeat(32),
        serviceId: 'PSYS001',
      });
    });
    after(() => t.close());

    const zenoss = async (...events: unknown[]) => {
      const response = await t.request('POST', '/api/v1/alerts/zenoss', t.keys.acme, events);
      assert.equal(response.status, 200, show(response));
      return (response.body as { alerts: Array<{ number: number }> }).alerts.map((alert) => alert.number);
    };
    const alert = async (number: number) => {
      const response = await t.request('GET', `/api/v1/alerts/${number}`, t.tokens.noc);
      assert.equal(response.status, 200, show(response));
      return (response.body as { alert: Alert }).alert;
    };
    const makeWindow = async (body: unknown, token = t.tokens.noc, slug = 'acme') =>
      t.request('POST', `/api/v1/customers/${slug}/maintenance`, token, body, idem());
    const made = async (body: unknown) => {
      const response = await makeWindow(body);
      assert.equal(response.status, 201, show(response));
      return (response.body as { window: MaintenanceWindow }).window;
    };
    const end = (id: number, token = t.tokens.noc, slug = 'acme') =>
      t.request('DELETE', `/api/v1/customers/${slug}/maintenance/${id}`, token, undefined, idem());
    const say = (body: string, extra: Record<string, unknown> = {}) =>
      t.request('POST', '/api/v1/rooms/acme/messages', t.tokens.noc, { body, ...extra }, idem());
    const pagesAbout = async (number: number) =>
      (
        await t.server.context.db.query<{ id: number }>(
          'SELECT p.id FROM pages p JOIN alerts a ON a.id = p.alert_id WHERE a.number = $1',
          [number],
        )
      ).rows.length;
    const lastEvent = async (number: number) =>
      (
        await t.server.context.db.query<{ type: string; payload: Alert }>(
          `SELECT e.type, e.payload FROM events e JOIN alerts a ON a.id = e.alert_id
           WHERE a.number = $1 ORDER BY e.seq DESC LIMIT 1`,
          [number],
        )
      ).rows[0];
    const roomLines = async () =>
      (
        await t.server.context.db.query<{ body: string }>(
          `SELECT body FROM room_messages WHERE customer_id = $1 AND kind = 'bot' ORDER BY id`,
          [t.customers.acme.id],
        )
      ).rows.map((row) => row.body);
    const evaluatorAt = (clock: { now: Date }) =>
      new WindowEvaluator({
        db: t.server.context.db,
        log: t.server.context.log,
        customers: t.server.context.customers,
        intervalMs: 0,
        onCommitted: (seq) => t.server.context.hub.wake(seq),
        now: () => clock.now,
      });

    test('a device-glob window marks and holds pages for its devices only; a forced page goes and is audited', async () => {
      const window = await made({ scope: { devices: ['db*.acme.com'] }, duration: '2h', reason: 'kernel patching' });
      assert.equal(window.state, 'active');
      const [covered, other] = await zenoss(zenossEvent('db1.acme.com'), zenossEvent('web1.acme.com'));
      assert.ok(covered && other);

      const mark = (await alert(covered)).maintenance;
      assert.equal(mark?.windowId, window.id);
      assert.equal(mark?.source, 'window');
      assert.equal(mark?.reason, 'kernel patching');
      assert.equal(mark?.until, window.activeUntil);
      // Not covered: the field is there, and null.
      const plain = await t.request('GET', `/api/v1/alerts/${other}`, t.tokens.noc);
      assert.ok(JSON.stringify(plain.body).includes('"maintenance":null'), show(plain));

      const refused = await say(`.oncall [casc/int/systems, ${covered}] db1 down`);
      assert.equal(refused.status, 409, show(refused));
      const error = (refused.body as { error: { code: string; message: string; windows: Array<{ id: number }> } })
        .error;
      assert.equal(error.code, 'under_maintenance');
      assert.deepEqual(
        error.windows.map((w) => w.id),
        [window.id],
      );
      assert.match(error.message, new RegExp(`maintenance window #${window.id} \\("kernel patching", until 20`));
      assert.match(error.message, /PST|PDT/, "the end in the customer's time zone");
      assert.match(error.message, /--force/);
      assert.equal(await pagesAbout(covered), 0);

      const paged = await say(`.oncall [casc/int/systems, ${other}] web1 down`);
      assert.equal(paged.status, 201, show(paged));
      assert.equal(await pagesAbout(other), 1);

      const forced = await say(`.oncall [casc/int/systems, ${covered}] --force the patch broke it`);
      assert.equal(forced.status, 201, show(forced));
      assert.equal(await pagesAbout(covered), 1);
      const message = (
        await t.server.context.db.query<{ message: string }>(
          'SELECT p.message FROM pages p JOIN alerts a ON a.id = p.alert_id WHERE a.number = $1',
          [covered],
        )
      ).rows[0]?.message;
      assert.equal(message, 'the patch broke it', 'the --force word is not part of the message');

      // REST's flag does what the word does.
      const second = await made({ scope: { devices: ['db2.acme.com'] }, duration: '1h', reason: 'disk swap' });
      const [db2] = await zenoss(zenossEvent('db2.acme.com'));
      assert.ok(db2);
      assert.equal((await say(`.urgent [casc/int/systems, ${db2}]`)).status, 409);
      assert.equal((await say(`.urgent [casc/int/systems, ${db2}]`, { force: true })).status, 201);

      const audit = await t.request(
        'GET',
        `/api/v1/rooms/acme/audit?from=${new Date(Date.now() - 3_600_000).toISOString()}&to=${new Date(Date.now() + 60_000).toISOString()}`,
        t.tokens.noc,
      );
      const entries = JSON.stringify(audit.body);
      // One name: the reply says whom it answers, the line does not say it again.
      assert.match(
        entries,
        /NOC, you forced a page to casc\/int\/systems although event \d+ is under maintenance window #/,
      );
      assert.match(entries, /NOC made maintenance window #\d+ for devices db\*\.acme\.com/);
      assert.ok(entries.includes(`maintenance window #${second.id}`));
      for (const id of [window.id, second.id]) assert.equal((await end(id)).status, 200);
    });

    test('a label-matcher window covers the Alertmanager alerts it selects', async () => {
      const window = await made({
        scope: { matchers: '{job="node", instance=~"db[0-9]+:9100", env!="dev"}' },
        duration: '30m',
        reason: 'node exporter upgrade',
      });
      const post = await t.request('POST', '/api/v2/alerts', t.keys.acme, [
        { labels: { alertname: 'NodeDown', job: 'node', instance: 'db7:9100' }, annotations: { summary: 'down' } },
        { labels: { alertname: 'NodeDown', job: 'node', instance: 'db8:9100', env: 'dev' }, annotations: {} },
        { labels: { alertname: 'NodeDown', job: 'node', instance: 'web1:9100' }, annotations: {} },
        { labels: { alertname: 'ProbeFailed', job: 'blackbox', instance: 'db7:9100' }, annotations: {} },
      ]);
      assert.equal(post.status, 200, show(post));
      const numbers = (post.body as { alerts: Array<{ number: number }> }).alerts.map((a) => a.number);
      const marks = await Promise.all(
        numbers.map(async (number) => (await alert(number)).maintenance?.windowId ?? null),
      );
      assert.deepEqual(marks, [window.id, null, null, null]);
      assert.equal((await end(window.id)).status, 200);
    });

    test('making a window marks open alerts at once; ending it clears them with an alert.updated event', async () => {
      const [number] = await zenoss(zenossEvent('app3.acme.com'));
      assert.ok(number);
      assert.equal((await alert(number)).maintenance, null);
      const window = await made({
        scope: { systems: ['/Acme/Production'], devices: ['app*'] },
        duration: '1h',
        reason: 'deploy',
      });
      assert.equal((await alert(number)).maintenance?.windowId, window.id);
      const marked = await lastEvent(number);
      assert.equal(marked?.type, 'alert.updated');
      assert.equal(marked?.payload.maintenance?.windowId, window.id);

      const ended = await end(window.id);
      assert.equal(ended.status, 200, show(ended));
      assert.equal((ended.body as { window: MaintenanceWindow }).window.state, 'ended');
      assert.equal((await alert(number)).maintenance, null);
      const cleared = await lastEvent(number);
      assert.equal(cleared?.type, 'alert.updated');
      assert.equal(cleared?.payload.maintenance, null, 'the stream says the mark is gone, so the console re-notifies');
      assert.match(
        (await roomLines()).at(-1) ?? '',
        new RegExp(`window #${window.id} \\("deploy"\\) was ended by NOC`),
      );
      // The timeline says what the marks mean, in the customer's time: neither is a repeat of the alert.
      const detail = (await t.request('GET', `/api/v1/alerts/${number}`, t.tokens.noc)).body as {
        history: Array<{ kind: string; text: string }>;
      };
      assert.deepEqual(
        detail.history.filter((entry) => entry.kind === 'alert.updated').map((entry) => entry.text),
        [
          `Under maintenance window #${window.id} (“deploy”, until ${formatRoomTime(new Date(window.activeUntil ?? ''), 'America/Los_Angeles')})`,
          `Maintenance window #${window.id} ended: normal again`,
        ],
      );
      assert.equal((await end(window.id)).status, 409, 'ending twice');
      const extend = await t.request(
        'PATCH',
        `/api/v1/customers/acme/maintenance/${window.id}`,
        t.tokens.noc,
        { extendBy: '1h' },
        idem(),
      );
      assert.equal(extend.status, 409, show(extend));
    });

    test('ending a window says which of its alerts an overlapping window still holds', async () => {
      const [both, one] = await zenoss(zenossEvent('ovl1.acme.com'), zenossEvent('ovl2.acme.com'));
      assert.ok(both && one);
      const wide = await made({ scope: { devices: ['ovl*.acme.com'] }, duration: '1h', reason: 'rack move' });
      const narrow = await made({ scope: { devices: ['ovl1.acme.com'] }, duration: '3h', reason: 'disk swap' });
      assert.equal((await end(wide.id)).status, 200);
      assert.equal(
        (await roomLines()).at(-1),
        `Maintenance window #${wide.id} ("rack move") was ended by NOC: alerts it covered notify and page again, ` +
          `except 1 still under window #${narrow.id}.`,
      );
      assert.equal((await alert(both)).maintenance?.windowId, narrow.id);
      assert.equal((await alert(one)).maintenance, null);
      assert.equal((await end(narrow.id)).status, 200);
      assert.match((await roomLines()).at(-1) ?? '', /: alerts it covered notify and page again\.$/);
    });

    test('the evaluator starts and ends a scheduled window on its clock, saying so once each', async () => {
      const [number] = await zenoss(zenossEvent('sched1.acme.com'));
      assert.ok(number);
      const start = new Date(Date.now() + 3_600_000);
      const window = await made({
        scope: { devices: ['sched1.acme.com'] },
        startsAt: start.toISOString(),
        duration: '1h',
        reason: 'router swap',
      });
      assert.equal(window.state, 'scheduled');
      assert.equal(window.nextStart, start.toISOString());
      assert.equal((await alert(number)).maintenance, null);

      const clock = { now: new Date(start.getTime() + 60_000) };
      const evaluator = evaluatorAt(clock);
      const first = await evaluator.evaluateOnce();
      assert.ok(first.ran);
      assert.equal((await alert(number)).maintenance?.windowId, window.id);
      const started = (await roomLines()).filter((line) => line.includes(`#${window.id} ("router swap") has started`));
      assert.equal(started.length, 1);
      await evaluator.evaluateOnce();
      assert.equal(
        (await roomLines()).filter((line) => line.includes(`#${window.id} ("router swap") has started`)).length,
        1,
        'said once',
      );

      // Extended while active: the mark's end follows.
      const extended = await t.request(
        'PATCH',
        `/api/v1/customers/acme/maintenance/${window.id}`,
        t.tokens.noc,
        { extendBy: '30m' },
        idem(),
      );
      assert.equal(extended.status, 200, show(extended));
      assert.match(
        (await roomLines()).at(-1) ?? '',
        new RegExp(`NOC moved the end of maintenance window #${window.id}`),
      );

      clock.now = new Date(start.getTime() + 91 * 60_000);
      await evaluator.evaluateOnce();
      assert.equal((await alert(number)).maintenance, null);
      assert.equal((await lastEvent(number))?.payload.maintenance, null);
      const ends = (await roomLines()).filter((line) => line.includes(`#${window.id} ("router swap") has ended`));
      assert.equal(ends.length, 1);
      await evaluator.stop();
    });

    test('an evaluator that read a window just before someone ended it does not then say it started', async () => {
      const start = new Date(Date.now() + 3_600_000);
      const window = await made({
        scope: { devices: ['raced.acme.com'] },
        startsAt: start.toISOString(),
        duration: '1h',
        reason: 'raced end',
      });
      const now = new Date(start.getTime() + 60_000);
      const db = t.server.context.db;
      // Read as the evaluator reads, then the window is ended before the evaluator claims its start line.
      const row = (await openWindowRows(db, null, now)).find((read) => Number(read.id) === window.id);
      assert.ok(row);
      const ended = await end(window.id);
      assert.equal(ended.status, 200, show(ended));
      const customer = t.server.context.customers.all().find((c) => c.slug === 'acme');
      assert.ok(customer);
      assert.equal(await announceOccurrence(db, row, customer, now), null);
      const lines = (await roomLines()).filter((line) => line.includes(`#${window.id} ("raced end")`));
      assert.match(lines.at(-1) ?? '', /was ended by NOC/);
      assert.equal(lines.filter((line) => line.includes('has started')).length, 0, lines.join('\n'));
    });

    test('an evaluator that read a window just before its end moved says the new end when it starts', async () => {
      const start = new Date(Date.now() + 3_600_000);
      const window = await made({
        scope: { devices: ['moved.acme.com'] },
        startsAt: start.toISOString(),
        duration: '1h',
        reason: 'moved end',
      });
      const now = new Date(start.getTime() + 60_000);
      const db = t.server.context.db;
      const read = async () => (await openWindowRows(db, null, now)).find((row) => Number(row.id) === window.id);
      const stale = await read();
      assert.ok(stale);
      const patched = await t.request(
        'PATCH',
        `/api/v1/customers/acme/maintenance/${window.id}`,
        t.tokens.noc,
        { extendBy: '30m' },
        idem(),
      );
      assert.equal(patched.status, 200, show(patched));
      const customer = t.server.context.customers.all().find((c) => c.slug === 'acme');
      assert.ok(customer);
      assert.equal(await announceOccurrence(db, stale, customer, now), null, 'the stale read claims nothing');
      const fresh = await read();
      assert.ok(fresh);
      assert.notEqual(await announceOccurrence(db, fresh, customer, now), null);
      const started = (await roomLines()).filter((line) => line.includes(`#${window.id} ("moved end") has started`));
      assert.deepEqual(started, [
        `Maintenance window #${window.id} ("moved end") has started for devices moved.acme.com: alerts it covers are marked and not paged until ${formatRoomTime(new Date(start.getTime() + 90 * 60_000), customer.timeZone)}.`,
      ]);
      await end(window.id);
    });

    test('a weekly window keeps its local hours across the spring-forward change (Los Angeles)', async () => {
      const [number] = await zenoss(zenossEvent('weekly1.acme.com'));
      assert.ok(number);
      // Acme is in America/Los_Angeles; clocks go forward at 02:00 on Sunday 14 March 2027.
      const window = await made({
        scope: { devices: ['weekly1.acme.com'] },
        startsAt: '2027-03-01T00:00:00Z',
        endsAt: '2027-04-01T00:00:00Z',
        recurrence: { days: ['Sun'], start: '01:00', end: '04:00' },
        reason: 'weekly backups',
      });
      assert.equal(window.state, 'scheduled');
      const clock = { now: new Date('2027-03-07T11:30:00Z') }; // 03:30 PST, inside
      const evaluator = evaluatorAt(clock);
      await evaluator.evaluateOnce();
      assert.equal((await alert(number)).maintenance?.until, '2027-03-07T12:00:00.000Z', '04:00 PST');
      clock.now = new Date('2027-03-07T12:30:00Z');
      await evaluator.evaluateOnce();
      assert.equal((await alert(number)).maintenance, null);
      clock.now = new Date('2027-03-14T10:30:00Z'); // 03:30 PDT, inside
      await evaluator.evaluateOnce();
      assert.equal(
        (await alert(number)).maintenance?.until,
        '2027-03-14T11:00:00.000Z',
        '04:00 PDT, an hour earlier in UTC',
      );
      clock.now = new Date('2027-03-14T11:30:00Z'); // 04:30 PDT: over, though 04:00 PST would not be
      await evaluator.evaluateOnce();
      assert.equal((await alert(number)).maintenance, null);
      const lines = (await roomLines()).filter((line) => line.includes(`#${window.id} ("weekly backups")`));
      assert.deepEqual(
        lines.map((line) =>
          line.includes('has started') ? 'started' : line.includes('has ended') ? 'ended' : 'other',
        ),
        ['started', 'ended', 'started', 'ended'],
      );
      await evaluator.stop();
      assert.equal((await end(window.id)).status, 200);
    });

    test('Zenoss production states: Maintenance marks, Test and Decommissioned are not paged unless allowed', async () => {
      const [inMaintenance, inTest, decommissioned, numeric] = await zenoss(
        zenossEvent('pm1.acme.com', { prodState: 'Maintenance' }),
        zenossEvent('pt1.acme.com', { prodState: 'Test' }),
        zenossEvent('pd1.acme.com', { prodState: 'Decommissioned' }),
        zenossEvent('pn1.acme.com', { prodState: 300 }),
      );
      assert.ok(inMaintenance && inTest && decommissioned && numeric);
      const maintenance = await alert(inMaintenance);
      assert.equal(maintenance.prodState, 300);
      assert.deepEqual(maintenance.maintenance, {
        windowId: null,
        source: 'zenoss',
        reason: 'the device is in Zenoss production state Maintenance',
        until: null,
      });
      assert.equal((await alert(numeric)).maintenance?.source, 'zenoss');
      assert.equal((await alert(inTest)).prodState, 400);
      assert.equal((await alert(inTest)).maintenance, null);

      const held = await say(`.oncall [casc/int/systems, ${inMaintenance}]`);
      assert.equal(held.status, 409, show(held));
      assert.match((held.body as { error: { message: string } }).error.message, /production state Maintenance/);
      for (const number of [inTest, decommissioned]) {
        const refused = await say(`.oncall [casc/int/systems, ${number}]`);
        assert.equal(refused.status, 409, show(refused));
        assert.equal((refused.body as { error: { code: string } }).error.code, 'unpaged_prod_state');
      }
      await t.server.context.db.query('UPDATE customers SET page_test_devices = true WHERE slug = $1', ['acme']);
      assert.equal((await say(`.oncall [casc/int/systems, ${inTest}]`)).status, 201);
      await t.server.context.db.query('UPDATE customers SET page_test_devices = false WHERE slug = $1', ['acme']);

      // Zenoss moves the device back to Production: the next event lifts the mark.
      await zenoss(zenossEvent('pm1.acme.com', { prodState: 'Production' }));
      const back = await alert(inMaintenance);
      assert.equal(back.prodState, 1000);
      assert.equal(back.maintenance, null);
    });

    test('bad input is a 400 naming the field', async () => {
      const cases: Array<[unknown, string, RegExp]> = [
        [{ duration: '0m', reason: 'x' }, 'duration', /0 covers nothing/],
        [{ duration: '31d', reason: 'x' }, 'duration', /30 days/],
        [{ duration: 'soon', reason: 'x' }, 'duration', /not a duration/],
        [{ reason: 'x' }, 'duration', /how long/],
        [{ startsAt: '2020-01-01T00:00:00Z', duration: '2h', reason: 'x' }, 'startsAt', /over already/],
        [{ endsAt: '2020-01-01T00:00:00Z', reason: 'x' }, 'endsAt', /over already|end after/],
        [{ scope: { matchers: '{instance=~"(db"}' }, duration: '1h', reason: 'x' }, 'scope.matchers', /missing "\)"/],
        [{ scope: { matchers: '{job}' }, duration: '1h', reason: 'x' }, 'scope.matchers', /expected =, !=, =~ or !~/],
        [
          { scope: { eventClasses: ['Status/Ping'] }, duration: '1h', reason: 'x' },
          'scope.eventClasses[0]',
          /organizer path/,
        ],
        [
          { recurrence: { days: ['Sun'], start: '02:00', end: '04:00', timeZone: 'Mars/Olympus' }, reason: 'x' },
          'recurrence.timeZone',
          /not a time zone/,
        ],
        [{ recurrence: { days: ['Sunday'], start: '02:00', end: '04:00' }, reason: 'x' }, 'recurrence.days[0]', /./],
        [{ duration: '1h', reason: 'x', colour: 'red' }, '(body)', /colour/],
      ];
      for (const [body, field, message] of cases) {
        const response = await makeWindow(body);
        assert.equal(response.status, 400, `${JSON.stringify(body)}: ${show(response)}`);
        const error = (response.body as { error: { field: string; message: string } }).error;
        assert.equal(error.field, field, `${JSON.stringify(body)}: ${show(response)}`);
        assert.match(error.message, message, JSON.stringify(body));
      }
      // Overlapping windows are allowed, and a page names both.
      const a = await made({ scope: { devices: ['ov1.acme.com'] }, duration: '1h', reason: 'first' });
      const b = await made({ scope: { devices: ['ov*.acme.com'] }, duration: '2h', reason: 'second' });
      const [number] = await zenoss(zenossEvent('ov1.acme.com'));
      assert.equal((await alert(number ?? 0)).maintenance?.windowId, b.id, 'the longest is named on the mark');
      const held = await say(`.oncall [casc/int/systems, ${number}]`);
      const message = (held.body as { error: { message: string } }).error.message;
      assert.ok(message.includes(`#${a.id}`) && message.includes(`#${b.id}`), message);
      for (const id of [a.id, b.id]) await end(id);
    });

    test('a new end before the start of a window still to come is a 400 naming endsAt, not a 500', async () => {
      const start = new Date(Date.now() + 26 * 3_600_000);
      const window = await made({
        scope: { devices: ['early.acme.com'] },
        startsAt: start.toISOString(),
        duration: '2h',
        reason: 'tomorrow',
      });
      const response = await t.request(
        'PATCH',
        `/api/v1/customers/acme/maintenance/${window.id}`,
        t.tokens.noc,
        { endsAt: new Date(Date.now() + 2 * 3_600_000).toISOString() },
        idem(),
      );
      const acmeZone = () => t.server.context.customers.all().find((c) => c.slug === 'acme')?.timeZone ?? 'UTC';
      assert.equal(response.status, 400, show(response));
      const error = (response.body as { error: { field: string; message: string } }).error;
      assert.equal(error.field, 'endsAt');
      assert.equal(error.message, `endsAt: must be after the window's start (${formatRoomTime(start, acmeZone())})`);
      await end(window.id);
    });

    test('the room: .maint makes, lists, extends and ends; customers read the lines; errors help', async () => {
      const made = await say('.maint roomdev*.acme.com 2h ticket=CHG-77 kernel patching');
      assert.equal(made.status, 201, show(made));
      const windows = (await t.request('GET', '/api/v1/customers/acme/maintenance', t.tokens.noc)).body as {
        windows: MaintenanceWindow[];
      };
      const window = windows.windows.find((w) => w.reason === 'kernel patching' && w.ticket === 'CHG-77');
      assert.ok(window, JSON.stringify(windows));
      assert.deepEqual(window.scope, { devices: ['roomdev*.acme.com'] });
      assert.equal(window.createdBy, 'NOC');

      const list = await t.request(
        'POST',
        '/api/v1/rooms/acme/messages',
        t.tokens.fred,
        { body: '.maint list' },
        idem(),
      );
      assert.equal(list.status, 201, show(list));
      const listed = (list.body as { replies: Array<{ body: string }> }).replies[0]?.body ?? '';
      assert.match(
        listed,
        new RegExp(
          `#${window.id} active until .*devices roomdev\\*\\.acme\\.com \\("kernel patching", by NOC, ticket CHG-77\\)`,
        ),
      );

      const customerMakes = await t.request(
        'POST',
        '/api/v1/rooms/acme/messages',
        t.tokens.fred,
        { body: '.maint all 1h mine' },
        idem(),
      );
      assert.match(
        (customerMakes.body as { refused: string }).refused,
        /may not make, extend or end maintenance windows \(maintenance\.manage\)/,
      );

      const extended = await say(`.maint extend ${window.id} 1h`);
      assert.equal((extended.body as { refused: string | null }).refused, null, show(extended));
      const after = (await t.request('GET', '/api/v1/customers/acme/maintenance', t.tokens.noc)).body as {
        windows: MaintenanceWindow[];
      };
      const moved = after.windows.find((w) => w.id === window.id);
      assert.equal(Date.parse(moved?.endsAt ?? '') - Date.parse(window.endsAt ?? ''), 3_600_000, 'an hour later');
      const tooLong = await say(`.maint extend ${window.id} 40d`);
      assert.match((tooLong.body as { refused: string }).refused, /30 days/);
      const bad = await say('.maint {instance=~"(db"} 1h x');
      assert.match((bad.body as { refused: string }).refused, /scope\.matchers: matcher 1 \(instance\): bad regex/);
      const missing = await say('.maint end 999999');
      assert.match((missing.body as { refused: string }).refused, /no maintenance window #999999/);
      // A time in an answer is the room's: the customer's zone, the room's format, not UTC ISO.
      const past = await say('.maint roomdev*.acme.com 1h at 2026-12-01 08:00 too late');
      assert.match(
        (past.body as { refused: string }).refused,
        /the window would be over already \(it ends 2026-Dec-1 09:00AM PST\)\.$/,
      );
      // Every .maint error points at .help maint, which lists and explains it.
      const reply = async (line: string) =>
        ((await say(line)).body as { replies: Array<{ body: string }> }).replies[0]?.body ?? '';
      assert.match(await reply('.help'), /^ {2}\.maint +Make, list, extend or end maintenance windows\.$/m);
      const grammar = await reply('.help maint');
      assert.match(grammar, /^NOC, \.maint <scope> <duration> \[at <time>\] \[ticket=<ref>\] <reason>$/m);
      assert.match(grammar, /^ {2}\.maint x7\.acme\.com 2h kernel patching$/m);

      const ended = await say(`.maint end ${window.id}`);
      assert.equal((ended.body as { refused: string | null }).refused, null, show(ended));
      const seen = await t.request('GET', '/api/v1/rooms/acme/messages', t.tokens.fred);
      const bodies = (seen.body as { messages: Array<{ body: string; kind: string }> }).messages.map((m) => m.body);
      for (const expected of [
        `NOC made maintenance window #${window.id} for devices roomdev*.acme.com: "kernel patching", ticket CHG-77; in force now until`,
        `NOC moved the end of maintenance window #${window.id}`,
        `Maintenance window #${window.id} ("kernel patching") was ended by NOC`,
      ]) {
        assert.ok(
          bodies.some((body) => body.startsWith(expected)),
          `${expected} in ${JSON.stringify(bodies.slice(-8))}`,
        );
      }
    });

    test('tenancy: customer users list their own windows and change none; another customer sees nothing', async () => {
      const window = await made({ scope: {}, duration: '1h', reason: 'acme-only secret reason' });
      const own = await t.request('GET', '/api/v1/customers/acme/maintenance', t.tokens.fred);
      assert.equal(own.status, 200, show(own));
      assert.ok((own.body as { windows: MaintenanceWindow[] }).windows.some((w) => w.id === window.id));

      const foreign = await t.request('GET', '/api/v1/customers/acme/maintenance', t.tokens.wile);
      assert.equal(foreign.status, 404, show(foreign));
      assert.ok(!JSON.stringify(foreign.body).includes('secret reason'));
      assert.equal((await makeWindow({ duration: '1h', reason: 'x' }, t.tokens.fred)).status, 403);
      assert.equal((await makeWindow({ duration: '1h', reason: 'x' }, t.tokens.wile)).status, 404);
      assert.equal((await end(window.id, t.tokens.fred)).status, 403);
      assert.equal((await end(window.id, t.tokens.wile)).status, 404);
      assert.equal((await end(window.id, t.tokens.wile, 'globex')).status, 403, 'a customer user may not end windows');
      assert.equal((await end(window.id, t.tokens.noc, 'globex')).status, 404, "acme's window under globex's slug");
      const patch = await t.request(
        'PATCH',
        `/api/v1/customers/acme/maintenance/${window.id}`,
        t.tokens.wile,
        { extendBy: '1h' },
        idem(),
      );
      assert.equal(patch.status, 404);
      assert.equal((await end(window.id)).status, 200);
    });
  });
}
