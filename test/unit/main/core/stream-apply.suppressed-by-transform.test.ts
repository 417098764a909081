/**
 * An alert one of the customer's transforms suppressed (`suppressedBy`) notifies nobody, from the stream to the
 * notifier: new, repeating while acknowledged, or re-triggered at PagerDuty; the same policy still notifies an alert
 * no transform suppressed.
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
import { alertRecord } from '../../../support/alert-record.ts';
import { tempDir } from './support.ts';

const NOW = Date.parse('2026-12-07T08:00:00Z');
const POLICY: NotificationPolicy = {
  rules: [{ customer: '*', minSeverity: 'info', sound: 'alarm' }],
  quietHours: { enabled: false, start: '22:00', end: '07:00' },
  pages: true,
  retriggerSound: true,
};

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
  const at = new Date(NOW - 1000).toISOString();
  const apply = (kind: string, data: unknown, alertId: number | null = null) =>
    applyStreamEvent(
      cache,
      { type: 'event', seq: ++seq, customer: 'acme', kind, alertId, actor: 'Romel Emperado', at, data },
      NOW,
    ).notifications.forEach(notify);
  return { shown, apply };
}

const suppressed = (patch: Partial<Alert> = {}): Alert =>
  alertRecord(41001, {
    severity: 'critical',
    device: 'web07.acme.com',
    summary: 'Interface eth0 flapped',
    maintenance: null,
    suppressed: false,
    suppressedBy: 12,
    ...patch,
  });

describe('an alert a transform suppressed, and desktop notifications', () => {
  test('raises nothing when new or repeating; an alert no transform suppressed does', () => {
    const { shown, apply } = harness();
    apply('alert.created', suppressed({ count: 1 }));
    apply('alert.acknowledged', suppressed({ status: 'acknowledged', count: 1 }));
    apply('alert.updated', suppressed({ status: 'acknowledged', count: 5 }));
    assert.equal(shown.length, 0, 'suppressed by transform 12: counted in COSS, notifying nobody');
    apply('alert.created', alertRecord(41002, { severity: 'critical', maintenance: null, suppressedBy: null }));
    assert.equal(shown.length, 1, 'the same policy notifies an alert no transform suppressed');
  });

  test('raises nothing when its PagerDuty incident (a forced page) triggers again', () => {
    const { shown, apply } = harness();
    apply('alert.created', suppressed({ status: 'acknowledged' }));
    const page = {
      id: 1,
      customer: 'acme',
      alertNumber: 41001,
      target: 'casc/int/systems',
      targetName: 'Systems',
      priority: 'normal',
      dedupKey: 'coss_102-41001',
      message: '',
      requestedBy: 'NOC',
      delivery: 'sent',
      deliveryError: null,
      incidentStatus: 'acknowledged',
      createdAt: new Date(NOW - 60_000).toISOString(),
    };
    apply('page.updated', page);
    const before = shown.length;
    apply('page.updated', { ...page, incidentStatus: 'triggered' });
    assert.deepEqual(shown.slice(before), [], 'no re-trigger notice for a suppressed alert');
  });
});
