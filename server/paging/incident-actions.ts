/**
 * Mirrors an alert action onto the PagerDuty incidents of its pages, through the outbox: the same whether the
 * operator typed `.ack` in the room or pressed `a` in the console (REST). Returns the dedup keys it queued for.
 */
import type { Sql } from '../db/database.ts';
import type { PagerDutyConfig } from '../integrations/pagerduty/config.ts';
import type { OutboxOperation } from './outbox-operations.ts';
import { enqueueOperations } from './pages.ts';

export interface PagedIncident {
  id: number;
  dedup_key: string;
  routing_key: string;
  /** the paging target's name, for the bot's answers ("coss_102-10000 (COSS oncall macro – Systems)") */
  target_name: string;
  escalation_level: number;
  /** the slug of the customer whose own queue was paged; null for the NOC's targets */
  target_customer: string | null;
}

/**
 * The PagerDuty incidents of an alert: its pages that reached (or may still reach) PagerDuty, one per incident.
 * The dedup key is per alert, so paging the same target twice joins one incident: that incident is acted on (and
 * named) once, through its first page. Another target's service holds another incident under the same key.
 */
export async function pagesOfAlert(tx: Sql, alertId: number): Promise<PagedIncident[]> {
  return (
    await tx.query<PagedIncident>(
      `SELECT * FROM (
         SELECT DISTINCT ON (t.routing_key, p.dedup_key)
                p.id, p.dedup_key, t.routing_key, t.name AS target_name, p.escalation_level, c.slug AS target_customer
         FROM pages p JOIN paging_targets t ON t.id = p.target_id LEFT JOIN customers c ON c.id = t.customer_id
         WHERE p.alert_id = $1 AND p.delivery <> 'failed' ORDER BY t.routing_key, p.dedup_key, p.id
       ) incidents ORDER BY id`,
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
  await queueStatusOnIncidents(tx, pages, status, actor, pagerduty);
  return pages.map((page) => page.dedup_key);
}

/** Queues acknowledge/resolve for each of `pages` (from `pagesOfAlert`), for a caller that names them itself. */
export async function queueStatusOnIncidents(
  tx: Sql,
  pages: readonly PagedIncident[],
  status: 'acknowledged' | 'resolved',
  actor: Actor,
  pagerduty: PagerDutyConfig,
): Promise<void> {
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
