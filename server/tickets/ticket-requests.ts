/**
 * Asking for a Zendesk ticket: the ticket row and its outbox row in the caller's transaction (the `.ticket` line's),
 * so neither exists alone; the worker (ticket-delivery.ts) creates it in Zendesk.
 */
import type { Alert } from '../../shared/alert.ts';
import type { Customer } from '../../shared/customer.ts';
import { dedupKeyFor } from '../../shared/dedup-key.ts';
import type { RoomName } from '../../shared/room.ts';
import type { TicketPriority } from '../../shared/ticket.ts';
import type { Sql } from '../db/database.ts';
import type { NewEvent } from '../events/log.ts';
import type { TicketBody } from '../integrations/zendesk/tickets-client.ts';
import { formatEventCard } from '../rooms/event-card.ts';
import { refreshAlertTickets } from './alert-tickets.ts';
import { getZendeskDirectory } from './directory.ts';

export interface TicketRequest {
  customer: Customer;
  alert: Alert | null;
  priority: TicketPriority;
  subject: string;
  requester: { displayName: string; userId: number | null };
  requestMessageId: number | null;
  room: RoomName;
  zendeskUrl: string | undefined;
}

/** Writes the ticket and its outbox row; returns the external id and the alert's alert.updated event (if any). */
export async function requestTicket(
  tx: Sql,
  request: TicketRequest,
): Promise<{ externalId: string; events: NewEvent[] }> {
  const { customer, alert } = request;
  const inserted = (
    await tx.query<{ id: number | string }>(
      `INSERT INTO zendesk_tickets (customer_id, alert_id, external_id, priority, subject, requested_by,
         requested_by_user_id, request_message_id, room)
       VALUES ($1, $2, 'pending-' || gen_random_uuid(), $3, $4, $5, $6, $7, $8) RETURNING id`,
      [
        customer.id,
        alert?.id ?? null,
        request.priority,
        request.subject,
        request.requester.displayName,
        request.requester.userId,
        request.requestMessageId,
        request.room,
      ],
    )
  ).rows[0] as { id: number | string };
  const ticketId = Number(inserted.id);
  const externalId = await externalIdFor(tx, customer, alert, ticketId);
  await tx.query('UPDATE zendesk_tickets SET external_id = $2 WHERE id = $1', [ticketId, externalId]);
  const directory = await getZendeskDirectory(tx, customer.id);
  const body: TicketBody = {
    subject: request.subject,
    comment: { body: commentText(request, directory.contacts), public: false },
    priority: request.priority,
    type: 'incident',
    tags: ['coss', `coss_${customer.number}`, ...(alert ? [`coss_${alert.severity}`] : [])],
    external_id: externalId,
    ...(directory.groupId === null ? {} : { group_id: directory.groupId }),
    ...(directory.organizationId === null ? {} : { organization_id: directory.organizationId }),
    ...(directory.requesterId === null ? {} : { requester_id: directory.requesterId }),
  };
  await tx.query('INSERT INTO zendesk_outbox (ticket_id, customer_id, payload) VALUES ($1, $2, $3)', [
    ticketId,
    customer.id,
    JSON.stringify(body),
  ]);
  const event = await refreshAlertTickets(tx, alert?.id ?? null, request.zendeskUrl);
  return { externalId, events: event ? [event] : [] };
}

/**
 * `coss_<customer#>-<event#>` for an alert's first ticket (the key the NOC already knows from PagerDuty), with
 * `-2`, `-3` … for further requests on the same alert, so each request is its own ticket and a resend of one is
 * still found by its key; `coss_<customer#>-t<id>` for a ticket about no alert.
 */
async function externalIdFor(tx: Sql, customer: Customer, alert: Alert | null, ticketId: number): Promise<string> {
  if (alert === null) return `coss_${customer.number}-t${ticketId}`;
  const base = dedupKeyFor(customer.number, alert.number);
  const earlier = (
    await tx.query<{ n: number | string }>(
      'SELECT count(*) AS n FROM zendesk_tickets WHERE alert_id = $1 AND id < $2',
      [alert.id, ticketId],
    )
  ).rows[0];
  const n = Number(earlier?.n ?? 0);
  return n === 0 ? base : `${base}-${n + 1}`;
}

/** The ticket's first (internal) comment: the alert's card with its escalation notes, and the customer's contacts. */
function commentText(request: TicketRequest, contacts: string): string {
  const parts = [`Requested in COSS by ${request.requester.displayName} for ${request.customer.name}.`];
  if (request.alert) parts.push(formatEventCard(request.alert, request.customer.timeZone));
  parts.push(
    `== ${request.customer.name} contacts ==\n${contacts.trim() === '' ? '(none in the COSS directory)' : contacts}`,
  );
  return parts.join('\n\n');
}
