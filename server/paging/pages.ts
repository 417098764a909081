/** Creating a page: the page row and its outbox row in the caller's transaction, so neither exists alone. */
import type { Alert } from '../../shared/alert.ts';
import type { Customer } from '../../shared/customer.ts';
import type { Page } from '../../shared/paging.ts';
import type { Sql } from '../db/database.ts';
import type { PagePriority } from '../../shared/commands/catalog.ts';
import type { PagerDutyConfig } from '../integrations/pagerduty/config.ts';
import type { EventsV2Body } from '../integrations/pagerduty/events-v2-schema.ts';
import type { OutboxOperation } from './outbox-operations.ts';
import { dedupKeyFor } from '../../shared/dedup-key.ts';
import type { StoredTarget } from './targets.ts';

export interface PageRequest {
  customer: Customer;
  alert: Alert | null;
  target: StoredTarget;
  priority: PagePriority;
  message: string;
  requester: { displayName: string; userId: number | null; email: string | null };
  requestMessageId: number | null;
}

interface PageRow {
  id: number;
  alert_number: number | null;
  path: string;
  target_name: string;
  priority: Page['priority'];
  dedup_key: string;
  message: string;
  requested_by: string;
  delivery: Page['delivery'];
  delivery_error: string | null;
  attempts: number;
  incident_id: string | null;
  incident_number: number | null;
  incident_status: string | null;
  action_error: string | null;
  created_at: Date | string;
  sent_at: Date | string | null;
  slug: string;
  room: 'customer' | 'internal';
}

export const SELECT_PAGES = `SELECT p.*, a.number AS alert_number, t.path, t.name AS target_name, c.slug,
    coalesce((SELECT m.room FROM room_messages m WHERE m.id = p.request_message_id), 'customer') AS room
  FROM pages p JOIN paging_targets t ON t.id = p.target_id JOIN customers c ON c.id = p.customer_id
  LEFT JOIN alerts a ON a.id = p.alert_id`;

/** The wire form of a page row selected with SELECT_PAGES. */
export function toPage(row: PageRow): Page {
  return {
    id: Number(row.id),
    customer: row.slug,
    alertNumber: row.alert_number === null ? null : Number(row.alert_number),
    target: row.path,
    targetName: row.target_name,
    priority: row.priority,
    dedupKey: row.dedup_key,
    message: row.message,
    requestedBy: row.requested_by,
    delivery: row.delivery,
    deliveryError: row.delivery_error,
    attempts: Number(row.attempts),
    incidentId: row.incident_id,
    incidentNumber: row.incident_number === null ? null : Number(row.incident_number),
    incidentStatus: row.incident_status,
    actionError: row.action_error ?? null,
    createdAt: new Date(row.created_at).toISOString(),
    sentAt: row.sent_at === null ? null : new Date(row.sent_at).toISOString(),
    room: row.room,
  };
}

/** One page by id. */
export async function getPage(db: Sql, id: number): Promise<Page | null> {
  const row = (await db.query<PageRow>(`${SELECT_PAGES} WHERE p.id = $1`, [id])).rows[0];
  return row ? toPage(row) : null;
}

/** The Events API v2 trigger: the alert with its tier and device notes rides along in custom_details. */
export function triggerBody(request: PageRequest, dedupKey: string, config: PagerDutyConfig): EventsV2Body {
  const { alert, customer, target, priority, message, requester } = request;
  const rule = config.priorities[priority];
  const link = config.publicUrl && alert ? `${config.publicUrl.replace(/\/+$/, '')}/alerts/${alert.number}` : undefined;
  return {
    routing_key: target.routingKey,
    event_action: 'trigger',
    dedup_key: dedupKey,
    payload: {
      summary: message.slice(0, 1024),
      source: alert?.device ?? `coss/${customer.slug}`,
      severity: rule.severity,
      timestamp: new Date().toISOString(),
      ...(alert ? { component: alert.component, class: alert.eventClass } : {}),
      group: customer.name,
      custom_details: {
        customer: customer.name,
        customer_number: customer.number,
        priority,
        urgency: rule.urgency,
        paged_by: requester.displayName,
        message,
        ...(alert
          ? {
              event_number: alert.number,
              device: alert.device,
              ip: alert.ip,
              component: alert.component,
              event_class: alert.eventClass,
              severity: alert.severity,
              summary: alert.summary,
              count: alert.count,
              first_seen: alert.firstSeen,
              last_seen: alert.lastSeen,
              tier_notes: alert.notes.tier,
              device_notes: alert.notes.device,
            }
          : {}),
      },
    },
    ...(link ? { links: [{ href: link, text: `COSS event ${alert?.number}` }] } : {}),
    client: 'COSS',
    ...(config.publicUrl ? { client_url: config.publicUrl } : {}),
  };
}

/** Writes the page and its outbox rows; the caller's transaction commits both or neither. */
export async function createPage(tx: Sql, request: PageRequest, config: PagerDutyConfig): Promise<Page> {
  const inserted = (
    await tx.query<{ id: number }>(
      `INSERT INTO pages (customer_id, alert_id, target_id, priority, dedup_key, message, requested_by,
         requested_by_user_id, request_message_id)
       VALUES ($1, $2, $3, $4, '', $5, $6, $7, $8) RETURNING id`,
      [
        request.customer.id,
        request.alert?.id ?? null,
        request.target.id,
        request.priority,
        request.message,
        request.requester.displayName,
        request.requester.userId,
        request.requestMessageId,
      ],
    )
  ).rows[0];
  const pageId = Number(inserted?.id);
  // An alert's dedup key is stable (coss_102-32962) so PagerDuty folds repeats into one incident;
  // a page about no alert gets its own.
  const dedupKey = dedupKeyFor(request.customer.number, request.alert?.number ?? 0).replace(/-0$/, `-p${pageId}`);
  await tx.query('UPDATE pages SET dedup_key = $2 WHERE id = $1', [pageId, dedupKey]);

  const operations: OutboxOperation[] = [{ operation: 'events.send', body: triggerBody(request, dedupKey, config) }];
  const priorityName = config.priorities[request.priority].priorityName;
  if (priorityName && config.apiToken) {
    operations.push({ operation: 'rest.incident.update', update: { dedupKey, priorityName } });
  }
  await enqueueOperations(tx, {
    customerId: request.customer.id,
    pageId,
    routingKey: request.target.routingKey,
    actor: request.requester.displayName,
    actorEmail: request.requester.email,
    operations,
  });
  return (await getPage(tx, pageId)) as Page;
}

/** Appends outbox rows in order; the worker runs a page's rows in id order. */
export async function enqueueOperations(
  tx: Sql,
  input: {
    customerId: number;
    pageId: number | null;
    routingKey: string | null;
    actor: string;
    actorEmail: string | null;
    operations: OutboxOperation[];
  },
): Promise<void> {
  for (const operation of input.operations) {
    await tx.query(
      `INSERT INTO pagerduty_outbox (page_id, customer_id, operation, routing_key, payload, actor, actor_email)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        input.pageId,
        input.customerId,
        operation.operation,
        operation.operation === 'events.send' ? operation.body.routing_key : input.routingKey,
        JSON.stringify(operation),
        input.actor,
        input.actorEmail,
      ],
    );
  }
}
