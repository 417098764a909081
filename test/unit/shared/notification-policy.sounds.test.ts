/**
 * The policy's sounds, repeats and reminders: which of the console's tones each event gets, at which profile and
 * volume; a critical's repeat and reminder, held by quiet hours, maintenance and suppression like everything else.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_NOTIFICATION_POLICY,
  decideNotification,
  reminderMinutesFor,
  repeatOf,
  volumeOf,
  type NotifyEvent,
} from '../../../shared/notification-policy.ts';
import type { NotificationPolicy } from '../../../shared/host/contract.ts';
import type { Severity } from '../../../shared/alert.ts';

const NOON = 12 * 60;
const NIGHT = 23 * 60;
const policy: NotificationPolicy = {
  ...DEFAULT_NOTIFICATION_POLICY,
  rules: [
    { customer: 'acme', minSeverity: 'error', sound: 'soft' },
    { customer: '*', minSeverity: 'critical', sound: 'alarm' },
  ],
  quietHours: { enabled: true, start: '22:00', end: '07:00' },
};

type AlertKind = 'alert.created' | 'alert.retriggered' | 'alert.repeat';
const alert = (
  kind: AlertKind,
  severity: Severity,
  more: Partial<{ customer: string; source: string; underMaintenance: boolean; suppressed: boolean }> = {},
): NotifyEvent => ({
  kind,
  customer: more.customer ?? 'globex',
  customerName: 'Globex',
  number: 40001,
  severity,
  device: 'core-sw1',
  summary: 'BGP session down',
  source: more.source ?? 'api',
  underMaintenance: more.underMaintenance ?? false,
  suppressed: more.suppressed ?? false,
});
const reminder = (severity: Severity, more: Partial<{ underMaintenance: boolean }> = {}): NotifyEvent => ({
  ...(alert('alert.repeat', severity, more) as Extract<NotifyEvent, { kind: 'alert.repeat' }>),
  kind: 'alert.reminder',
  minutes: 10,
});

describe('the policy’s sounds', () => {
  test('each kind of event has its own tone: critical, error, re-trigger, PagerDuty answer, missed heartbeat', () => {
    assert.equal(decideNotification(policy, alert('alert.created', 'critical'), NOON).tone, 'critical');
    assert.equal(decideNotification(policy, alert('alert.created', 'error', { customer: 'acme' }), NOON).tone, 'error');
    assert.equal(decideNotification(policy, alert('alert.retriggered', 'critical'), NOON).tone, 'retrigger');
    assert.equal(
      decideNotification(policy, alert('alert.created', 'critical', { source: 'heartbeat' }), NOON).tone,
      'heartbeat',
    );
    const answered = decideNotification(
      policy,
      {
        kind: 'page.answered',
        customer: 'acme',
        customerName: 'Acme',
        number: 1,
        targetName: 'Systems',
        status: 'acknowledged',
        by: 'Romel Emperado',
      },
      NOON,
    );
    assert.equal(answered.tone, 'pagerduty');
  });

  test('each profile plays at its own volume; none is silent; a policy saved before volumes gets soft 0.4, alarm 1', () => {
    const loud: NotificationPolicy = { ...policy, volumes: { soft: 0.25, alarm: 0.8 } };
    assert.deepEqual(
      (['none', 'soft', 'alarm'] as const).map((sound) => volumeOf(loud, sound)),
      [0, 0.25, 0.8],
    );
    const { volumes: _dropped, ...older } = policy;
    assert.deepEqual([volumeOf(older, 'soft'), volumeOf(older, 'alarm')], [0.4, 1]);
  });

  test('quiet hours: a new critical still sounds unless criticalSound is off; then nothing sounds but it still shows', () => {
    assert.equal(decideNotification(policy, alert('alert.created', 'critical'), NIGHT).sound, 'alarm');
    const silent: NotificationPolicy = { ...policy, quietHours: { ...policy.quietHours, criticalSound: false } };
    const decision = decideNotification(silent, alert('alert.created', 'critical'), NIGHT);
    assert.deepEqual([decision.notify, decision.sound], [true, 'none']);
    assert.equal(decideNotification(silent, alert('alert.created', 'critical'), NOON).sound, 'alarm');
  });
});

describe('a critical’s repeat', () => {
  test('sounds with the rule’s profile while the repeat is on, outside quiet hours', () => {
    const decision = decideNotification(policy, alert('alert.repeat', 'critical'), NOON);
    assert.deepEqual([decision.notify, decision.sound, decision.tone], [true, 'alarm', 'critical']);
    assert.match(decision.title, /^Still unacknowledged · Globex #40001$/);
  });

  test('is held by quiet hours (even when a new critical may sound), by maintenance, suppression and the switch', () => {
    assert.equal(decideNotification(policy, alert('alert.repeat', 'critical'), NIGHT).notify, false);
    assert.equal(
      decideNotification(policy, alert('alert.repeat', 'critical', { underMaintenance: true }), NOON).notify,
      false,
    );
    assert.equal(
      decideNotification(policy, alert('alert.repeat', 'critical', { suppressed: true }), NOON).notify,
      false,
    );
    const off: NotificationPolicy = { ...policy, repeatCritical: { enabled: false, everySeconds: 60 } };
    assert.equal(decideNotification(off, alert('alert.repeat', 'critical'), NOON).notify, false);
  });

  test('is for criticals only, and only where a rule notifies them', () => {
    assert.equal(decideNotification(policy, alert('alert.repeat', 'error', { customer: 'acme' }), NOON).notify, false);
    const noRules: NotificationPolicy = { ...policy, rules: [] };
    assert.equal(decideNotification(noRules, alert('alert.repeat', 'critical'), NOON).notify, false);
  });

  test('defaults: on, every 60 s', () => {
    const { repeatCritical: _dropped, ...older } = policy;
    assert.deepEqual(repeatOf(older), { enabled: true, everySeconds: 60 });
  });
});

describe('a reminder', () => {
  test('names the alert and how long, and sounds even when no rule notifies the customer', () => {
    const decision = decideNotification({ ...policy, rules: [] }, reminder('critical'), NOON);
    assert.deepEqual([decision.notify, decision.sound], [true, 'alarm']);
    assert.equal(decision.title, 'Unacknowledged for 10 min · Globex #40001');
    assert.equal(decision.body, 'CRITICAL core-sw1: BGP session down');
    assert.deepEqual(decision.focus, { customer: 'globex', number: 40001 });
  });

  test('shows in quiet hours; sounds there only as a new critical would; never under maintenance', () => {
    assert.equal(decideNotification(policy, reminder('critical'), NIGHT).sound, 'alarm');
    const silent: NotificationPolicy = { ...policy, quietHours: { ...policy.quietHours, criticalSound: false } };
    const night = decideNotification(silent, reminder('critical'), NIGHT);
    assert.deepEqual([night.notify, night.sound], [true, 'none']);
    assert.equal(decideNotification(policy, reminder('critical', { underMaintenance: true }), NOON).notify, false);
    assert.equal(decideNotification(policy, reminder('error'), NOON).notify, false);
  });

  test('minutes per customer, else *, else 10; 0 is none', () => {
    const table: NotificationPolicy = { ...policy, reminderMinutes: { '*': 15, acme: 5, globex: 0 } };
    assert.deepEqual(
      ['acme', 'globex', 'initech'].map((customer) => reminderMinutesFor(table, customer)),
      [5, 0, 15],
    );
    const { reminderMinutes: _dropped, ...older } = policy;
    assert.equal(reminderMinutesFor(older, 'acme'), 10);
  });
});
