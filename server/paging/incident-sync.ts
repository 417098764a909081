/**
 * The one path by which PagerDuty's changes reach COSS, used by webhooks and by the log-entry poll alike.
 *
 * A change is applied at most once however often it is seen: each incident keeps the state COSS last applied
 * (status, assignment, priority, with the PagerDuty time of each) and reported notes. A change older than what
 * was applied, or one that leaves the state as it is (incident-change.ts decides), is recorded and reports nothing.
 */
import { createHash } from 'node:crypto';
import type { Sql } from '../db/database.ts';
import { appendEvents, type NewEvent } from '../events/log.ts';
import { toAlert, type AlertRow } from '../alerts/row.ts';
import { getPage } from './pages.ts';
import { insertRoomMessage } from '../rooms/messages.ts';
import type { RoomName } from '../../shared/room.ts';
import { incidentReportLine } from '../rooms/bot-lines.ts';
import {
  assigneeNames,
  decide,
  type Decision,
  type IncidentChange,
  type IncidentState,
  type IncidentStatus,
} from './incident-change.ts';

interface MatchedPage {
  id: number;
  customer_id: number;
  alert_id: number | null;
  dedup_key: string;
  requested_by: string;
  incident_id: string | null;
  target_name: string;
  slug: string;
  time_zone: string;
  /** the room the page was asked from: PagerDuty's reports about its incident are said there */
  room: RoomName;
}

interface StateRow {
  status: IncidentStatus | null;
  status_at: Date | string | null;
  assignment: string;
  assigned_at: Date | string | null;
  escalation_policy_id: string | null;
  priority: string | null;
  priority_at: Date | string | null;
}

const date = (value: Date | string | null) => (value === null ? null : new Date(value));

/** Pages this incident belongs to: linked by id, or (not yet linked) by dedup key on a matching service. */
export async function findPagesForIncident(
  tx: Sql,
  change: Pick<IncidentChange, 'incidentId' | 'incidentKey' | 'serviceId'>,
  lock = false,
): Promise<MatchedPage[]> {
  return (
    await tx.query<MatchedPage>(
      `SELECT p.id, p.customer_id, p.alert_id, p.dedup_key, p.requested_by, p.incident_id, t.name AS target_name,
              c.slug, c.time_zone,
              coalesce((SELECT m.room FROM room_messages m WHERE m.id = p.request_message_id), 'customer') AS room
       FROM pages p JOIN paging_targets t ON t.id = p.target_id JOIN customers c ON c.id = p.customer_id
       WHERE p.incident_id = $1
          OR ($2::text IS NOT NULL AND p.dedup_key = $2::text AND p.incident_id IS NULL
              AND (t.service_id IS NULL OR $3::text IS NULL OR t.service_id = $3::text))
       ORDER BY p.id ${lock ? 'FOR UPDATE OF p' : ''}`,
      [change.incidentId, change.incidentKey, change.serviceId],
    )
  ).rows.map((row) => ({
    ...row,
    id: Number(row.id),
    customer_id: Number(row.customer_id),
    alert_id: row.alert_id === null ? null : Number(row.alert_id),
  }));
}

export interface ApplyResult {
  /** recorded on the webhook row: 'unknown incident', 'acknowledged', 'already acknowledged', … */
  outcome: string;
  /** newest event seq written, for hub.wake */
  lastSeq: number | null;
  reported: boolean;
}

/** Applies one change in the caller's transaction: pages, alerts, the room line and their events. */
export async function applyIncidentChange(tx: Sql, change: IncidentChange): Promise<ApplyResult> {
  const pages = await findPagesForIncident(tx, change, true);
  if (pages.length === 0) return { outcome: 'unknown incident', lastSeq: null, reported: false };
  const state = await lockIncidentState(tx, change.incidentId);
  let decision = decide(state, change);
  if (change.kind === 'annotated' && decision.report && (await noteAlreadySeen(tx, change))) {
    decision = { report: false, reason: 'note already reported', what: null, next: {} };
  }
  await storeIncidentState(tx, change, decision);

  const events: NewEvent[] = [];
  const unlinked = pages.filter((page) => page.incident_id === null).map((page) => page.id);
  const pagesToUpdate = decision.report ? pages.map((page) => page.id) : unlinked;
  await updatePages(tx, pagesToUpdate, change, decision.report, decision.next.status ?? change.status ?? state.status);
  if (decision.report) {
    const alertIds = [...new Set(pages.map((page) => page.alert_id).filter((id): id is number => id !== null))];
    for (const alertId of alertIds) {
      const alertEvent = await updateAlert(tx, alertId, change);
      if (alertEvent) events.push(alertEvent);
    }
  }
  for (const pageId of pagesToUpdate) {
    const page = await getPage(tx, pageId);
    const owner = pages.find((p) => p.id === pageId) as MatchedPage;
    if (page)
      events.push({
        customerId: owner.customer_id,
        type: 'page.updated',
        alertId: null,
        actor: change.agent,
        payload: page,
      });
  }
  if (decision.report && decision.what !== null)
    events.push(...(await reportInRooms(tx, pages, change, decision.what)));
  const range = await appendEvents(tx, events);
  return { outcome: decision.reason, lastSeq: range?.last ?? null, reported: decision.report };
}

