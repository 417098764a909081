/**
 * Triage sessions (docs/NOISE.md): starting one over a customer's top unclassified families, and reading them back
 * with their items and who took part. Decisions are triage-decisions.ts's, the end and its summary triage-end.ts's.
 */
import type { RoomMessage } from '../../shared/room.ts';
import { TRIAGE_FAMILIES, type TriageItem, type TriageSession } from '../../shared/triage.ts';
import { formatNoisePeriod } from '../../shared/noise-period.ts';
import type { Sql } from '../db/database.ts';
import { DomainError } from '../domain-error.ts';
import type { NewEvent } from '../events/log.ts';
import { botLine, insertRoomMessage } from '../rooms/messages.ts';
import { noiseReportIn } from './report.ts';

interface SessionRow {
  id: number;
  started_by: string;
  started_at: Date | string;
  since: Date | string;
  ended_by: string | null;
  ended_at: Date | string | null;
  summary: string | null;
}

/** How many of a family's devices a session offers for "noise on these devices". */
const SEEN_DEVICES = 50;

interface ItemRow {
  position: number;
  family: string;
  label: string;
  occurrences: number | string;
  share: number;
  decision: TriageItem['decision'];
  decided_by: string | null;
  decided_at: Date | string | null;
  tier_notes: string | null;
  device_notes: string | null;
  devices: string[] | null;
  seen_devices: string[];
  note_rule_id: number | string | null;
  transform_id: number | string | null;
  auto_page_transform_id: number | string | null;
}

const iso = (value: Date | string) => new Date(value).toISOString();
const id = (value: number | string | null) => (value === null ? null : Number(value));

function toItem(row: ItemRow): TriageItem {
  return {
    position: row.position,
    family: row.family,
    label: row.label,
    occurrences: Number(row.occurrences),
    share: row.share,
    decision: row.decision,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at === null ? null : iso(row.decided_at),
    tierNotes: row.tier_notes,
    deviceNotes: row.device_notes,
    devices: row.devices,
    seenDevices: row.seen_devices,
    noteRuleId: id(row.note_rule_id),
    transformId: id(row.transform_id),
    autoPageTransformId: id(row.auto_page_transform_id),
  };
}

/**
 * Who took part: those recorded (who started it and who decided), and everyone who wrote in the customer's rooms
 * while it was open. Once it has ended, the record holds them all.
 */
export async function sessionParticipants(db: Sql, customerId: number, sessionId: number): Promise<string[]> {
  const rows = (
    await db.query<{ name: string }>(
      `SELECT name FROM triage_participants WHERE session_id = $2
       UNION
       SELECT m.author FROM room_messages m JOIN triage_sessions s ON s.id = $2
        WHERE m.customer_id = $1 AND m.kind = 'human'
          AND m.created_at >= s.started_at AND m.created_at <= coalesce(s.ended_at, now())
       ORDER BY 1`,
      [customerId, sessionId],
    )
  ).rows;
  return rows.map((row) => row.name);
}

/**
 * The stream event of a change to a session, with the session as it is now: the consoles of everyone in the
 * session follow it without asking.
 */
export function triageEvent(
  customerId: number,
  actor: string,
  change: 'started' | 'decided' | 'ended',
  session: TriageSession,
): NewEvent {
  return { customerId, type: 'triage.changed', alertId: null, actor, payload: { change, session } };
}

/** Adds a participant (idempotent). */
export async function addParticipant(tx: Sql, sessionId: number, name: string): Promise<void> {
  await tx.query(
    `INSERT INTO triage_participants (session_id, name) VALUES ($1, $2) ON CONFLICT (session_id, name) DO NOTHING`,
    [sessionId, name],
  );
}

/** One session of the customer with its items; not_found for another customer's or a missing one. */
export async function getSession(
  db: Sql,
  customer: { id: number; slug: string },
  sessionId: number,
): Promise<TriageSession> {
  const row = (
    await db.query<SessionRow>(`SELECT * FROM triage_sessions WHERE customer_id = $1 AND id = $2`, [
      customer.id,
      sessionId,
    ])
  ).rows[0];
  if (!row) throw new DomainError('not_found', `no triage session ${sessionId}`, 'id');
  const items = (
    await db.query<ItemRow>(`SELECT * FROM triage_items WHERE session_id = $1 ORDER BY position`, [sessionId])
  ).rows;
  return {
    id: Number(row.id),
    customer: customer.slug,
    startedBy: row.started_by,
    startedAt: iso(row.started_at),
    since: iso(row.since),
    endedBy: row.ended_by,
    endedAt: row.ended_at === null ? null : iso(row.ended_at),
    summary: row.summary,
    participants: await sessionParticipants(db, customer.id, sessionId),
    items: items.map(toItem),
  };
}

