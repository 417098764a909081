/** The policy's part in maintenance: planned work is silent, its end speaks once under the customer's rule. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decideNotification, type NotifyEvent } from '../../../shared/notification-policy.ts';
import type { NotificationPolicy } from '../../../shared/host/contract.ts';

const policy: NotificationPolicy = {
  rules: [
    { customer: 'acme', minSeverity: 'error', sound: 'soft' },
    { customer: '*', minSeverity: 'critical', sound: 'alarm' },
  ],
  quietHours: { enabled: true, start: '22:00', end: '07:00' },
  pages: true,
  retriggerSound: true,
};
const NOON = 12 * 60;
const NIGHT = 23 * 60;

const notice = {
  customer: 'acme',
  customerName: 'Acme',
  number: 32962,
  severity: 'critical',
  device: 'x7.acme.com',
  summary: 'DNS ELB check failed',
  suppressed: false,
} as const;

describe('notification policy under maintenance', () => {
  test('a new or repeating alert under maintenance is silent, whatever its severity or sound', () => {
    for (const kind of ['alert.created', 'alert.retriggered'] as const) {
      const covered: NotifyEvent = { kind, ...notice, underMaintenance: true };
      const normal: NotifyEvent = { kind, ...notice, underMaintenance: false };
      assert.equal(decideNotification(policy, covered, NOON).notify, false, kind);
      assert.equal(decideNotification(policy, normal, NOON).notify, true, kind);
    }
  });

  test('the end of maintenance notifies with the customer rule’s sound, and says what the maintenance was', () => {
    const decision = decideNotification(
      policy,
      { kind: 'alert.maintenanceEnded', ...notice, underMaintenance: false, reason: 'kernel patching' },
      NOON,
    );
    assert.deepEqual(decision, {
      notify: true,
      title: 'Maintenance over, still open · Acme #32962',
      body: 'CRITICAL x7.acme.com: DNS ELB check failed (was: kernel patching)',
      sound: 'soft',
      tone: 'critical',
      focus: { customer: 'acme', number: 32962 },
    });
  });

  test('the end follows the rules like a new alert: below the minimum is silent, quiet hours hold the sound', () => {
    const ended = (severity: 'warning' | 'error'): NotifyEvent => ({
      kind: 'alert.maintenanceEnded',
      ...notice,
      severity,
      underMaintenance: false,
      reason: 'patching',
    });
    assert.equal(decideNotification(policy, ended('warning'), NOON).notify, false);
    const night = decideNotification(policy, ended('error'), NIGHT);
    assert.equal(night.notify, true);
    assert.equal(night.sound, 'none');
  });

  test('an end that finds the alert under another window already stays silent', () => {
    const event: NotifyEvent = { kind: 'alert.maintenanceEnded', ...notice, underMaintenance: true, reason: 'x' };
    assert.equal(decideNotification(policy, event, NOON).notify, false);
  });
});
