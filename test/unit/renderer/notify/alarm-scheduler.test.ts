/**
 * The renderer's one scheduler for criticals nobody has: repeats every `repeatCritical` seconds until the alert is
 * acknowledged, reminders at the customer's minutes counted from COSS's first sight of it, one timer for every alert,
 * quiet hours and maintenance heard through the policy. A fake clock moves time.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AlarmScheduler, type WatchedAlert } from '../../../../renderer/notify/alarm-scheduler.ts';
import { DEFAULT_NOTIFICATION_POLICY } from '../../../../shared/notification-policy.ts';
import type { NotificationPolicy } from '../../../../shared/host/contract.ts';

const START = Date.UTC(2026, 11, 8, 12, 0, 0);

/** A clock whose timers run when the test moves time; it counts the timers pending. */
function fakeClock() {
  let now = START;
  let serial = 0;
  const timers = new Map<number, { at: number; callback: () => void }>();
  return {
    pending: () => timers.size,
    now: () => now,
    setTimeout(callback: () => void, ms: number) {
      serial += 1;
      timers.set(serial, { at: now + ms, callback });
      return serial;
    },
    clearTimeout(handle: unknown) {
      timers.delete(handle as number);
    },
    localMinutes: (epochMs: number) => Math.floor((epochMs % 86_400_000) / 60_000),
    advance(ms: number) {
      const until = now + ms;
      // A timer set to "now" over and over would spin here for ever: fail instead.
      for (let fired = 0; ; fired += 1) {
        if (fired > 10_000) throw new Error('the scheduler keeps setting its timer to now');
        const next = [...timers.entries()].sort((a, b) => a[1].at - b[1].at)[0];
        if (next === undefined || next[1].at > until) break;
        timers.delete(next[0]);
        now = next[1].at;
        next[1].callback();
      }
      now = until;
    },
  };
}

function setup(policy: NotificationPolicy, alerts: WatchedAlert[]) {
  const clock = fakeClock();
  const heard: Array<{ at: number; kind: string; number: number; sound: string; title: string }> = [];
  const held = new Map(alerts.map((alert) => [alert.number, alert]));
  const scheduler = new AlarmScheduler({
    clock,
    policy: () => policy,
    lookup: (_customer, number) => held.get(number) ?? null,
    announce: (decision, kind, alert) =>
      heard.push({
        at: (clock.now() - START) / 1000,
        kind,
        number: alert.number,
        sound: decision.sound,
        title: decision.title,
      }),
  });
  return { clock, heard, held, scheduler };
}

const critical = (number: number, more: Partial<WatchedAlert> = {}): WatchedAlert => ({
  customer: 'acme',
  customerName: 'Acme',
  number,
  severity: 'critical',
  device: 'db1',
  summary: 'mysqld down',
  source: 'api',
  firstSeen: START,
  open: true,
  underMaintenance: false,
  suppressed: false,
  ...more,
});

const policy: NotificationPolicy = {
  ...DEFAULT_NOTIFICATION_POLICY,
  repeatCritical: { enabled: true, everySeconds: 30 },
  reminderMinutes: { '*': 10, globex: 0 },
};

