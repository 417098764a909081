/**
 * The Zendesk outbox as the generic delivery outbox sees it: every create is paced on the one Zendesk account,
 * and a ticket's rows run in id order.
 */
import { z } from 'zod';
import type { ClaimedDelivery, OutboxTable } from '../delivery/outbox-table.ts';
import type { TicketBody } from '../integrations/zendesk/tickets-client.ts';

export const ZENDESK_OUTBOX: OutboxTable = {
  rows: 'zendesk_outbox',
  pacing: 'zendesk_pacing',
  paceKey: 'pace_key',
  sequence: 'ticket_id',
  paced: 'true',
};

const TicketBodySchema = z.object({
  subject: z.string(),
  comment: z.object({ body: z.string(), public: z.boolean() }),
  priority: z.enum(['urgent', 'high', 'normal', 'low']),
  type: z.literal('incident'),
  tags: z.array(z.string()),
  external_id: z.string(),
  group_id: z.number().int().optional(),
  organization_id: z.number().int().optional(),
  requester_id: z.number().int().optional(),
});

const ZendeskColumnsSchema = z.object({
  ticket_id: z.coerce.number(),
  customer_id: z.coerce.number(),
  payload: z.unknown(),
});

/** A claimed Zendesk delivery with its own columns read; `body` is null when the stored payload is malformed. */
export interface ZendeskDelivery {
  claim: ClaimedDelivery;
  ticketId: number;
  customerId: number;
  body: TicketBody | null;
}

/** Reads the Zendesk columns of a claimed row. */
export function readZendeskDelivery(claim: ClaimedDelivery): ZendeskDelivery {
  const columns = ZendeskColumnsSchema.parse(claim.columns);
  const body = TicketBodySchema.safeParse(columns.payload);
  return {
    claim,
    ticketId: columns.ticket_id,
    customerId: columns.customer_id,
    body: body.success ? body.data : null,
  };
}
