import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { weeklyOccurrences, windowStatus, zonedInstant } from '../../../shared/maintenance-schedule.ts';

const at = (iso: string) => new Date(iso);
const spans = (list: { start: Date; end: Date }[]) =>
  list.map(({ start, end }) => `${start.toISOString()}–${end.toISOString()}`);

test('a weekly window keeps its local hours across the spring-forward change', () => {
  // New York moves from EST (-5) to EDT (-4) at 02:00 on Sunday 8 March 2026.
  const occurrences = weeklyOccurrences(
    { days: ['Sun'], start: '01:00', end: '05:00' },
    'America/New_York',
    at('2026-03-01T00:00:00Z'),
    at('2026-03-16T00:00:00Z'),
  );
  assert.deepEqual(spans(occurrences), [
    '2026-03-01T06:00:00.000Z–2026-03-01T10:00:00.000Z',
    // 01:00 EST to 05:00 EDT: three hours of clock time pass in four shown.
    '2026-03-08T06:00:00.000Z–2026-03-08T09:00:00.000Z',
    '2026-03-15T05:00:00.000Z–2026-03-15T09:00:00.000Z',
  ]);
});

test('a start in the skipped hour is read an hour later; a repeated hour is its first time', () => {
  assert.equal(
    zonedInstant({ year: 2026, month: 3, day: 8 }, 2, 30, 'America/New_York').toISOString(),
    '2026-03-08T07:30:00.000Z', // 03:30 EDT
  );
  // London repeats 01:00–02:00 on 25 October 2026: 01:30 is first BST (00:30Z).
  assert.equal(
    zonedInstant({ year: 2026, month: 10, day: 25 }, 1, 30, 'Europe/London').toISOString(),
    '2026-10-25T00:30:00.000Z',
  );
});

test('across the fall-back change, and overnight windows end the next day', () => {
  const occurrences = weeklyOccurrences(
    { days: ['Sat'], start: '23:00', end: '03:00' },
    'Europe/London',
    at('2026-10-17T00:00:00Z'),
    at('2026-11-01T00:00:00Z'),
  );
  assert.deepEqual(spans(occurrences), [
    '2026-10-17T22:00:00.000Z–2026-10-18T02:00:00.000Z',
    // 23:00 BST to 03:00 GMT: five hours.
    '2026-10-24T22:00:00.000Z–2026-10-25T03:00:00.000Z',
    '2026-10-31T23:00:00.000Z–2026-11-01T03:00:00.000Z',
  ]);
});

test('a recurrence may name its own zone; several days', () => {
  const occurrences = weeklyOccurrences(
    { days: ['Mon', 'Wed'], start: '09:00', end: '10:00', timeZone: 'Asia/Tokyo' },
    'UTC',
    at('2026-12-07T00:00:00Z'),
    at('2026-12-10T00:00:00Z'),
  );
  assert.deepEqual(spans(occurrences), [
    '2026-12-07T00:00:00.000Z–2026-12-07T01:00:00.000Z',
    '2026-12-09T00:00:00.000Z–2026-12-09T01:00:00.000Z',
  ]);
});

test('state of one-off and weekly windows at a moment', () => {
  const oneOff = {
    startsAt: at('2026-12-07T10:00:00Z'),
    endsAt: at('2026-12-07T12:00:00Z'),
    recurrence: null,
    endedAt: null,
    timeZone: 'UTC',
  };
  assert.equal(windowStatus(oneOff, at('2026-12-07T09:59:59Z')).state, 'scheduled');
  assert.equal(windowStatus(oneOff, at('2026-12-07T09:59:59Z')).next?.start.toISOString(), '2026-12-07T10:00:00.000Z');
  const active = windowStatus(oneOff, at('2026-12-07T11:00:00Z'));
  assert.equal(active.state, 'active');
  assert.equal(active.current?.end.toISOString(), '2026-12-07T12:00:00.000Z');
  assert.equal(windowStatus(oneOff, at('2026-12-07T12:00:00Z')).state, 'ended');
  assert.equal(
    windowStatus({ ...oneOff, endedAt: at('2026-12-07T11:00:00Z') }, at('2026-12-07T11:00:01Z')).state,
    'ended',
    'ended early by someone',
  );

  const weekly = {
    startsAt: at('2026-12-01T00:00:00Z'),
    endsAt: at('2026-12-20T03:00:00Z'),
    recurrence: { days: ['Sun' as const], start: '02:00', end: '04:00' },
    endedAt: null,
    timeZone: 'UTC',
  };
  assert.equal(windowStatus(weekly, at('2026-12-06T03:00:00Z')).state, 'active');
  const between = windowStatus(weekly, at('2026-12-07T03:00:00Z'));
  assert.equal(between.state, 'scheduled');
  assert.equal(between.next?.start.toISOString(), '2026-12-13T02:00:00.000Z');
  const last = windowStatus(weekly, at('2026-12-20T02:30:00Z'));
  assert.equal(last.current?.end.toISOString(), '2026-12-20T03:00:00.000Z', 'clipped to the window end');
  assert.equal(windowStatus(weekly, at('2026-12-20T03:00:00Z')).state, 'ended');
});

test('every occurrence starts at its local start time on one of its days, in any zone', () => {
  const zones = ['America/New_York', 'Europe/Berlin', 'Australia/Sydney', 'Asia/Kolkata', 'America/Santiago', 'UTC'];
  const clock = fc
    .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
    .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
  fc.assert(
    fc.property(
      fc.constantFrom(...zones),
      fc.subarray(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const, { minLength: 1 }),
      clock,
      clock,
      fc.date({ min: at('2025-01-01T00:00:00Z'), max: at('2028-01-01T00:00:00Z'), noInvalidDate: true }),
      (timeZone, days, start, end, from) => {
        const occurrences = weeklyOccurrences(
          { days, start, end },
          timeZone,
          from,
          new Date(from.getTime() + 14 * 86_400_000),
        );
        const shown = new Intl.DateTimeFormat('en-GB', {
          timeZone,
          weekday: 'short',
          hour: '2-digit',
          minute: '2-digit',
          hourCycle: 'h23',
        });
        for (const occurrence of occurrences) {
          assert.ok(occurrence.end > occurrence.start);
          assert.ok(occurrence.end.getTime() - occurrence.start.getTime() <= 86_400_000 + 3_600_000);
          const parts = Object.fromEntries(shown.formatToParts(occurrence.start).map((p) => [p.type, p.value]));
          // Either the start's local time, or (in a skipped hour) later on the same day.
          assert.ok(days.includes(parts.weekday as (typeof days)[number]), `${parts.weekday} not in ${days.join()}`);
          if (`${parts.hour}:${parts.minute}` !== start) assert.ok(`${parts.hour}:${parts.minute}` > start);
        }
        // At least one occurrence per week of days.
        assert.ok(occurrences.length >= days.length);
      },
    ),
    { numRuns: 300 },
  );
});
