/**
 * Recording what PagerDuty made of an outbox row, in one transaction: the row (through the delivery outbox), what
 * it means for the page (sent, failed, the incident it became, a change PagerDuty refused), the room's bot line,
 * and the stream events.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Database, Sql } from '../db/database.ts';
import { failRestOfSequence, recordSettlement, settle, type RetryLimits, type Settlement } from '../delivery/settle.ts';
import { appendEvents, type NewEvent } from '../events/log.ts';
import { hint } from '../integrations/call-outcome.ts';
import type { IncidentRef } from '../integrations/pagerduty/rest-client.ts';
import { insertRoomMessage } from '../rooms/messages.ts';
import type { RoomName } from '../../shared/room.ts';
import { operationFailedLine, pageFailedLine, pageSentLine } from '../rooms/bot-lines.ts';
import { describeOperation, type OutboxOperation } from './outbox-operations.ts';
import type { Executed } from './pagerduty-calls.ts';
import { PAGERDUTY_OUTBOX, type PagerDutyDelivery } from './pagerduty-outbox.ts';
import { getPage } from './pages.ts';

/** The bot's name in rooms, as the dispatcher signs its answers. */
const BOT_AUTHOR = 'COSS';

interface LockedPage {
  id: number;
  customer_id: number;
  alert_id: number | null;
  slug: string;
  dedup_key: string;
  requested_by: string;
  target_name: string;
  request_message_id: number | null;
  /** the room the page was asked from: PagerDuty's answers about it are said there */
  room: RoomName;
  incident_id: string | null;
  incident_number: number | null;
  delivery: string;
  action_error: string | null;
}

/** What recording did to the page: the bot line to post, and whether the page changed. */
interface PageEffect {
  line: string | null;
  pageChanged: boolean;
}

/** What an outcome is recorded with. */
interface Attempt {
  delivery: PagerDutyDelivery;
  operation: OutboxOperation | null;
  executed: Executed;
  /** the row is the trigger of its page */
  isTrigger: boolean;
}

export interface RecordOptions {
  limits: RetryLimits;
  log: Pick<FastifyBaseLogger, 'debug' | 'warn'>;
}

/** Records the attempt; returns the newest seq appended, or null when nothing was (the row was finished elsewhere). */
export async function recordPagerDutyOutcome(
  db: Database,
  delivery: PagerDutyDelivery,
  operation: OutboxOperation | null,
  executed: Executed,
  options: RecordOptions,
): Promise<number | null> {
  const attempt: Attempt = {
    delivery,
    operation,
    executed,
    isTrigger: operation?.operation === 'events.send' && operation.body.event_action === 'trigger',
  };
  const logFields = {
    outbox: delivery.claim.id,
    page: delivery.pageId,
    operation: delivery.operation,
    routingKey: hint(delivery.routingKey),
    attempt: delivery.claim.attempts + 1,
  };
  return db.transaction(async (tx) => {
    const page = delivery.pageId === null ? null : await lockPage(tx, delivery.pageId);
    const settlement = settle(executed.outcome, delivery.claim, options.limits);
    if (!(await recordSettlement(tx, PAGERDUTY_OUTBOX, delivery.claim, settlement))) return null;
    const effect = await applyToPage(tx, page, attempt, settlement);
    if (settlement.kind === 'done') options.log.debug(logFields, 'pagerduty outbox: delivered');
    else if (settlement.kind === 'retry') {
      options.log.debug(
        { ...logFields, reason: settlement.reason, delayMs: settlement.delayMs },
        'pagerduty outbox: will retry',
      );
    } else options.log.warn({ ...logFields, reason: settlement.reason }, 'pagerduty outbox: delivery failed for good');
    return appendReport(tx, page, attempt, effect);
  });
}

function applyToPage(tx: Sql, page: LockedPage | null, attempt: Attempt, settlement: Settlement): Promise<PageEffect> {
  switch (settlement.kind) {
    case 'done':
      return onDelivered(tx, page, attempt);
    case 'retry':
      return onRetry(tx, page, attempt);
    case 'failed':
      return onFailed(tx, page, attempt, settlement.reason);
  }
}

async function onDelivered(tx: Sql, page: LockedPage | null, attempt: Attempt): Promise<PageEffect> {
  const effect: PageEffect = { line: null, pageChanged: false };
  if (!page) return effect;
  if (attempt.isTrigger && page.delivery !== 'sent') {
    await tx.query(
      `UPDATE pages SET delivery = 'sent', sent_at = now(), attempts = $2, delivery_error = NULL, updated_at = now()
       WHERE id = $1`,
      [page.id, attempt.delivery.claim.attempts + 1],
    );
    effect.line = pageSentLine(page.requested_by, page.dedup_key, page.target_name);
    effect.pageChanged = true;
  }
  // A change that went through replaces the refusal of an earlier one: the incident is where the operator put it.
  if (!attempt.isTrigger && page.action_error !== null) {
    await tx.query('UPDATE pages SET action_error = NULL, updated_at = now() WHERE id = $1', [page.id]);
    effect.pageChanged = true;
  }
  if (await linkIncident(tx, page, attempt.executed.incident)) effect.pageChanged = true;
  return effect;
}

