/** The heartbeat contract: durations as typed, names fit for a URL, and the state a console shows at a moment. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  HeartbeatInputSchema,
  HeartbeatNameSchema,
  HeartbeatPingSchema,
  heartbeatStateAt,
} from '../../../shared/heartbeat.ts';

test('intervals from 30 s to 7 days, grace up to a day, in the units operators type', () => {
  assert.deepEqual(HeartbeatPingSchema.parse({ interval: '1h30m', grace: '0s' }), { interval: 5_400_000, grace: 0 });
  assert.deepEqual(HeartbeatPingSchema.parse({}), {});
  for (const interval of ['29s', '8d', 'soon', '5 minutes', '']) {
    const result = HeartbeatPingSchema.safeParse({ interval });
    assert.equal(result.success, false, interval);
    assert.deepEqual(result.error?.issues[0]?.path, ['interval']);
  }
  assert.equal(HeartbeatPingSchema.safeParse({ grace: '2d' }).success, false);
  assert.equal(HeartbeatPingSchema.safeParse({ interval: '5m', extra: 1 }).success, false);
});

test('names: lowercase letters, digits, dot, dash, underscore; at most 63', () => {
  for (const good of ['zenoss-acme', 'etl.hourly', 'a', 'backup_2', 'x'.repeat(63)]) {
    assert.equal(HeartbeatNameSchema.safeParse(good).success, true, good);
  }
  for (const bad of ['', 'Zenoss', '-x', 'a/b', 'a b', 'x'.repeat(64), '..']) {
    assert.equal(HeartbeatNameSchema.safeParse(bad).success, false, bad);
  }
  assert.equal(HeartbeatInputSchema.safeParse({ name: 'x', interval: '5m' }).success, true);
});

test('the state at a moment: waiting, up, late once due, missed once its alert is raised', () => {
  const base = {
    customer: 'acme',
    name: 'x',
    source: 'ping' as const,
    intervalMs: 300_000,
    graceMs: 120_000,
    lastPingAt: null,
    dueAt: '2026-12-07T06:07:00.000Z',
    missedAt: null,
    alertNumber: null,
    createdAt: '2026-12-07T06:00:00.000Z',
  };
  const at = (iso: string) => Date.parse(iso);
  assert.equal(heartbeatStateAt(base, at('2026-12-07T06:05:00Z')), 'waiting');
  assert.equal(heartbeatStateAt({ ...base, lastPingAt: base.createdAt }, at('2026-12-07T06:05:00Z')), 'up');
  assert.equal(heartbeatStateAt({ ...base, lastPingAt: base.createdAt }, at('2026-12-07T06:07:01Z')), 'late');
  assert.equal(heartbeatStateAt({ ...base, missedAt: '2026-12-07T06:07:10Z' }, at('2026-12-07T06:08:00Z')), 'missed');
});