/** What COSS last applied of the incident, its row locked (and created when this is the first word of it). */
async function lockIncidentState(tx: Sql, incidentId: string): Promise<IncidentState> {
  await tx.query('INSERT INTO pagerduty_incidents (incident_id) VALUES ($1) ON CONFLICT (incident_id) DO NOTHING', [
    incidentId,
  ]);
  const row = (
    await tx.query<StateRow>('SELECT * FROM pagerduty_incidents WHERE incident_id = $1 FOR UPDATE', [incidentId])
  ).rows[0] as StateRow;
  return {
    status: row.status,
    statusAt: date(row.status_at),
    assignment: row.assignment,
    assignedAt: date(row.assigned_at),
    escalationPolicyId: row.escalation_policy_id,
    priority: row.priority,
    priorityAt: date(row.priority_at),
  };
}

/** Notes have no state to compare: the same note from a webhook and a log entry carries (nearly) the same time. */
async function noteAlreadySeen(tx: Sql, change: IncidentChange): Promise<boolean> {
  const hash = createHash('sha256')
    .update(change.note ?? '')
    .digest('hex');
  const seen = await tx.query(
    `SELECT 1 FROM pagerduty_incident_notes WHERE incident_id = $1 AND content_hash = $2
       AND at BETWEEN $3::timestamptz - interval '10 seconds' AND $3::timestamptz + interval '10 seconds'`,
    [change.incidentId, hash, change.occurredAt.toISOString()],
  );
  if (seen.rows.length > 0) return true;
  await tx.query(
    'INSERT INTO pagerduty_incident_notes (incident_id, content_hash, at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
    [change.incidentId, hash, change.occurredAt.toISOString()],
  );
  return false;
}

/** Records what the incident is now, as far as the change says. */
async function storeIncidentState(tx: Sql, change: IncidentChange, decision: Decision): Promise<void> {
  const next = decision.next;
  await tx.query(
    `UPDATE pagerduty_incidents SET
       incident_key = COALESCE($2, incident_key), incident_number = COALESCE($3, incident_number),
       service_id = COALESCE($4, service_id), escalation_policy_id = COALESCE($5, escalation_policy_id),
       status = CASE WHEN $6 THEN $7 ELSE status END, status_at = CASE WHEN $6 THEN $8::timestamptz ELSE status_at END,
       assignment = CASE WHEN $9 THEN $10 ELSE assignment END,
       assigned_at = CASE WHEN $9 THEN $11::timestamptz ELSE assigned_at END,
       escalation_level = COALESCE($12, escalation_level),
       priority = CASE WHEN $13 THEN $14 ELSE priority END,
       priority_at = CASE WHEN $13 THEN $15::timestamptz ELSE priority_at END,
       updated_at = now()
     WHERE incident_id = $1`,
    [
      change.incidentId,
      change.incidentKey,
      change.incidentNumber,
      change.serviceId,
      next.escalationPolicyId ?? change.escalationPolicy?.id ?? null,
      next.status !== undefined,
      next.status ?? null,
      next.statusAt?.toISOString() ?? null,
      next.assignment !== undefined,
      next.assignment ?? '',
      next.assignedAt?.toISOString() ?? null,
      decision.report ? change.escalationLevel : null,
      next.priorityAt !== undefined,
      next.priority ?? null,
      next.priorityAt?.toISOString() ?? null,
    ],
  );
}

