/**
 * One alert's incident timeline, in words: what changed in the alert, its pages and what PagerDuty did with them,
 * room lines that name it, and notes, each with who and when. Read from the event log, which is the truth.
 */
import type { Alert } from '../../shared/alert.ts';
import { formatDuration } from '../../shared/duration.ts';
import type { MaintenanceMark } from '../../shared/maintenance.ts';
import type { TicketRef } from '../../shared/ticket.ts';
import { sameMark } from '../maintenance/marks.ts';
import type { AlertHistoryEntry } from '../../shared/actions.ts';
import type { Sql } from '../db/database.ts';
import { payloadText } from '../events/payload-text.ts';
import { formatRoomTime } from '../rooms/bot-lines.ts';

interface EventRow {
  seq: number;
  type: string;
  actor: string | null;
  payload: Record<string, unknown>;
  created_at: Date;
}

/** Room lines looked for from this long before the alert opened (a page may be typed just before it arrives). */
const ROOM_LOOKBACK = '1 hour';
/** At most this many room lines, the first ones: the timeline is about the alert, not the whole shift. */
const ROOM_LINES = 200;

/** The timeline of `alert` (its row id `alertId`), oldest first. */
export async function alertTimeline(
  db: Sql,
  alertId: number,
  alert: Alert,
  customerId: number,
  internalRoom: boolean,
): Promise<AlertHistoryEntry[]> {
  const own = await db.query<EventRow>(
    'SELECT seq, type, actor, payload, created_at FROM events WHERE alert_id = $1 ORDER BY seq',
    [alertId],
  );
  // Pages and PagerDuty's answers: page events carry the alert's number whichever path wrote them.
  const pages = await db.query<EventRow>(
    `SELECT seq, type, actor, payload, created_at FROM events
     WHERE customer_id = $1 AND type = 'page.updated' AND (alert_id IS NULL OR alert_id <> $2)
       AND payload->>'alertNumber' = $3 ORDER BY seq`,
    [customerId, alertId, String(alert.number)],
  );
  // A line names the event when its number stands alone (not inside a longer number): `.ack 32962`, `coss_102-32962`.
  // The internal room's lines only for a reader who may see that room.
  const room = await db.query<EventRow>(
    `SELECT seq, type, actor, payload, created_at FROM events
     WHERE customer_id = $1 AND type = 'room.message' AND created_at >= $2::timestamptz - interval '${ROOM_LOOKBACK}'
       AND payload->>'body' ~ ('(^|[^0-9])' || $3 || '([^0-9]|$)')
       AND ($4::boolean OR payload->>'room' IS DISTINCT FROM 'internal') ORDER BY seq LIMIT ${ROOM_LINES}`,
    [customerId, alert.firstSeen, String(alert.number), internalRoom],
  );
  // A heartbeat's alert is resolved when the heartbeat is removed, or is no longer overdue after staff changed it:
  // that change says why (the monitor's clear itself has no actor).
  const removals =
    alert.source === 'heartbeat'
      ? await db.query<EventRow>(
          `SELECT seq, type, actor, payload, created_at FROM events
           WHERE customer_id = $1 AND type = 'heartbeat.changed' AND payload->>'change' IN ('deleted', 'changed')
             AND payload->'heartbeat'->>'name' = $2 AND seq > $3 ORDER BY seq`,
          [customerId, alert.device, Number(own.rows[0]?.seq ?? 0)],
        )
      : { rows: [] };
  const rows = [...own.rows, ...pages.rows, ...room.rows, ...removals.rows]
    // A page asked from the internal room is staff-only, like the line that asked for it.
    .filter((row) => internalRoom || row.type !== 'page.updated' || row.payload.room !== 'internal')
    .sort((a, b) => Number(a.seq) - Number(b.seq));
  // Maintenance ends are said in the customer's time, as the room says them.
  const zone = await db.query<{ time_zone: string }>('SELECT time_zone FROM customers WHERE id = $1', [customerId]);
  const timeZone = zone.rows[0]?.time_zone ?? 'UTC';
  let previous: Partial<Alert> | null = null;
  let heartbeatChange: { removed: boolean; by: string } | null = null;
  return rows.map((row) => {
    const change = row.type === 'alert.resolved' && row.actor === null ? heartbeatChange : null;
    const entry: AlertHistoryEntry = {
      seq: Number(row.seq),
      kind: row.type,
      actor: row.actor,
      at: new Date(row.created_at).toISOString(),
      text:
        change === null
          ? describe(row, previous, timeZone)
          : change.removed
            ? `Resolved: the heartbeat was removed by ${change.by}`
            : `Resolved: no longer overdue after ${change.by} changed the heartbeat`,
    };
    if (row.type === 'heartbeat.changed')
      heartbeatChange = { removed: row.payload.change === 'deleted', by: row.actor ?? 'staff' };
    else if (row.type.startsWith('alert.')) {
      previous = alertOf(row.payload);
      heartbeatChange = null;
    }
    return entry;
  });
}

