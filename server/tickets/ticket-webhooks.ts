/**
 * Zendesk's event-subscription webhooks about our tickets (FACTS.md §6), applied in one transaction: the delivery's
 * event id is recorded first (a replay of it changes nothing), then a status change or a public comment on a ticket
 * COSS made becomes a line in the room the ticket was asked from, and a status change goes onto the alert.
 */
import { z } from 'zod';
import type { Database, Sql } from '../db/database.ts';
import { appendEvents, type NewEvent } from '../events/log.ts';
import { botLine, insertRoomMessage } from '../rooms/messages.ts';
import type { RoomName } from '../../shared/room.ts';
import { refreshAlertTickets } from './alert-tickets.ts';
import { ticketCommentLine, ticketStatusLine } from './ticket-lines.ts';

/** The envelope, read leniently: ids in `detail` are strings in Zendesk's examples, numbers are accepted too. */
export const ZendeskEventSchema = z.object({
  id: z.string().min(1).max(200),
  type: z.string().min(1).max(200),
  detail: z
    .object({
      id: z.union([z.string(), z.number()]).optional(),
      external_id: z.string().nullable().optional(),
    })
    .passthrough(),
  event: z.unknown().optional(),
});
export type ZendeskEvent = z.infer<typeof ZendeskEventSchema>;

/** The longest comment quoted in the room; the rest is in Zendesk. */
const MAX_COMMENT = 1000;

interface TicketRow {
  id: number;
  customer_id: number;
  alert_id: number | null;
  zendesk_id: number | null;
  external_id: string;
  status: string | null;
  room: RoomName;
  slug: string;
}

/** What became of a delivery: a replay of one already taken, or taken (applied, or not about our tickets). */
export type WebhookResult = { kind: 'duplicate' } | { kind: 'accepted'; seq: number | null; applied: boolean };

/** Records and applies one verified delivery. */
export async function applyZendeskEvent(
  db: Database,
  event: ZendeskEvent,
  zendeskUrl: string | undefined,
): Promise<WebhookResult> {
  const zendeskId = numberOf(event.detail.id);
  return db.transaction(async (tx) => {
    const fresh = await tx.query(
      `INSERT INTO zendesk_webhooks (event_id, event_type, zendesk_id) VALUES ($1, $2, $3)
       ON CONFLICT (event_id) DO NOTHING`,
      [event.id, event.type, zendeskId],
    );
    if (fresh.rowCount === 0) return { kind: 'duplicate' };
    const externalId = event.detail.external_id ?? null;
    const ticket = (
      await tx.query<TicketRow>(
        `SELECT t.id, t.customer_id, t.alert_id, t.zendesk_id, t.external_id, t.status, t.room, c.slug
         FROM zendesk_tickets t JOIN customers c ON c.id = t.customer_id
         WHERE ($1::bigint IS NOT NULL AND t.zendesk_id = $1) OR ($2::text IS NOT NULL AND t.external_id = $2)
         ORDER BY (t.zendesk_id = $1) DESC NULLS LAST LIMIT 1 FOR UPDATE OF t`,
        [zendeskId, externalId === '' ? null : externalId],
      )
    ).rows[0];
    if (!ticket || zendeskId === null) return { kind: 'accepted', seq: null, applied: false };
    const events: NewEvent[] = [];
    const line = await lineFor(tx, ticket, zendeskId, event);
    if (line === null) return { kind: 'accepted', seq: null, applied: false };
    const message = await insertRoomMessage(
      tx,
      botLine({ id: Number(ticket.customer_id), slug: ticket.slug }, line.text, { room: ticket.room }),
    );
    events.push(message.event);
    if (line.statusChanged) {
      const alertEvent = await refreshAlertTickets(
        tx,
        ticket.alert_id === null ? null : Number(ticket.alert_id),
        zendeskUrl,
      );
      if (alertEvent) events.push(alertEvent);
    }
    const range = await appendEvents(tx, events);
    return { kind: 'accepted', seq: range?.last ?? null, applied: true };
  });
}

async function lineFor(
  tx: Sql,
  ticket: TicketRow,
  zendeskId: number,
  event: ZendeskEvent,
): Promise<{ text: string; statusChanged: boolean } | null> {
  const change = (event.event ?? {}) as Record<string, unknown>;
  if (event.type.endsWith('.status_changed')) {
    const current = typeof change.current === 'string' ? change.current.toLowerCase() : null;
    if (current === null || current === ticket.status) return null;
    const previous = typeof change.previous === 'string' ? change.previous.toLowerCase() : ticket.status;
    await tx.query(
      `UPDATE zendesk_tickets SET status = $2, zendesk_id = coalesce(zendesk_id, $3), updated_at = now() WHERE id = $1`,
      [ticket.id, current, zendeskId],
    );
    return { text: ticketStatusLine(zendeskId, ticket.external_id, current, previous), statusChanged: true };
  }
  if (event.type.endsWith('.comment_added')) {
    // The comment's shape comes from third-party captures (FACTS.md §6 gap): `is_public` or `public`, author name.
    const comment = (change.comment ?? {}) as Record<string, unknown>;
    const isPublic = comment.is_public ?? comment.public;
    const body = typeof comment.body === 'string' ? comment.body.trim() : '';
    if (isPublic !== true || body === '') return null;
    const author = (comment.author ?? {}) as Record<string, unknown>;
    const name = typeof author.name === 'string' && author.name !== '' ? author.name : 'someone';
    const quoted = body.length > MAX_COMMENT ? `${body.slice(0, MAX_COMMENT)}…` : body;
    return { text: ticketCommentLine(zendeskId, ticket.external_id, name, quoted), statusChanged: false };
  }
  return null;
}

function numberOf(value: string | number | undefined): number | null {
  const number = typeof value === 'string' ? Number(value) : value;
  return typeof number === 'number' && Number.isSafeInteger(number) && number > 0 ? number : null;
}
