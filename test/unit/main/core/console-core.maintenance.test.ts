/**
 * Maintenance windows through the console core, against a real COSS and the PagerDuty simulator:
 * - a window made through the host contract marks the alerts its scope covers (and only those), and they raise no
 *   desktop notification; COSS's refusal of a bad field comes back naming it;
 * - a page about a covered alert is refused with the window named, never "done"; forced, it goes, and the room says
 *   who overrode the window; while COSS is away the console refuses it from its last copy instead of queueing it;
 * - ending the window makes the still-open alerts normal and notifies once for each.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dispatchHostRequest } from '../../../../main/core/host-dispatch.ts';
import type { NotificationDecision } from '../../../../shared/notification-policy.ts';
import {
  DEFAULT_ROUTING_KEY,
  startPagerDutySimulator,
  type PagerDutySimulator,
} from '../../../simulators/pagerduty/index.ts';
import {
  eventually,
  raise,
  startConsole,
  startRestartableCoss,
  type RestartableCoss,
  type TestConsole,
} from './support.ts';

describe('console core: maintenance windows', () => {
  let pagerduty: PagerDutySimulator;
  let coss: RestartableCoss;
  let console: TestConsole;
  const shown: NotificationDecision[] = [];
  let patched: number[] = [];
  let other = 0;
  let windowId = 0;
  /** an alert on a Zenoss Test device, which Acme does not page */
  let lab = 0;

  before(async () => {
    pagerduty = await startPagerDutySimulator();
    coss = await startRestartableCoss({ eventsUrl: pagerduty.eventsUrl, apiUrl: pagerduty.apiUrl });
    const created = await coss.request('POST', '/api/v1/paging-targets', coss.tokens.admin, {
      path: 'casc/int/systems',
      name: 'COSS oncall macro – Systems',
      routingKey: DEFAULT_ROUTING_KEY,
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    patched = [
      await raise(coss, { device: 'x7.acme.com', component: 'CheckDNSELB', summary: 'DNS ELB check failed' }),
      await raise(coss, { device: 'x7.acme.com', component: 'eth0', summary: 'link down' }),
    ];
    other = await raise(coss, { device: 'db1.acme.com', component: 'disk', summary: 'disk 95% full' });
    console = await startConsole(coss.url, coss.tokens.noc, {
      notifier: { show: (decision) => shown.push(decision) },
    });
    await console.waitForState((state) => state.status === 'live');
    await eventually(
      async () => (await console.core.handlers['alerts.list']({ customer: 'acme' })).length >= 3,
      15_000,
      'alerts cached',
    );
  });
  after(async () => {
    await console?.core.stop();
    await coss?.close();
    await pagerduty?.close();
  });

  const marks = async () =>
    new Map(
      (await console.core.handlers['alerts.list']({ customer: 'acme' })).map((alert) => [
        alert.number,
        alert.maintenance ?? null,
      ]),
    );

  test('COSS’s refusal of a field comes back naming it', async () => {
    const answer = await dispatchHostRequest(console.core.handlers, 'maintenance.create', {
      customer: 'acme',
      window: { scope: { devices: ['x7.acme.com'] }, duration: '45d', reason: 'too long' },
    });
    assert.equal(answer.ok, false);
    assert.equal(answer.ok ? null : answer.error.code, 'invalid_arguments');
    assert.equal(answer.ok ? null : answer.error.field, 'duration');
  });

  test('a window marks the alerts its scope covers, and a new one under it notifies nobody', async () => {
    const made = await console.core.handlers['maintenance.create']({
      customer: 'acme',
      window: { scope: { devices: ['x7.acme.com'] }, duration: '2h', reason: 'kernel patching' },
    });
    windowId = made.id;
    assert.equal(made.state, 'active');
    assert.equal(made.createdBy.length > 0, true);
    await eventually(
      async () => {
        const now = await marks();
        return patched.every((number) => now.get(number)?.windowId === windowId);
      },
      15_000,
      'marks on the x7 alerts',
    );
    assert.equal((await marks()).get(other), null, 'db1 is not in the scope');
    const listed = await console.core.handlers['maintenance.list']({ customer: 'acme' });
    assert.ok(listed.some((window) => window.id === windowId && window.reason === 'kernel patching'));

    const before = shown.length;
    const quiet = await raise(coss, { device: 'x7.acme.com', component: 'ntpd', summary: 'clock offset' });
    const loud = await raise(coss, { device: 'db2.acme.com', component: 'disk', summary: 'disk 99% full' });
    await eventually(() => shown.some((decision) => decision.focus?.number === loud), 15_000, 'db2 notified');
    assert.equal(
      shown.slice(before).some((decision) => decision.focus?.number === quiet),
      false,
      'the alert under the window raised no notification',
    );
    patched.push(quiet);
  });

  test('p on a covered alert is refused with the window named; forced, it goes and the room says so', async () => {
    const number = patched[0] ?? 0;
    const page = {
      customer: 'acme',
      target: 'casc/int/systems',
      number,
      priority: 'normal' as const,
      message: '',
    };
    const refused = await dispatchHostRequest(console.core.handlers, 'page.send', page);
    assert.equal(refused.ok, false);
    assert.equal(refused.ok ? null : refused.error.code, 'under_maintenance');
    assert.match(refused.ok ? '' : refused.error.message, new RegExp(`\\b${windowId}\\b`));
    // What held it travels as data, so the console says it in its own words rather than the room's.
    const hold = refused.ok ? undefined : refused.error.hold;
    assert.equal(hold?.code, 'under_maintenance');
    assert.deepEqual(
      hold?.windows.map((window) => [window.id, window.reason]),
      [[windowId, 'kernel patching']],
    );
    assert.ok(Date.parse(hold?.windows[0]?.until ?? '') > Date.now(), 'until when, as an instant');
    assert.equal(pagerduty.incident(`coss_102-${number}`), undefined, 'nothing reached PagerDuty');

    const forced = await dispatchHostRequest(console.core.handlers, 'page.send', { ...page, force: true });
    assert.equal(forced.ok, true, JSON.stringify(forced));
    await eventually(
      async () =>
        (await console.core.handlers['room.list']({ customer: 'acme' })).some((line) =>
          /forced a page/.test(line.body),
        ),
      15_000,
      'the override line in the room',
    );
    await eventually(
      () => pagerduty.incident(`coss_102-${number}`)?.status === 'triggered',
      15_000,
      'the forced page at PagerDuty',
    );

    // A Zenoss Test device Acme does not page: held too, with its own code, so the dialog says why.
    lab = await raise(coss, {
      device: 'lab1.acme.com',
      component: 'lab',
      summary: 'lab box down',
      prodState: 'Test',
    });
    const test = await dispatchHostRequest(console.core.handlers, 'page.send', { ...page, number: lab });
    assert.deepEqual(test.ok ? null : [test.error.code, test.error.hold], [
      'unpaged_prod_state',
      { code: 'unpaged_prod_state', windows: [] },
    ]);
  });

  test('while COSS is away, the console refuses the page from its last copy instead of queueing it', async () => {
    await coss.stop();
    await console.waitForState((state) => state.status !== 'live');
    const number = patched[1] ?? 0;
    const refused = await dispatchHostRequest(console.core.handlers, 'page.send', {
      customer: 'acme',
      target: 'casc/int/systems',
      number,
      priority: 'normal',
      message: '',
    });
    assert.equal(refused.ok ? null : refused.error.code, 'under_maintenance');
    assert.match(refused.ok ? '' : refused.error.message, new RegExp(`window ${windowId}: kernel patching`));
    // The hold, for the dialog to say in the customer's time (the message once carried a raw UTC instant).
    const hold = refused.ok ? undefined : refused.error.hold;
    assert.deepEqual(
      { ...hold, windows: hold?.windows.map(({ id, reason }) => ({ id, reason })) },
      { code: 'under_maintenance', windows: [{ id: windowId, reason: 'kernel patching' }], asLastKnown: true },
    );
    assert.ok(!Number.isNaN(Date.parse(hold?.windows[0]?.until ?? '')), 'until is an instant');
    assert.equal(console.core.outbox.pending.length, 0, 'nothing waits to be sent later');

    // A Test device's alert has no mark, yet COSS would hold its page: so does the console, saying it cannot know
    // whether Acme pages test devices, and nothing goes to PagerDuty directly.
    const sentBefore = pagerduty.enqueueAttempts().length;
    const unpaged = await dispatchHostRequest(console.core.handlers, 'page.send', {
      customer: 'acme',
      target: 'casc/int/systems',
      number: lab,
      priority: 'normal',
      message: '',
    });
    assert.deepEqual(unpaged.ok ? null : [unpaged.error.code, unpaged.error.hold], [
      'unpaged_prod_state',
      { code: 'unpaged_prod_state', windows: [], asLastKnown: true },
    ]);
    assert.match(unpaged.ok ? '' : unpaged.error.message, /not reachable/);
    assert.match(unpaged.ok ? '' : unpaged.error.message, /test devices/);
    assert.equal(console.core.outbox.pending.length, 0, 'the Test page does not wait to be sent later');
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(pagerduty.enqueueAttempts().length, sentBefore, 'nothing was sent to PagerDuty directly');
    assert.equal(pagerduty.incident(`coss_102-${lab}`), undefined, 'no incident for the Test alert');
    const list = await dispatchHostRequest(console.core.handlers, 'maintenance.list', { customer: 'acme' });
    assert.equal(list.ok ? null : list.error.code, 'unavailable');
    await coss.restart();
    await console.waitForState((state) => state.status === 'live');
  });

  test('ending the window makes its alerts normal and notifies once for each one still open', async () => {
    const acknowledged = patched[1] ?? 0;
    await console.core.handlers['alerts.acknowledge']({ numbers: [acknowledged] });
    const before = shown.length;
    const ended = await console.core.handlers['maintenance.end']({ customer: 'acme', id: windowId });
    assert.equal(ended.state, 'ended');
    await eventually(
      async () => {
        const now = await marks();
        return patched.every((number) => now.get(number) === null);
      },
      15_000,
      'marks gone',
    );
    const open = patched.filter((number) => number !== acknowledged);
    await eventually(
      () => open.every((number) => shown.slice(before).some((decision) => decision.focus?.number === number)),
      15_000,
      'one notification per open alert',
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    const over = shown.slice(before).filter((decision) => decision.title.startsWith('Maintenance over'));
    assert.deepEqual(over.map((decision) => decision.focus?.number).sort(), [...open].sort());
    assert.equal(
      shown.slice(before).some((decision) => decision.focus?.number === acknowledged),
      false,
      'the acknowledged one has an owner already',
    );
  });
});