function alertOf(payload: Record<string, unknown>): Partial<Alert> {
  return ('alert' in payload ? payload.alert : payload) as Partial<Alert>;
}

function describe(row: EventRow, previous: Partial<Alert> | null, timeZone: string): string {
  const payload = row.payload;
  const alert = alertOf(payload);
  const note = (payload.comment as { body?: unknown } | undefined)?.body;
  switch (row.type) {
    case 'alert.created':
      return `Opened: ${alert.severity ?? ''} ${alert.summary ?? ''}`.trim();
    case 'alert.updated':
      return describeUpdate(previous, alert, timeZone);
    case 'alert.acknowledged':
      return typeof note === 'string' ? `Acknowledged: ${note}` : 'Acknowledged';
    case 'alert.resolved':
      if (row.actor === null) return 'Cleared by the monitor';
      return typeof note === 'string' ? `Resolved: ${note}` : 'Resolved';
    case 'alert.reopened':
      return 'Reopened: open again after being resolved';
    case 'alert.assigned':
      return alert.assignee ? `Assigned to ${alert.assignee}` : 'Unassigned';
    case 'alert.noted':
      return `Note: ${typeof note === 'string' ? note : ''}`;
    case 'page.updated':
      return describePage(payload, row.actor);
    case 'heartbeat.changed':
      return describeHeartbeatChange(payload, row.actor);
    case 'room.message':
      // A card repeats the alert the timeline is about: saying where it went is enough.
      if (payload.card !== null && payload.card !== undefined) return "Posted as a card in the customer's room";
      return `${payloadText(payload.author, row.actor ?? '')}: ${payloadText(payload.body)}`;
    default:
      return row.type;
  }
}

/**
 * What a repeat or a change of the alert from the monitor changed, as an operator would say it. A maintenance window
 * made, started, extended or ended (or Zenoss's production state) changes only the mark: that is no repeat.
 */
function describeUpdate(previous: Partial<Alert> | null, alert: Partial<Alert>, timeZone: string): string {
  const mark = describeMark(previous?.maintenance ?? null, alert.maintenance ?? null, timeZone);
  const repeated = previous?.count === undefined || alert.count !== previous.count;
  // A Zendesk ticket made or changed is said as such, not as the alert being seen again.
  const tickets = describeTickets(previous?.tickets ?? [], alert.tickets ?? []);
  if (tickets !== null && mark === null && previous?.count !== undefined && !repeated) return tickets;
  const changes: string[] = [];
  if (previous?.severity !== undefined && alert.severity !== previous.severity)
    changes.push(`severity ${previous.severity} → ${alert.severity}`);
  if (previous?.summary !== undefined && alert.summary !== previous.summary)
    changes.push(`summary now “${alert.summary}”`);
  if (previous?.status === 'acknowledged' && alert.status === 'open') changes.push('open again');
  if (mark !== null && !repeated && changes.length === 0) return mark;
  if (mark !== null) changes.push(mark);
  const count = typeof alert.count === 'number' ? ` (count ${alert.count})` : '';
  return changes.length === 0 ? `Seen again${count}` : `Seen again${count}: ${changes.join(', ')}`;
}

