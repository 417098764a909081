/**
 * Zendesk's event-subscription webhooks (FACTS.md §6): the standard event envelope and the signature
 * `base64(HMAC-SHA256(secret, timestamp + raw body))` in `X-Zendesk-Webhook-Signature`, the timestamp in
 * `X-Zendesk-Webhook-Signature-Timestamp`. The secret is used as the string it is, not base64-decoded.
 */
import { createHmac, randomUUID } from 'node:crypto';
import type { SimComment, SimTicket, TicketStatus } from './types.ts';

export const ACCOUNT_ID = 12514403;

/** The signature Zendesk sends for `body` at `timestamp`. */
export function zendeskSignature(secret: string, timestamp: string, body: string): string {
  return createHmac('sha256', secret)
    .update(timestamp + body, 'utf8')
    .digest('base64');
}

/** The `detail` of a ticket event: ids are strings there (FACTS.md §6, the official example). */
function ticketDetail(ticket: SimTicket): Record<string, unknown> {
  return {
    actor_id: String(ticket.requesterId),
    assignee_id: null,
    brand_id: '1',
    created_at: ticket.createdAt,
    custom_status: null,
    description: ticket.description,
    external_id: ticket.externalId ?? '',
    form_id: '1',
    group_id: ticket.groupId === null ? null : String(ticket.groupId),
    id: String(ticket.id),
    is_public: true,
    organization_id: ticket.organizationId === null ? null : String(ticket.organizationId),
    priority: ticket.priority,
    requester_id: String(ticket.requesterId),
    status: ticket.status,
    subject: ticket.subject,
    submitter_id: String(ticket.submitterId),
    tags: ticket.tags,
    type: ticket.type,
    updated_at: ticket.updatedAt,
    via: { channel: 'web_service' },
  };
}

function envelope(type: string, ticket: SimTicket, event: unknown, at: number): Record<string, unknown> {
  return {
    type: `zen:event-type:ticket.${type}`,
    account_id: ACCOUNT_ID,
    id: randomUUID(),
    time: new Date(at).toISOString(),
    // "2022-11-06" for ticket events is seen only in third-party captures (FACTS.md §6).
    zendesk_event_version: '2022-11-06',
    subject: `zen:ticket:${ticket.id}`,
    detail: ticketDetail(ticket),
    event,
  };
}

export function statusChangedEvent(ticket: SimTicket, previous: TicketStatus, at: number): Record<string, unknown> {
  return envelope('status_changed', ticket, { current: ticket.status, previous }, at);
}

/**
 * No official ticket comment_added example was readable (FACTS.md §6 gap): this `event.comment` shape
 * ({id, body, is_public, author: {id, name, is_staff}}) follows third-party captures.
 */
export function commentAddedEvent(
  ticket: SimTicket,
  comment: SimComment,
  authorName: string,
  at: number,
): Record<string, unknown> {
  return envelope(
    'comment_added',
    ticket,
    {
      comment: {
        id: String(comment.id),
        body: comment.body,
        is_public: comment.public,
        author: { id: String(comment.authorId), name: authorName, is_staff: true },
      },
    },
    at,
  );
}
