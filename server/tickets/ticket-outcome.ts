/**
 * Recording what Zendesk made of a ticket's outbox row, in one transaction: the row (through the delivery outbox),
 * the ticket (created with its number, or failed with Zendesk's words), the bot's line in the room the ticket was
 * asked from, and the alert's tickets on the wire.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../db/database.ts';
import { recordSettlement, settle, type RetryLimits } from '../delivery/settle.ts';
import { appendEvents, type NewEvent } from '../events/log.ts';
import type { Outcome } from '../integrations/call-outcome.ts';
import type { CreatedTicket } from '../integrations/zendesk/tickets-client.ts';
import { botLine, insertRoomMessage } from '../rooms/messages.ts';
import { dedupKeyFor } from '../../shared/dedup-key.ts';
import type { RoomName } from '../../shared/room.ts';
import type { TicketPriority } from '../../shared/ticket.ts';
import { refreshAlertTickets, ticketUrl } from './alert-tickets.ts';
import { ticketCreatedLine, ticketFailedLine, type TicketWords } from './ticket-lines.ts';
import { ZENDESK_OUTBOX, type ZendeskDelivery } from './zendesk-outbox.ts';

interface LockedTicket {
  id: number;
  customer_id: number;
  alert_id: number | null;
  alert_number: number | null;
  customer_number: number;
  customer_name: string;
  slug: string;
  external_id: string;
  priority: TicketPriority;
  subject: string;
  delivery: string;
  requested_by: string;
  request_message_id: number | null;
  room: RoomName;
}

export interface TicketRecordOptions {
  limits: RetryLimits;
  log: Pick<FastifyBaseLogger, 'debug' | 'warn'>;
  zendeskUrl: string | undefined;
}

/** Records the attempt; returns the newest seq appended, or null when the row was finished elsewhere. */
export async function recordTicketOutcome(
  db: Database,
  delivery: ZendeskDelivery,
  outcome: Outcome<CreatedTicket>,
  options: TicketRecordOptions,
): Promise<number | null> {
  return db.transaction(async (tx) => {
    const ticket = (
      await tx.query<LockedTicket>(
        `SELECT t.*, a.number AS alert_number, c.number AS customer_number, c.name AS customer_name, c.slug
         FROM zendesk_tickets t JOIN customers c ON c.id = t.customer_id LEFT JOIN alerts a ON a.id = t.alert_id
         WHERE t.id = $1 FOR UPDATE OF t`,
        [delivery.ticketId],
      )
    ).rows[0];
    const settlement = settle(outcome, delivery.claim, options.limits);
    if (!(await recordSettlement(tx, ZENDESK_OUTBOX, delivery.claim, settlement))) return null;
    const logFields = { outbox: delivery.claim.id, ticket: delivery.ticketId, attempt: delivery.claim.attempts + 1 };
    if (!ticket || ticket.delivery !== 'queued') return null;
    let line: string;
    const words: TicketWords = {
      requestedBy: ticket.requested_by,
      priority: ticket.priority,
      externalId: ticket.external_id,
      subject: ticket.subject,
      eventKey:
        ticket.alert_number === null ? null : dedupKeyFor(Number(ticket.customer_number), Number(ticket.alert_number)),
      customerName: ticket.customer_name,
    };
    if (settlement.kind === 'done' && outcome.kind === 'ok') {
      await tx.query(
        `UPDATE zendesk_tickets SET delivery = 'created', zendesk_id = $2, status = $3, delivery_error = NULL,
           updated_at = now() WHERE id = $1`,
        [ticket.id, outcome.value.id, outcome.value.status],
      );
      line = ticketCreatedLine(words, outcome.value.id, ticketUrl(options.zendeskUrl, outcome.value.id));
      options.log.debug(logFields, 'zendesk outbox: ticket created');
    } else if (settlement.kind === 'failed') {
      await tx.query(
        `UPDATE zendesk_tickets SET delivery = 'failed', delivery_error = $2, updated_at = now() WHERE id = $1`,
        [ticket.id, settlement.reason],
      );
      line = ticketFailedLine(words, settlement.reason);
      options.log.warn({ ...logFields, reason: settlement.reason }, 'zendesk outbox: ticket not created');
    } else {
      options.log.debug(
        { ...logFields, reason: outcome.kind === 'ok' ? '' : outcome.reason },
        'zendesk outbox: will retry',
      );
      return null;
    }
    const events: NewEvent[] = [];
    const message = await insertRoomMessage(
      tx,
      botLine({ id: Number(ticket.customer_id), slug: ticket.slug }, line, {
        replyTo: ticket.request_message_id === null ? null : Number(ticket.request_message_id),
        room: ticket.room,
      }),
    );
    events.push(message.event);
    const alertEvent = await refreshAlertTickets(
      tx,
      ticket.alert_id === null ? null : Number(ticket.alert_id),
      options.zendeskUrl,
    );
    if (alertEvent) events.push(alertEvent);
    const range = await appendEvents(tx, events);
    return range?.last ?? null;
  });
}
