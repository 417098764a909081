/**
 * Maintenance and desktop notifications, from the stream to the notifier: an alert under maintenance raises nothing
 * (new or repeating), and when its maintenance ends while it is still open it notifies once, as an expiring silence
 * does; acknowledged or resolved alerts, a mark handed from one window to another, and old events stay quiet.
 * A Zenoss Suppressed alert, whose cause is known elsewhere, is silent the same way.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ConsoleCache } from '../../../../main/core/cache.ts';
import { desktopNotices } from '../../../../main/core/desktop-notices.ts';
import { HostEventBus } from '../../../../main/core/host-event-bus.ts';
import type { NotificationDecision } from '../../../../shared/notification-policy.ts';
import { applyStreamEvent } from '../../../../main/core/stream-apply.ts';
import type { Alert } from '../../../../shared/alert.ts';
import type { NotificationPolicy } from '../../../../shared/host/contract.ts';
import type { MaintenanceMark } from '../../../../shared/maintenance.ts';
import { alertRecord } from '../../../support/alert-record.ts';
import { tempDir } from './support.ts';

const NOW = Date.parse('2026-12-07T08:00:00Z');
const WINDOW: MaintenanceMark = {
  windowId: 7,
  source: 'window',
  reason: 'kernel patching',
  until: '2026-12-07T10:00:00Z',
};
const POLICY: NotificationPolicy = {
  rules: [{ customer: '*', minSeverity: 'error', sound: 'alarm' }],
  quietHours: { enabled: false, start: '22:00', end: '07:00' },
  pages: true,
  retriggerSound: true,
};

/** A cache, and what a real notifier would have shown for each stream event applied to it. */
function harness() {
  const cache = new ConsoleCache(tempDir());
  cache.setCustomers([{ id: 1, number: 102, slug: 'acme', name: 'Acme', timeZone: 'UTC' }]);
  const shown: NotificationDecision[] = [];
  const notify = desktopNotices({
    notifier: { show: (decision) => shown.push(decision) },
    policy: () => POLICY,
    clock: { now: () => NOW, setTimeout: () => ({ id: 0 }), clearTimeout: () => undefined },
    timeZone: 'UTC',
    bus: new HostEventBus(),
  });
  let seq = 0;
  const apply = (kind: string, alert: Alert, at = new Date(NOW - 1000).toISOString()) => {
    const applied = applyStreamEvent(
      cache,
      { type: 'event', seq: ++seq, customer: alert.customer, kind, alertId: alert.id, actor: null, at, data: alert },
      NOW,
    );
    for (const event of applied.notifications) notify(event);
    return applied;
  };
  return { shown, apply };
}

const critical = (patch: Partial<Alert> = {}): Alert =>
  alertRecord(32962, { severity: 'critical', device: 'x7.acme.com', summary: 'DNS ELB check failed', ...patch });

