/** The alert a missed heartbeat raises, and the clear that resolves it: events for the normal ingest path. */
import type { NormalizedEvent } from '../../shared/alert.ts';
import { formatDuration } from '../../shared/duration.ts';
import type { HeartbeatRow } from './heartbeat-store.ts';

/** "12 min ago", as an operator reads it at a glance. */
export function agoText(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 120) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} days ago`;
}

/** One identity per heartbeat, so a repeat (a raise after a crash) is the same alert and the clear finds it. */
function identity(name: string): string {
  return `heartbeat|${name}`;
}

function event(row: HeartbeatRow, now: Date, isClear: boolean, summary: string, message: string): NormalizedEvent {
  return {
    source: 'heartbeat',
    fingerprint: identity(row.name),
    clearKey: identity(row.name),
    isClear,
    device: row.name,
    ip: null,
    component: 'heartbeat',
    eventClass: '/Heartbeat',
    eventKey: row.name,
    severity: isClear ? 'clear' : 'critical',
    summary,
    message,
    count: 1,
    firstSeen: now,
    lastSeen: now,
    deviceGroups: [],
    systems: [],
    location: null,
    labels: { heartbeat: row.name },
    annotations: {},
    externalId: null,
    generatorUrl: null,
  };
}

/** "Heartbeat zenoss-acme missed: last ping 12 min ago", critical. */
export function missedEvent(row: HeartbeatRow, now: Date): NormalizedEvent {
  const every = `expected every ${formatDuration(Number(row.interval_ms))} with ${formatDuration(Number(row.grace_ms))} grace`;
  const summary =
    row.last_ping_at === null
      ? `Heartbeat ${row.name} missed: no ping since it was made ${agoText(now.getTime() - new Date(row.created_at).getTime())}`
      : `Heartbeat ${row.name} missed: last ping ${agoText(now.getTime() - new Date(row.last_ping_at).getTime())}`;
  const what =
    row.source === 'watchdog'
      ? "Alertmanager's Watchdog alert has stopped arriving: the Prometheus alerting pipeline may be down."
      : 'The monitor that pings this heartbeat has gone silent.';
  return event(row, now, false, summary, `${what} ${every}.`);
}

/** The clear of a heartbeat's alert, sent when it is pinged again (or removed). */
export function recoveredEvent(row: HeartbeatRow, now: Date, why: string): NormalizedEvent {
  return event(row, now, true, `Heartbeat ${row.name} ${why}`, '');
}