/** The customer's open session's id, or null. */
export async function openSessionId(db: Sql, customerId: number): Promise<number | null> {
  const row = (
    await db.query<{ id: number }>(`SELECT id FROM triage_sessions WHERE customer_id = $1 AND ended_at IS NULL`, [
      customerId,
    ])
  ).rows[0];
  return row ? Number(row.id) : null;
}

/** The open session (if any) and the most recent ended ones, newest first. */
export async function listSessions(
  db: Sql,
  customer: { id: number; slug: string },
  recent = 20,
): Promise<{ open: TriageSession | null; recent: TriageSession[] }> {
  const open = await openSessionId(db, customer.id);
  const ended = (
    await db.query<{ id: number }>(
      `SELECT id FROM triage_sessions WHERE customer_id = $1 AND ended_at IS NOT NULL ORDER BY id DESC LIMIT $2`,
      [customer.id, recent],
    )
  ).rows;
  return {
    open: open === null ? null : await getSession(db, customer, open),
    recent: await Promise.all(ended.map((row) => getSession(db, customer, Number(row.id)))),
  };
}

/**
 * Starts a session over the customer's top unclassified families of the last `sinceMs` and says so in the room, in
 * the caller's transaction. A customer has one open session at a time: a second start is a conflict naming the open
 * one.
 */
export async function startSession(
  tx: Sql,
  customer: { id: number; slug: string },
  sinceMs: number,
  actor: string,
  replyTo: number | null = null,
): Promise<{ session: TriageSession; events: NewEvent[]; line: RoomMessage }> {
  const open = await openSessionId(tx, customer.id);
  if (open !== null) throw openConflict(open);
  const until = new Date();
  const since = new Date(until.getTime() - sinceMs);
  const report = await noiseReportIn(tx, customer, { since, until }, TRIAGE_FAMILIES, { unclassifiedOnly: true });
  // Two starts at once (two nodes): the one-open-session index lets one in; the other learns which is open.
  const inserted = (
    await tx.query<{ id: number }>(
      `INSERT INTO triage_sessions (customer_id, started_by, since) VALUES ($1, $2, $3)
       ON CONFLICT (customer_id) WHERE ended_at IS NULL DO NOTHING RETURNING id`,
      [customer.id, actor, since.toISOString()],
    )
  ).rows[0];
  if (!inserted) throw openConflict((await openSessionId(tx, customer.id)) ?? 0);
  const sessionId = Number(inserted.id);
  for (const [index, family] of report.families.entries()) {
    await tx.query(
      `INSERT INTO triage_items (session_id, position, family, label, occurrences, share)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [sessionId, index + 1, family.family, family.label, family.occurrences, family.share],
    );
  }
  // The devices each family came from, read in one pass over the period for all of them (a customer with a million
  // alerts must not pay a scan per family).
  await tx.query(
    `WITH per_device AS (
       SELECT family, device, sum(count) AS events,
              row_number() OVER (PARTITION BY family ORDER BY sum(count) DESC, device) AS rank
       FROM alerts
       WHERE customer_id = $2 AND last_seen >= $3::timestamptz AND family = ANY($4::text[])
       GROUP BY family, device
     )
     UPDATE triage_items AS item SET seen_devices = seen.devices
     FROM (SELECT family, jsonb_agg(device ORDER BY rank) AS devices FROM per_device WHERE rank <= $5 GROUP BY family) seen
     WHERE item.session_id = $1 AND item.family = seen.family`,
    [sessionId, customer.id, since.toISOString(), report.families.map((family) => family.family), SEEN_DEVICES],
  );
  await addParticipant(tx, sessionId, actor);
  const first = report.families[0];
  const body =
    `${actor} started triage session #${sessionId} over the last ${formatNoisePeriod(sinceMs)}: ` +
    (first === undefined
      ? 'no unclassified families to go through.'
      : `${report.families.length} unclassified ${report.families.length === 1 ? 'family' : 'families'}, ` +
        `first ${first.label} (${percent(first.share)} of occurrences):\n` +
        report.families
          .map((family, index) => `${index + 1}. ${family.label}: ${family.occurrences} (${percent(family.share)})`)
          .join('\n'));
  const line = await insertRoomMessage(tx, botLine(customer, body, { replyTo }));
  const session = await getSession(tx, customer, sessionId);
  return { session, events: [line.event, triageEvent(customer.id, actor, 'started', session)], line: line.message };
}

function openConflict(sessionId: number): DomainError {
  return new DomainError('conflict', `triage session #${sessionId} is still open: end it first`);
}

/** A share as people read it: "21%", "0.4%". */
export function percent(share: number): string {
  const value = share * 100;
  return `${value >= 10 || value === 0 ? Math.round(value) : value.toFixed(1)}%`;
}