describe('maintenance and desktop notifications', () => {
  test('a new alert under maintenance raises no notification; one without a mark does', () => {
    const { shown, apply } = harness();
    apply('alert.created', critical({ maintenance: WINDOW }));
    assert.equal(shown.length, 0);
    apply('alert.created', alertRecord(32963, { severity: 'critical', maintenance: null }));
    assert.equal(shown.length, 1, 'the same policy notifies an unmarked critical');
  });

  test('an acknowledged alert under maintenance that repeats stays quiet', () => {
    const { shown, apply } = harness();
    apply('alert.created', critical({ maintenance: WINDOW, status: 'acknowledged', count: 1 }));
    apply('alert.updated', critical({ maintenance: WINDOW, status: 'acknowledged', count: 2 }));
    assert.equal(shown.length, 0);
  });

  test('the end of the window notifies once for an alert still open, naming what it was under', () => {
    const { shown, apply } = harness();
    apply('alert.created', critical({ maintenance: WINDOW, count: 1 }));
    apply('alert.updated', critical({ maintenance: WINDOW, count: 2 }));
    assert.equal(shown.length, 0, 'nothing while the window lasts');
    apply('alert.updated', critical({ maintenance: null, count: 2 }));
    assert.equal(shown.length, 1);
    assert.match(shown[0]?.title ?? '', /^Maintenance over, still open · Acme #32962$/);
    assert.match(shown[0]?.body ?? '', /x7\.acme\.com: DNS ELB check failed \(was: kernel patching\)/);
    assert.equal(shown[0]?.sound, 'alarm');
    assert.deepEqual(shown[0]?.focus, { customer: 'acme', number: 32962 });
    // Later changes of the alert, now without a mark, are not a second end.
    apply('alert.updated', critical({ maintenance: null, count: 3 }));
    apply('alert.updated', critical({ maintenance: null, count: 3, assignee: 'Romel Emperado' }));
    assert.equal(shown.length, 1, 'notified once');
  });

  test('Zenoss leaving its Maintenance state ends the mark the same way', () => {
    const { shown, apply } = harness();
    const zenoss: MaintenanceMark = { windowId: null, source: 'zenoss', reason: 'prodState Maintenance', until: null };
    apply('alert.created', critical({ maintenance: zenoss }));
    assert.equal(shown.length, 0);
    apply('alert.updated', critical({ maintenance: null }));
    assert.equal(shown.length, 1);
  });

  test('no notification when the window ends on an acknowledged or resolved alert, or hands it to another window', () => {
    const { shown, apply } = harness();
    apply('alert.created', critical({ maintenance: WINDOW }));
    apply('alert.updated', critical({ maintenance: { ...WINDOW, windowId: 8, until: '2026-12-07T12:00:00Z' } }));
    assert.equal(shown.length, 0, 'an overlapping window that lasts longer takes over: still planned work');
    apply('alert.acknowledged', critical({ maintenance: { ...WINDOW, windowId: 8 }, status: 'acknowledged' }));
    apply('alert.updated', critical({ maintenance: null, status: 'acknowledged' }));
    assert.equal(shown.length, 0, 'someone has it already');
    apply('alert.created', alertRecord(40001, { severity: 'critical', maintenance: WINDOW }));
    apply('alert.resolved', alertRecord(40001, { severity: 'critical', maintenance: null, status: 'resolved' }));
    assert.equal(shown.length, 0, 'resolved: nothing left to do');
  });

  test('the end heard in an old replay updates the alert without a notification, like any old event', () => {
    const { shown, apply } = harness();
    apply('alert.created', critical({ maintenance: WINDOW }));
    const applied = apply('alert.updated', critical({ maintenance: null }), new Date(NOW - 3_600_000).toISOString());
    assert.equal(applied.changes.length, 1, 'the queue still shows the mark gone');
    assert.equal(shown.length, 0);
  });

  test('the end notifies under the customer’s own rule: an error does, a warning stays quiet where it starts at error', () => {
    const { shown, apply } = harness();
    apply('alert.created', critical({ severity: 'warning', maintenance: WINDOW }));
    apply('alert.updated', critical({ severity: 'warning', maintenance: null }));
    assert.equal(shown.length, 0);
    apply('alert.created', alertRecord(40002, { severity: 'error', maintenance: WINDOW }));
    assert.equal(shown.length, 0);
    apply('alert.updated', alertRecord(40002, { severity: 'error', maintenance: null }));
    assert.equal(shown.length, 1);
  });

  test('a Zenoss Suppressed alert raises nothing, new or repeating; an unsuppressed one does', () => {
    const { shown, apply } = harness();
    const created = apply('alert.created', critical({ maintenance: null, suppressed: true, count: 1 }));
    assert.equal(created.notifications[0]?.kind === 'alert.created' && created.notifications[0].suppressed, true);
    apply('alert.acknowledged', critical({ maintenance: null, suppressed: true, status: 'acknowledged', count: 1 }));
    apply('alert.updated', critical({ maintenance: null, suppressed: true, status: 'acknowledged', count: 2 }));
    assert.equal(shown.length, 0, 'suppressed: shown in the queue, notifying nobody');
    apply('alert.created', alertRecord(40003, { severity: 'critical', maintenance: null, suppressed: false }));
    assert.equal(shown.length, 1, 'the same policy notifies an unsuppressed critical');
  });
});
