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
  return (await tx.query<PagedIncident>(pagedIncidentsSql('$1::bigint'), [alertId])).rows;
}

/** The SELECT of `pagesOfAlert` for the alert whose id is the SQL expression `alertId`, to embed in a statement. */
export function pagedIncidentsSql(alertId: string): string {
  return `SELECT * FROM (
         SELECT DISTINCT ON (t.routing_key, p.dedup_key)
                p.id, p.dedup_key, t.routing_key, t.name AS target_name, p.escalation_level, c.slug AS target_customer
         FROM pages p JOIN paging_targets t ON t.id = p.target_id LEFT JOIN customers c ON c.id = t.customer_id
         WHERE p.alert_id = ${alertId} AND p.delivery <> 'failed' ORDER BY t.routing_key, p.dedup_key, p.id
       ) incidents ORDER BY id`;
}

interface Actor {
  customerId: number;
  displayName: string;
  email: string | null;
}

/** Queues acknowledge/resolve for each of `pages` (from `pagesOfAlert`), for a caller that names them itself. */
export async function queueStatusOnIncidents(
  tx: Sql,
  pages: readonly PagedIncident[],
  status: 'acknowledged' | 'resolved',
  actor: Actor,
  pagerduty: PagerDutyConfig,
): Promise<void> {
  for (const page of pages) await enqueue(tx, page, actor, statusOperation(page, status, pagerduty));
}

/** The outbox operation that takes `page`'s incident to `status`: REST when COSS has a token, else Events API v2. */
export function statusOperation(
  page: Pick<PagedIncident, 'dedup_key' | 'routing_key'>,
  status: 'acknowledged' | 'resolved',
  pagerduty: PagerDutyConfig,
): OutboxOperation {
  return pagerduty.apiToken
    ? { operation: 'rest.incident.update', update: { dedupKey: page.dedup_key, status } }
    : {
        operation: 'events.send',
        body: {
          routing_key: page.routing_key,
          event_action: status === 'acknowledged' ? 'acknowledge' : 'resolve',
          dedup_key: page.dedup_key,
        },
      };
}

/**
 * `statusOperation` as SQL, for a statement that queues it for every row `incident` of `pagedIncidentsSql`:
 * the operation's name and its payload (jsonb). `status` is the SQL text of the status ('acknowledged' or
 * 'resolved'). A test holds the two forms equal.
 */
export function statusOperationSql(
  incident: string,
  status: 'acknowledged' | 'resolved',
  pagerduty: PagerDutyConfig,
): { operation: string; payload: string } {
  if (pagerduty.apiToken) {
    return {
      operation: `'rest.incident.update'`,
      payload: `jsonb_build_object('operation', 'rest.incident.update',
         'update', jsonb_build_object('dedupKey', ${incident}.dedup_key, 'status', '${status}'))`,
    };
  }
  const action = status === 'acknowledged' ? 'acknowledge' : 'resolve';
  return {
    operation: `'events.send'`,
    payload: `jsonb_build_object('operation', 'events.send', 'body', jsonb_build_object(
         'routing_key', ${incident}.routing_key, 'event_action', '${action}', 'dedup_key', ${incident}.dedup_key))`,
  };
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