/** Links the page to the incident PagerDuty named, when that is news; true when the page changed. */
async function linkIncident(tx: Sql, page: LockedPage, incident: IncidentRef | null): Promise<boolean> {
  if (!incident) return false;
  if (page.incident_id === incident.id && (incident.number === null || page.incident_number === incident.number))
    return false;
  await tx.query(
    `UPDATE pages SET incident_id = $2, incident_number = coalesce($3, incident_number), updated_at = now() WHERE id = $1`,
    [page.id, incident.id, incident.number],
  );
  return true;
}

async function onRetry(tx: Sql, page: LockedPage | null, attempt: Attempt): Promise<PageEffect> {
  if (!page || !attempt.isTrigger || page.delivery !== 'queued') return { line: null, pageChanged: false };
  await tx.query('UPDATE pages SET attempts = $2, updated_at = now() WHERE id = $1', [
    page.id,
    attempt.delivery.claim.attempts + 1,
  ]);
  return { line: null, pageChanged: true };
}

async function onFailed(tx: Sql, page: LockedPage | null, attempt: Attempt, reason: string): Promise<PageEffect> {
  const { delivery, operation } = attempt;
  if (page && attempt.isTrigger) {
    const effect: PageEffect = { line: null, pageChanged: false };
    if (page.delivery === 'queued') {
      await tx.query(
        `UPDATE pages SET delivery = 'failed', delivery_error = $2, attempts = $3, updated_at = now() WHERE id = $1`,
        [page.id, reason, delivery.claim.attempts + 1],
      );
      effect.line = pageFailedLine(page.requested_by, page.dedup_key, page.target_name, reason);
      effect.pageChanged = true;
    }
    // What was queued behind the trigger (its priority, say) has no incident to act on, ever.
    await failRestOfSequence(tx, PAGERDUTY_OUTBOX, page.id, delivery.claim.id, 'not sent: the page was not delivered');
    return effect;
  }
  const line = operationFailedLine(delivery.actor, describeOperation(operation), page, reason);
  // The row and the detail show it too: COSS says acknowledged, the incident may still be triggered.
  if (page && operation !== null) {
    await tx.query('UPDATE pages SET action_error = $2, updated_at = now() WHERE id = $1', [
      page.id,
      `${describeOperation(operation)}: ${reason}`,
    ]);
    return { line, pageChanged: true };
  }
  return { line, pageChanged: false };
}

/** Posts the bot line and the page's new state; returns the newest seq. */
async function appendReport(
  tx: Sql,
  page: LockedPage | null,
  attempt: Attempt,
  effect: PageEffect,
): Promise<number | null> {
  const { delivery } = attempt;
  const events: NewEvent[] = [];
  if (effect.line !== null) {
    const slug = page?.slug ?? (await customerSlug(tx, delivery.customerId));
    const message = await insertRoomMessage(tx, {
      customerId: delivery.customerId,
      customerSlug: slug,
      kind: 'bot',
      author: BOT_AUTHOR,
      body: effect.line,
      replyTo: attempt.isTrigger ? (page?.request_message_id ?? null) : null,
      room: page?.room ?? 'customer',
    });
    events.push(message.event);
  }
  if (effect.pageChanged && page) {
    const fresh = await getPage(tx, page.id);
    if (fresh) {
      events.push({
        customerId: Number(page.customer_id),
        type: 'page.updated',
        alertId: page.alert_id === null ? null : Number(page.alert_id),
        actor: null,
        payload: fresh,
      });
    }
  }
  const range = await appendEvents(tx, events);
  return range?.last ?? null;
}

async function lockPage(tx: Sql, pageId: number): Promise<LockedPage | null> {
  const row = (
    await tx.query<LockedPage>(
      `SELECT p.id, p.customer_id, p.alert_id, c.slug, p.dedup_key, p.requested_by, t.name AS target_name,
              p.request_message_id, p.incident_id, p.incident_number, p.delivery, p.action_error,
              coalesce((SELECT m.room FROM room_messages m WHERE m.id = p.request_message_id), 'customer') AS room
       FROM pages p JOIN paging_targets t ON t.id = p.target_id JOIN customers c ON c.id = p.customer_id
       WHERE p.id = $1 FOR UPDATE OF p`,
      [pageId],
    )
  ).rows[0];
  if (!row) return null;
  return {
    ...row,
    id: Number(row.id),
    incident_number: row.incident_number === null ? null : Number(row.incident_number),
    request_message_id: row.request_message_id === null ? null : Number(row.request_message_id),
  };
}

async function customerSlug(tx: Sql, customerId: number): Promise<string> {
  const row = (await tx.query<{ slug: string }>('SELECT slug FROM customers WHERE id = $1', [customerId])).rows[0];
  return row?.slug ?? String(customerId);
}
