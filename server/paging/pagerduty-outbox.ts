/**
 * The PagerDuty outbox as the generic delivery outbox sees it (tables and which rows are paced), and a claimed
 * row read as PagerDuty's: Events API rows are paced per routing key, REST rows go when due, and a page's rows
 * run in id order (its priority update waits for its trigger).
 */
import { z } from 'zod';
import type { ClaimedDelivery, OutboxTable } from '../delivery/outbox-table.ts';

export const PAGERDUTY_OUTBOX: OutboxTable = {
  rows: 'pagerduty_outbox',
  pacing: 'pagerduty_pacing',
  paceKey: 'routing_key',
  sequence: 'page_id',
  paced: "o.operation = 'events.send'",
};

const PagerDutyColumnsSchema = z.object({
  page_id: z.coerce.number().nullable(),
  customer_id: z.coerce.number(),
  operation: z.string(),
  routing_key: z.string().nullable(),
  payload: z.unknown(),
  actor: z.string(),
  actor_email: z.string().nullable(),
});

/** A claimed PagerDuty delivery with its own columns read. */
export interface PagerDutyDelivery {
  claim: ClaimedDelivery;
  pageId: number | null;
  customerId: number;
  operation: string;
  routingKey: string | null;
  payload: unknown;
  actor: string;
  actorEmail: string | null;
}

/** Reads the PagerDuty columns of a claimed row. */
export function readPagerDutyDelivery(claim: ClaimedDelivery): PagerDutyDelivery {
  const columns = PagerDutyColumnsSchema.parse(claim.columns);
  return {
    claim,
    pageId: columns.page_id,
    customerId: columns.customer_id,
    operation: columns.operation,
    routingKey: columns.routing_key,
    payload: columns.payload,
    actor: columns.actor,
    actorEmail: columns.actor_email,
  };
}
