/** What the monitor does with one heartbeat at a moment: raise, resolve, or nothing; counted from start-up too. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { verdict } from '../../../../server/heartbeats/heartbeat-monitor.ts';
import type { HeartbeatRow } from '../../../../server/heartbeats/heartbeat-store.ts';

const MINUTE = 60_000;
const t0 = Date.parse('2026-12-07T06:00:00Z');
const at = (minutes: number) => new Date(t0 + minutes * MINUTE);

function row(overrides: Partial<HeartbeatRow> = {}): HeartbeatRow {
  return {
    id: 1,
    customer_id: 1,
    slug: 'acme',
    name: 'zenoss-acme',
    source: 'ping',
    interval_ms: 5 * MINUTE,
    grace_ms: 2 * MINUTE,
    last_ping_at: at(0),
    missed_at: null,
    alert_number: null,
    created_at: at(-60),
    ...overrides,
  };
}

test('a heartbeat is raised only once interval and grace have passed since its last ping', () => {
  const startedLongAgo = at(-600);
  assert.equal(verdict(row(), at(7), startedLongAgo), null);
  assert.equal(verdict(row(), at(7.01), startedLongAgo), 'raise');
});

test('never pinged: due interval and grace after it was made', () => {
  const made = row({ last_ping_at: null, created_at: at(0) });
  assert.equal(verdict(made, at(6), at(-600)), null);
  assert.equal(verdict(made, at(8), at(-600)), 'raise');
});

test('after a start, silence counts only from the start', () => {
  const quietForAnHour = row({ last_ping_at: at(-60) });
  assert.equal(verdict(quietForAnHour, at(1), at(0)), null);
  assert.equal(verdict(quietForAnHour, at(7), at(0)), null);
  assert.equal(verdict(quietForAnHour, at(7.5), at(0)), 'raise');
});

test('a missed heartbeat is resolved once pinged again, and left alone while still silent', () => {
  assert.equal(verdict(row({ missed_at: at(8), last_ping_at: at(0) }), at(9), at(-600)), null);
  assert.equal(verdict(row({ missed_at: at(8), last_ping_at: at(9) }), at(9), at(-600)), 'clear');
});
