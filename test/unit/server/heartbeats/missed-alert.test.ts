/** The missed-heartbeat alert in an operator's words, and the clear that finds it. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { agoText, missedEvent, recoveredEvent } from '../../../../server/heartbeats/missed-alert.ts';
import type { HeartbeatRow } from '../../../../server/heartbeats/heartbeat-store.ts';

test('ages read as an operator says them', () => {
  assert.equal(agoText(42_000), '42 s ago');
  assert.equal(agoText(12 * 60_000), '12 min ago');
  assert.equal(agoText(119 * 60_000), '119 min ago');
  assert.equal(agoText(5 * 3_600_000), '5 h ago');
  assert.equal(agoText(3 * 86_400_000), '3 days ago');
});

test('the alert is critical, one identity per heartbeat, and its clear has the same key', () => {
  const row: HeartbeatRow = {
    id: 7,
    customer_id: 1,
    slug: 'acme',
    name: 'zenoss-acme',
    source: 'ping',
    interval_ms: 300_000,
    grace_ms: 120_000,
    last_ping_at: new Date('2026-12-07T06:00:00Z'),
    missed_at: null,
    alert_number: null,
    created_at: new Date('2026-12-01T00:00:00Z'),
  };
  const now = new Date('2026-12-07T06:12:00Z');
  const missed = missedEvent(row, now);
  assert.equal(missed.summary, 'Heartbeat zenoss-acme missed: last ping 12 min ago');
  assert.equal(missed.severity, 'critical');
  assert.equal(missed.source, 'heartbeat');
  assert.match(missed.message, /expected every 5m with 2m grace/);
  const clear = recoveredEvent(row, now, 'pinged again');
  assert.equal(clear.isClear, true);
  assert.equal(clear.clearKey, missed.clearKey);
  assert.notEqual(missedEvent({ ...row, name: 'other' }, now).fingerprint, missed.fingerprint);
});