describe('the alarm scheduler', () => {
  test('a rung critical repeats every interval until it is acknowledged, then never again', () => {
    const { clock, heard, held, scheduler } = setup({ ...policy, reminderMinutes: { '*': 0 } }, [critical(1)]);
    scheduler.ring('acme', 1);
    clock.advance(95_000);
    assert.deepEqual(
      heard.map((entry) => [entry.at, entry.kind]),
      [
        [30, 'repeat'],
        [60, 'repeat'],
        [90, 'repeat'],
      ],
    );
    held.set(1, critical(1, { open: false }));
    clock.advance(600_000);
    assert.equal(heard.length, 3, 'nothing after the acknowledgement');
    assert.equal(scheduler.size, 0, 'it let the alert go');
    assert.equal(clock.pending(), 0, 'and no timer is left');
  });

  test('an alert that leaves the console is not repeated, and the timer waits out its grace instead of spinning', () => {
    const { clock, heard, held, scheduler } = setup({ ...policy, reminderMinutes: { '*': 0 } }, [critical(1)]);
    scheduler.ring('acme', 1);
    held.delete(1);
    clock.advance(120_000);
    assert.deepEqual(heard, [], 'nothing about an alert the console no longer holds');
    assert.equal(scheduler.size, 0, 'let go once its grace passed');
    assert.equal(clock.pending(), 0);
  });

  test('forget: someone took it or COSS resolved it, so its repeats stop at once', () => {
    const { clock, heard, scheduler } = setup(policy, [critical(1), critical(2)]);
    scheduler.ring('acme', 1);
    scheduler.ring('acme', 2);
    scheduler.forget('acme', 1);
    clock.advance(31_000);
    assert.deepEqual(
      heard.map((entry) => entry.number),
      [2],
    );
    assert.equal(scheduler.size, 1);
  });

  test('one timer however many criticals ring', () => {
    const alerts = Array.from({ length: 200 }, (_, index) => critical(index + 1));
    const { clock, heard, scheduler } = setup(policy, alerts);
    for (const alert of alerts) scheduler.ring('acme', alert.number);
    assert.equal(clock.pending(), 1);
    clock.advance(30_000);
    assert.equal(heard.length, 200, 'each repeated once');
    assert.equal(clock.pending(), 1);
  });

  test('reminders come at the customer’s minutes from first sight, on every console alike, and not for 0', () => {
    // Seen 4 minutes before this console started watching it: the reminder is at 10 minutes, not 10 from now.
    const old = critical(7, { firstSeen: START - 4 * 60_000 });
    const other = critical(8, { customer: 'globex' });
    const { clock, heard, scheduler } = setup({ ...policy, repeatCritical: { enabled: false, everySeconds: 30 } }, [
      old,
      other,
    ]);
    scheduler.watch('acme', 7, old.firstSeen);
    scheduler.watch('globex', 8, other.firstSeen);
    clock.advance(5 * 60_000);
    assert.equal(heard.length, 0);
    clock.advance(60_000);
    assert.deepEqual(
      heard.map((entry) => [entry.at, entry.kind, entry.number, entry.title]),
      [[360, 'reminder', 7, 'Unacknowledged for 10 min · Acme #7']],
    );
    clock.advance(10 * 60_000);
    assert.deepEqual(
      heard.map((entry) => entry.at),
      [360, 960],
      'and every 10 minutes after',
    );
  });

  test('a console that starts long after the critical does not replay the reminders it missed', () => {
    const { clock, heard, scheduler } = setup(policy, [critical(3, { firstSeen: START - 35 * 60_000 })]);
    scheduler.watch('acme', 3, START - 35 * 60_000);
    clock.advance(4 * 60_000);
    assert.equal(heard.length, 0);
    clock.advance(60_000);
    assert.deepEqual(
      heard.map((entry) => [entry.at, entry.kind]),
      [[300, 'reminder']],
      'the next one, at 40 minutes',
    );
  });

  test('in quiet hours it repeats nothing, and starts again when they end if still unacknowledged', () => {
    // 12:00 UTC on the fake clock's wall; quiet from 12:00 to 12:02.
    const quiet: NotificationPolicy = {
      ...policy,
      reminderMinutes: { '*': 0 },
      quietHours: { enabled: true, start: '12:00', end: '12:02' },
    };
    const { clock, heard, scheduler } = setup(quiet, [critical(1)]);
    scheduler.ring('acme', 1);
    clock.advance(150_000);
    assert.deepEqual(
      heard.map((entry) => entry.at),
      [120, 150],
      'the 30 s, 60 s and 90 s repeats fall in quiet hours; at 12:02:00 they are over',
    );
  });

  test('maintenance ends its repeats; a reminder and a repeat due together sound once', () => {
    const { clock, heard, held, scheduler } = setup(
      { ...policy, repeatCritical: { enabled: true, everySeconds: 60 }, reminderMinutes: { '*': 1 } },
      [critical(1)],
    );
    scheduler.ring('acme', 1);
    clock.advance(60_000);
    assert.deepEqual(
      heard.map((entry) => entry.kind),
      ['reminder'],
    );
    held.set(1, critical(1, { underMaintenance: true }));
    clock.advance(300_000);
    assert.equal(heard.length, 1);
    assert.equal(scheduler.size, 0);
  });

  test('a critical watched before it reaches the store (its change waits for a frame) is reminded on time', () => {
    const { clock, heard, held, scheduler } = setup(
      { ...policy, repeatCritical: { enabled: false, everySeconds: 30 } },
      [],
    );
    scheduler.watch('acme', 9, START - 9 * 60_000);
    held.set(9, critical(9, { firstSeen: START - 9 * 60_000 }));
    clock.advance(61_000);
    assert.deepEqual(
      heard.map((entry) => [entry.at, entry.kind, entry.number]),
      [[60, 'reminder', 9]],
    );
  });
});