/** Links the pages to the incident and shows its status (and, on news, its assignees) on them. */
async function updatePages(
  tx: Sql,
  pageIds: number[],
  change: IncidentChange,
  reported: boolean,
  status: IncidentStatus | null,
): Promise<void> {
  if (pageIds.length === 0) return;
  await tx.query(
    `UPDATE pages SET incident_id = $2, incident_number = COALESCE($3, incident_number),
       incident_status = COALESCE($4, incident_status),
       incident_assignees = CASE WHEN $5::jsonb IS NULL THEN incident_assignees ELSE $5::jsonb END, updated_at = now()
     WHERE id = ANY($1::bigint[])`,
    [
      pageIds,
      change.incidentId,
      change.incidentNumber,
      status,
      change.assignees && reported ? JSON.stringify(change.assignees) : null,
    ],
  );
}

/**
 * One line per room the incident was paged from (a customer's shared room, its internal room, or both): the newest
 * page asked from that room names who asked and which target.
 */
async function reportInRooms(
  tx: Sql,
  pages: readonly MatchedPage[],
  change: IncidentChange,
  what: string,
): Promise<NewEvent[]> {
  const newestByRoom = new Map<string, MatchedPage>();
  for (const page of pages) newestByRoom.set(`${page.customer_id}:${page.room}`, page);
  const events: NewEvent[] = [];
  for (const page of newestByRoom.values()) {
    const body = incidentReportLine(
      page.requested_by,
      page.dedup_key,
      page.target_name,
      what,
      change.occurredAt,
      page.time_zone,
    );
    const { event } = await insertRoomMessage(tx, {
      customerId: page.customer_id,
      customerSlug: page.slug,
      kind: 'bot',
      author: 'COSS',
      body,
      room: page.room,
      command: {
        pagerduty: { incidentId: change.incidentId, change: change.kind, source: change.source, id: change.sourceId },
      },
    });
    events.push(event);
  }
  return events;
}

/** The alert side of a change; null when the alert is already there (or the change does not touch alerts). */
async function updateAlert(tx: Sql, alertId: number, change: IncidentChange): Promise<NewEvent | null> {
  let sql: string;
  let params: unknown[] = [alertId];
  let type = 'alert.updated';
  switch (change.kind) {
    case 'acknowledged':
      sql = `UPDATE alerts SET status = 'acknowledged', acknowledged_by = $2, updated_at = now()
             WHERE id = $1 AND status = 'open' RETURNING *`;
      params = [alertId, change.agent ?? 'PagerDuty'];
      type = 'alert.acknowledged';
      break;
    case 'resolved':
      sql = `UPDATE alerts SET status = 'resolved', resolved_at = now(), updated_at = now()
             WHERE id = $1 AND status <> 'resolved' RETURNING *`;
      type = 'alert.resolved';
      break;
    case 'unacknowledged':
      sql = `UPDATE alerts SET status = 'open', acknowledged_by = NULL, updated_at = now()
             WHERE id = $1 AND status = 'acknowledged' RETURNING *`;
      break;
    case 'reopened':
      // A resolved alert comes back only if no newer alert with its identity is active (one active per fingerprint).
      sql = `UPDATE alerts a SET status = 'open', acknowledged_by = NULL, resolved_at = NULL, updated_at = now()
             WHERE a.id = $1 AND a.status <> 'open' AND NOT EXISTS (
               SELECT 1 FROM alerts b WHERE b.customer_id = a.customer_id AND b.fingerprint_digest = a.fingerprint_digest
                 AND b.fingerprint = a.fingerprint
                 AND b.status <> 'resolved' AND b.id <> a.id)
             RETURNING *`;
      break;
    case 'reassigned': {
      const assignee = assigneeNames(change.assignees) || null;
      sql = `UPDATE alerts SET assignee = $2, updated_at = now() WHERE id = $1 AND assignee IS DISTINCT FROM $2 RETURNING *`;
      params = [alertId, assignee];
      type = 'alert.assigned';
      break;
    }
    default:
      return null;
  }
  const row = (await tx.query<AlertRow>(sql, params)).rows[0];
  if (!row) return null;
  const slug =
    (await tx.query<{ slug: string }>('SELECT slug FROM customers WHERE id = $1', [row.customer_id])).rows[0]?.slug ??
    '';
  return {
    customerId: Number(row.customer_id),
    type,
    alertId: Number(row.id),
    actor: change.agent,
    payload: toAlert(row, slug),
  };
}
