/**
 * Mirrors an alert action onto the PagerDuty incidents of its pages, through the outbox: the same whether the
 * operator typed `.ack` in the room or pressed `a` in the console (REST). Returns the dedup keys it queued for.
 */
import type { Sql } from '../db/database.ts';
import type { PagerDutyConfig } from '../pagerduty/config.ts';
import type { OutboxOperation } from '../pagerduty/operations.ts';
import { enqueueOperations } from './pages.ts';

export interface PagedIncident {
  id: number;
  dedup_key: string;
  routing_key: string;
  escalation_level: number;
  /** the slug of the customer whose own queue was paged; null for the NOC's targets */
  target_customer: string | null;
}

/** The pages of an alert that reached (or may still reach) PagerDuty. */
export async function pagesOfAlert(tx: Sql, alertId: number): Promise<PagedIncident[]> {
  return (
    await tx.query<PagedIncident>(
      `SELECT p.id, p.dedup_key, t.routing_key, p.escalation_level, c.slug AS target_customer
       FROM pages p JOIN paging_targets t ON t.id = p.target_id LEFT JOIN customers c ON c.id = t.customer_id
       WHERE p.alert_id = $1 AND p.delivery <> 'failed' ORDER BY p.id`,
      [alertId],
    )
  ).rows;
}

interface Actor {
  customerId: number;
  displayName: string;
  email: string | null;
}

/** Queues acknowledge/resolve for every page of the alert: REST when COSS has a token, else Events API v2. */
export async function queueIncidentStatus(
  tx: Sql,
  alertId: number,
  status: 'acknowledged' | 'resolved',
  actor: Actor,
  pagerduty: PagerDutyConfig,
): Promise<string[]> {
  const pages = await pagesOfAlert(tx, alertId);
  for (const page of pages) {
    const operation: OutboxOperation = pagerduty.apiToken
      ? { operation: 'rest.incident.update', update: { dedupKey: page.dedup_key, status } }
      : {
          operation: 'events.send',
          body: {
            routing_key: page.routing_key,
            event_action: status === 'acknowledged' ? 'acknowledge' : 'resolve',
            dedup_key: page.dedup_key,
          },
        };
    await enqueue(tx, page, actor, operation);
  }
  return pages.map((page) => page.dedup_key);
}

/**
 * Queues a note on the incident of every page that `mayTouch` allows; needs the REST API, so nothing is queued
 * without a token.
 */
export async function queueIncidentNote(
  tx: Sql,
  alertId: number,
  content: string,
  actor: Actor,
  pagerduty: PagerDutyConfig,
  mayTouch: (page: PagedIncident) => boolean,
): Promise<string[]> {
  if (!pagerduty.apiToken) return [];
  const pages = (await pagesOfAlert(tx, alertId)).filter(mayTouch);
  for (const page of pages) {
    await enqueue(tx, page, actor, { operation: 'rest.incident.note', note: { dedupKey: page.dedup_key, content } });
  }
  return pages.map((page) => page.dedup_key);
}

/** Queues one operation for one page. */
export async function enqueue(tx: Sql, page: PagedIncident, actor: Actor, operation: OutboxOperation): Promise<void> {
  await enqueueOperations(tx, {
    customerId: actor.customerId,
    pageId: Number(page.id),
    routingKey: page.routing_key,
    actor: actor.displayName,
    actorEmail: actor.email,
    operations: [operation],
  });
}
