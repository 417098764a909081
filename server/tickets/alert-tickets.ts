/**
 * The tickets an alert carries on the wire: rebuilt from its zendesk_tickets rows whenever one is made or changes,
 * stored on the alert (alerts.tickets) and streamed as alert.updated, so consoles show the number live.
 */
import type { TicketRef } from '../../shared/ticket.ts';
import type { Sql } from '../db/database.ts';
import type { NewEvent } from '../events/log.ts';
import { toAlert, type AlertRow } from '../alerts/row.ts';

interface TicketRow {
  zendesk_id: number | string | null;
  external_id: string;
  priority: TicketRef['priority'];
  delivery: string;
  status: string | null;
}

/** The agent-interface link of ticket `id` on the account at `zendeskUrl`. */
export function ticketUrl(zendeskUrl: string | undefined, id: number | null): string | null {
  return zendeskUrl === undefined || id === null ? null : `${zendeskUrl}/agent/tickets/${id}`;
}

/** Stores the alert's tickets as they are now; returns the alert.updated event to append (null: no alert). */
export async function refreshAlertTickets(
  tx: Sql,
  alertId: number | null,
  zendeskUrl: string | undefined,
): Promise<NewEvent | null> {
  if (alertId === null) return null;
  const rows = (
    await tx.query<TicketRow>(
      `SELECT zendesk_id, external_id, priority, delivery, status FROM zendesk_tickets WHERE alert_id = $1 ORDER BY id`,
      [alertId],
    )
  ).rows;
  const tickets: TicketRef[] = rows.map((row) => {
    const id = row.zendesk_id === null ? null : Number(row.zendesk_id);
    return {
      id,
      externalId: row.external_id,
      priority: row.priority,
      status: row.status ?? row.delivery,
      url: ticketUrl(zendeskUrl, id),
    };
  });
  const updated = (
    await tx.query<AlertRow & { slug: string }>(
      `UPDATE alerts a SET tickets = $2::jsonb, updated_at = now() FROM customers c
       WHERE a.id = $1 AND c.id = a.customer_id RETURNING a.*, c.slug`,
      [alertId, JSON.stringify(tickets)],
    )
  ).rows[0];
  if (!updated) return null;
  return {
    customerId: Number(updated.customer_id),
    type: 'alert.updated',
    alertId,
    actor: null,
    payload: toAlert(updated, updated.slug),
  };
}
