import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_NOTIFICATION_POLICY,
  decideNotification,
  inQuietHours,
  type NotifyEvent,
} from '../../../shared/notification-policy.ts';
import type { NotificationPolicy } from '../../../shared/host/contract.ts';
import type { Severity } from '../../../shared/alert.ts';

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
const NIGHT = 23 * 60 + 30;
const EARLY = 6 * 60 + 59;

const alert = (
  customer: string,
  severity: Severity,
  kind: 'alert.created' | 'alert.retriggered' = 'alert.created',
  suppressed = false,
): NotifyEvent => ({
  kind,
  customer,
  customerName: customer === 'acme' ? 'Acme' : 'Globex',
  number: 32962,
  severity,
  device: 'x7.acme.com',
  summary: 'DNS ELB check failed',
  underMaintenance: false,
  suppressed,
});

describe('notification policy', () => {
  const table: Array<[string, NotifyEvent, number, { notify: boolean; sound?: string }]> = [
    [
      'a critical alert at noon rings the customer rule’s sound',
      alert('acme', 'critical'),
      NOON,
      { notify: true, sound: 'soft' },
    ],
    [
      'an error for Acme notifies (Acme’s own rule starts at error)',
      alert('acme', 'error'),
      NOON,
      { notify: true, sound: 'soft' },
    ],
    ['a warning for Acme stays silent', alert('acme', 'warning'), NOON, { notify: false }],
    [
      'another customer falls back to the * rule: error is not enough',
      alert('globex', 'error'),
      NOON,
      { notify: false },
    ],
    ['another customer’s critical gets the alarm', alert('globex', 'critical'), NOON, { notify: true, sound: 'alarm' }],
    ['quiet hours mute an error but still show it', alert('acme', 'error'), NIGHT, { notify: true, sound: 'none' }],
    ['quiet hours never mute a critical', alert('globex', 'critical'), NIGHT, { notify: true, sound: 'alarm' }],
    ['quiet hours wrap midnight: 06:59 is still quiet', alert('acme', 'error'), EARLY, { notify: true, sound: 'none' }],
    [
      'an acknowledged critical that fires again sounds the alarm',
      alert('acme', 'critical', 'alert.retriggered'),
      NOON,
      { notify: true, sound: 'alarm' },
    ],
    [
      'a re-triggered error is muted at night',
      alert('acme', 'error', 'alert.retriggered'),
      NIGHT,
      { notify: true, sound: 'none' },
    ],
  ];
  for (const [name, event, minutes, expected] of table) {
    test(name, () => {
      const decision = decideNotification(policy, event, minutes);
      assert.equal(decision.notify, expected.notify);
      if (expected.sound) assert.equal(decision.sound, expected.sound);
      if (decision.notify && event.kind.startsWith('alert.'))
        assert.deepEqual(decision.focus, { customer: event.customer, number: 32962 });
    });
  }

  test('without the retrigger sound, a re-trigger uses the rule’s sound', () => {
    const decision = decideNotification(
      { ...policy, retriggerSound: false },
      alert('acme', 'critical', 'alert.retriggered'),
      NOON,
    );
    assert.equal(decision.sound, 'soft');
    assert.match(decision.title, /Triggered again/);
  });

  test('pages and PagerDuty answers notify softly, name who answered, and focus the alert', () => {
    const sent = decideNotification(
      policy,
      {
        kind: 'page.sent',
        customer: 'acme',
        customerName: 'Acme',
        number: 32962,
        targetName: 'COSS oncall macro – Systems',
        direct: true,
      },
      NOON,
    );
    assert.deepEqual([sent.notify, sent.sound], [true, 'soft']);
    assert.match(sent.body, /directly to PagerDuty/);
    const answered = decideNotification(
      policy,
      {
        kind: 'page.answered',
        customer: 'acme',
        customerName: 'Acme',
        number: 32962,
        targetName: 'Systems',
        status: 'acknowledged',
        by: 'Romel Emperado',
      },
      NIGHT,
    );
    assert.equal(answered.title, 'PagerDuty: acknowledged by Romel Emperado');
    assert.equal(answered.sound, 'none', 'quiet hours');
    assert.deepEqual(answered.focus, { customer: 'acme', number: 32962 });
    assert.equal(
      decideNotification(
        { ...policy, pages: false },
        { kind: 'page.sent', customer: 'acme', customerName: 'Acme', number: null, targetName: 'x', direct: false },
        NOON,
      ).notify,
      false,
    );
  });

  test('the default policy notifies critical alerts only, with the alarm', () => {
    assert.equal(decideNotification(DEFAULT_NOTIFICATION_POLICY, alert('acme', 'error'), NOON).notify, false);
    assert.equal(decideNotification(DEFAULT_NOTIFICATION_POLICY, alert('acme', 'critical'), NOON).sound, 'alarm');
  });

  test('quiet hours: same-day windows, empty windows and disabled windows', () => {
    const window = (start: string, end: string, enabled = true): NotificationPolicy => ({
      ...policy,
      quietHours: { enabled, start, end },
    });
    assert.equal(inQuietHours(window('13:00', '14:00'), 13 * 60 + 30), true);
    assert.equal(inQuietHours(window('13:00', '14:00'), 14 * 60), false);
    assert.equal(inQuietHours(window('13:00', '13:00'), 13 * 60), false);
    assert.equal(inQuietHours(window('22:00', '07:00', false), NIGHT), false);
  });

  test('a Suppressed alert notifies nobody, new or repeating, whatever its severity; the same alert unsuppressed does', () => {
    for (const kind of ['alert.created', 'alert.retriggered'] as const) {
      assert.equal(decideNotification(policy, alert('acme', 'critical', kind, true), NOON).notify, false, kind);
      assert.equal(decideNotification(policy, alert('acme', 'critical', kind), NOON).notify, true, kind);
    }
  });
});