/** The alert's Zendesk tickets that are new or changed, in words ("Zendesk ticket #4821 (coss_102-32962, urgent): new"). */
function describeTickets(before: readonly TicketRef[], after: readonly TicketRef[]): string | null {
  const changed = after.filter((ticket) => {
    const old = before.find((candidate) => candidate.externalId === ticket.externalId);
    return old === undefined || old.status !== ticket.status || old.id !== ticket.id;
  });
  if (changed.length === 0) return null;
  return changed
    .map((ticket) => {
      const name =
        ticket.id === null
          ? `${ticket.externalId} (${ticket.priority})`
          : `#${ticket.id} (${ticket.externalId}, ${ticket.priority})`;
      return `Zendesk ticket ${name}: ${ticket.status}`;
    })
    .join('; ');
}

/** The change of the alert's maintenance mark in words, or null when it did not change. */
function describeMark(before: MaintenanceMark | null, after: MaintenanceMark | null, timeZone: string): string | null {
  if (sameMark(before, after)) return null;
  const until = (mark: MaintenanceMark) =>
    mark.until === null ? '' : `, until ${formatRoomTime(new Date(mark.until), timeZone)}`;
  if (after === null) {
    if (before?.source === 'zenoss') return 'Zenoss production state no longer Maintenance: normal again';
    return `Maintenance window #${before?.windowId ?? '?'} ended: normal again`;
  }
  if (after.source === 'zenoss') return 'Under maintenance: Zenoss has the device in production state Maintenance';
  if (before?.windowId === after.windowId) return `Maintenance window #${after.windowId} now lasts${until(after)}`;
  return `Under maintenance window #${after.windowId} (“${after.reason}”${until(after)})`;
}

/** A page's delivery and its PagerDuty incident: who asked, where it went, and what PagerDuty says of it. */
function describePage(page: Record<string, unknown>, actor: string | null): string {
  const target = payloadText(page.targetName, payloadText(page.target));
  const priority = payloadText(page.priority);
  const incident = typeof page.incidentStatus === 'string' ? page.incidentStatus : null;
  // Stored as "<what>: <why>" by the PagerDuty outbox when a change to the incident was refused or could not be made.
  if (typeof page.actionError === 'string' && page.actionError !== '') {
    const colon = page.actionError.indexOf(': ');
    const what = colon < 0 ? 'change' : page.actionError.slice(0, colon);
    const why = colon < 0 ? page.actionError : page.actionError.slice(colon + 2);
    return `PagerDuty refused the ${what} (${target}): ${why}`;
  }
  switch (page.delivery) {
    case 'queued':
      return `Page to ${target} (${priority}) requested by ${payloadText(page.requestedBy)}, waiting to be sent`;
    case 'failed':
      return `Page to ${target} failed: ${payloadText(page.deliveryError, 'PagerDuty refused it')}`;
    default:
      if (incident === null) return `Page to ${target} (${priority}) sent to PagerDuty`;
      // PagerDuty names the service as the agent of its own triggers: no "by" then.
      return `PagerDuty: incident ${incident}${actor !== null && actor !== target ? ` by ${actor}` : ''} (${target})`;
  }
}

/** A staff change of a heartbeat in its alert's timeline: removed, or given a new interval or grace. */
function describeHeartbeatChange(payload: Record<string, unknown>, actor: string | null): string {
  const heartbeat = (payload.heartbeat ?? {}) as { name?: unknown; intervalMs?: unknown; graceMs?: unknown };
  const by = actor === null ? '' : ` by ${actor}`;
  const name = payloadText(heartbeat.name);
  if (payload.change === 'deleted') return `Heartbeat ${name} removed${by}`;
  const interval = typeof heartbeat.intervalMs === 'number' ? formatDuration(heartbeat.intervalMs) : '?';
  const grace = typeof heartbeat.graceMs === 'number' ? formatDuration(heartbeat.graceMs) : '?';
  return `Heartbeat ${name} changed${by}: every ${interval}, grace ${grace}`;
}
