/** Audit export of a room: every message (human, bot, system) and every action in a date range. */
import { AuditQuerySchema, type RoomMessage } from '../../shared/room.ts';
import type { Sql } from '../db/database.ts';
import { isStorableDate } from '../db/storable.ts';
import { roomMessagesBetween } from './messages.ts';
import { payloadText } from '../events/payload-text.ts';
import { formatDuration } from '../../shared/duration.ts';
import { timeForAudit } from '../timekeeping/time-summary.ts';

const STORABLE_MESSAGE = 'must fall between years 0001 and 9999 in UTC';

/**
 * The audit query as the server takes it: a valid ISO date can still lie outside what PostgreSQL stores (e.g.
 * `9999-12-31T23:59:59-14:00` is year 10000 in UTC), and would fail the query with a 500.
 */
export const AuditRequestSchema = AuditQuerySchema.refine((query) => isStorableDate(new Date(query.from)), {
  path: ['from'],
  message: STORABLE_MESSAGE,
}).refine((query) => isStorableDate(new Date(query.to)), { path: ['to'], message: STORABLE_MESSAGE });

/** One line of the audit: a room message or a logged action on an alert or page. */
export interface AuditEntry {
  /** when COSS received it */
  at: string;
  /** when the person acted, if COSS received it later (a line typed while the console was offline); else null */
  actedAt: string | null;
  type: 'message' | 'action';
  /** which room a message was in (the customer's shared one or the staff-only internal one); null for an action */
  room: 'customer' | 'internal' | null;
  kind: string;
  actor: string;
  text: string;
  seq: number | null;
  messageId: number | null;
  alertNumber: number | null;
}

const ACTION_TYPES = [
  'alert.acknowledged',
  'alert.resolved',
  'alert.reopened',
  'alert.assigned',
  'alert.noted',
  'page.updated',
  'notes.rules-changed',
];

/** Collects the audit entries of one customer in [from, to), oldest first. */
export async function collectAudit(
  db: Sql,
  customer: { id: number; slug: string },
  from: Date,
  to: Date,
): Promise<AuditEntry[]> {
  const messages = await roomMessagesBetween(db, customer, from, to);
  const actions = (
    await db.query<{
      seq: number;
      type: string;
      actor: string | null;
      payload: Record<string, unknown>;
      created_at: Date;
    }>(
      `SELECT seq, type, actor, payload, created_at FROM events
       WHERE customer_id = $1 AND type = ANY($2::text[]) AND created_at >= $3 AND created_at < $4 ORDER BY seq`,
      [customer.id, ACTION_TYPES, from.toISOString(), to.toISOString()],
    )
  ).rows;
  // Time per person (Harvest timers and logged durations), as actions of kind time.tracked.
  const time = await timeForAudit(db, customer.id, from, to);
  const entries: AuditEntry[] = [
    ...messages.map((message: RoomMessage) => ({
      at: message.createdAt,
      actedAt: message.actedAt ?? null,
      type: 'message' as const,
      room: message.room ?? 'customer',
      kind: message.kind,
      actor: message.author,
      text: message.body,
      seq: null,
      messageId: message.id,
      alertNumber: null,
    })),
    ...actions.map((row) => ({
      at: new Date(row.created_at).toISOString(),
      actedAt: null,
      type: 'action' as const,
      room: null,
      kind: row.type,
      actor: row.actor ?? 'COSS',
      text: describeAction(row.type, row.payload),
      seq: Number(row.seq),
      messageId: null,
      alertNumber: alertNumberOf(row.payload),
    })),
    ...time.map((row) => ({
      at: row.at,
      actedAt: null,
      type: 'action' as const,
      room: null,
      kind: 'time.tracked',
      actor: row.person,
      text:
        row.kind === 'timer'
          ? `timer on event ${row.alertNumber}: ${formatDuration(Math.round(row.ms / 60_000) * 60_000)}${row.running ? ' (running)' : ''}`
          : `logged ${formatDuration(Math.round(row.ms / 60_000) * 60_000)} on event ${row.alertNumber}${row.notes ? `: ${row.notes}` : ''}`,
      seq: null,
      messageId: null,
      alertNumber: row.alertNumber,
    })),
  ];
  return entries.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

function alertNumberOf(payload: Record<string, unknown>): number | null {
  const alert = (payload.alert ?? payload) as { number?: unknown };
  if (typeof alert.number === 'number') return alert.number;
  return typeof payload.alertNumber === 'number' ? payload.alertNumber : null;
}

function describeAction(type: string, payload: Record<string, unknown>): string {
  const number = alertNumberOf(payload);
  switch (type) {
    case 'alert.acknowledged':
      return `acknowledged event ${number}`;
    case 'alert.resolved':
      return `resolved event ${number}`;
    case 'alert.reopened':
      return `reopened event ${number}`;
    case 'alert.assigned':
      return `assigned event ${number} to ${payloadText((payload as { assignee?: unknown }).assignee, 'nobody')}`;
    case 'alert.noted':
      return `noted on event ${number}: ${payloadText((payload.comment as { body?: unknown } | undefined)?.body)}`;
    case 'page.updated':
      return `page ${payloadText(payload.dedupKey)} to ${payloadText(payload.targetName)}: delivery ${payloadText(payload.delivery)}${payload.incidentStatus ? `, incident ${payloadText(payload.incidentStatus)}` : ''}`;
    default:
      return type;
  }
}

/** RFC 4180 CSV with a header row; fields quoted when they need it. */
export function auditToCsv(entries: readonly AuditEntry[]): string {
  const quote = (value: string | number | null) => {
    const text = value === null ? '' : String(value);
    // A leading = + - @ would be read as a formula by spreadsheet programs; a quote mark defuses it.
    const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
    return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
  };
  const header = 'at,acted_at,type,room,kind,actor,alert_number,seq,message_id,text';
  const rows = entries.map((e) =>
    [e.at, e.actedAt, e.type, e.room, e.kind, e.actor, e.alertNumber, e.seq, e.messageId, e.text].map(quote).join(','),
  );
  return [header, ...rows].join('\r\n') + '\r\n';
}

/** A Markdown transcript: one bullet per entry, bot lines, internal-room lines and actions marked. */
export function auditToMarkdown(entries: readonly AuditEntry[], title: string): string {
  const escape = (text: string) => text.replace(/([\\`*_[\]<>])/g, '\\$1').replace(/\n/g, '  \n  ');
  const lines = entries.map((e) =>
    e.type === 'message'
      ? `- \`${e.at}\`${e.room === 'internal' ? ' [internal]' : ''} **${escape(e.actor)}**${e.kind === 'bot' ? ' (bot)' : e.kind === 'system' ? ' (system)' : ''}${e.actedAt !== null ? ` (typed \`${e.actedAt}\` while offline)` : ''}: ${escape(e.text)}`
      : `- \`${e.at}\` _${escape(e.actor)}_ ${escape(e.text)}`,
  );
  return [`# ${title}`, '', ...lines, ''].join('\n');
}
