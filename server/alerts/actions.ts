/**
 * Operator actions on an alert: acknowledge, resolve, assign, note. Each runs in the caller's transaction with its
 * event-log entry; the HTTP edge wraps it with the request's idempotency key, so a replay changes nothing.
 */
import type { Alert } from '../../shared/alert.ts';
import type { AlertComment } from '../../shared/actions.ts';
import { canUseTarget } from '../../shared/permissions.ts';
import type { Sql } from '../db/database.ts';
import { canAccessCustomer, type UserPrincipal } from '../auth/principal.ts';
import { appendEvents, type NewEvent } from '../events/log.ts';
import { DomainError } from '../domain-error.ts';
import type { PagerDutyConfig } from '../integrations/pagerduty/config.ts';
import { queueIncidentNote, type PagedIncident } from '../paging/incident-actions.ts';
import { assignTimers } from '../timekeeping/timer-changes.ts';
import { toAlert, type AlertRow } from './row.ts';

export type AlertAction =
  | { kind: 'acknowledge'; note?: string | undefined }
  | { kind: 'resolve'; note?: string | undefined }
  /** undoes a resolve in COSS; PagerDuty cannot reopen a resolved incident, so it is not told */
  | { kind: 'reopen' }
  | { kind: 'assign'; assignee: string | null }
  | { kind: 'note'; text: string };

export interface ActionResult {
  alert: Alert;
  /** false when the alert was already in the asked-for state */
  changed: boolean;
  comment?: AlertComment;
  /** dedup keys of the PagerDuty incidents this action was queued for */
  pagerDuty?: string[];
}

/** An action of the REST API other than acknowledge and resolve, which take the shorter path of status-change.ts. */
export type OtherAlertAction = Exclude<AlertAction, { kind: 'acknowledge' | 'resolve' }>;

/**
 * Runs `action` on alert `number` for `principal` in `tx`: the alert, its event-log entry and the PagerDuty work it
 * queues. `lastSeq` is the newest seq appended, for waking the stream after the caller commits. With
 * `timekeeping` (Harvest configured) an assignment also moves the alert's timers.
 */
export async function performAlertAction(
  tx: Sql,
  principal: UserPrincipal,
  number: number,
  action: OtherAlertAction,
  pagerduty: PagerDutyConfig,
  timekeeping = false,
): Promise<{ result: ActionResult; lastSeq: number | null }> {
  const row = (
    await tx.query<AlertRow & { slug: string }>(
      `SELECT a.*, c.slug FROM alerts a JOIN customers c ON c.id = a.customer_id WHERE a.number = $1 FOR UPDATE OF a`,
      [number],
    )
  ).rows[0];
  if (!row || !canAccessCustomer(principal, Number(row.customer_id))) {
    throw new DomainError('not_found', `no alert ${number}`, 'number');
  }
  const applied = await applyAlertAction(tx, row, action, principal.displayName);
  const events: NewEvent[] = [];
  if (applied.changed) {
    events.push({
      customerId: Number(row.customer_id),
      type: applied.eventType,
      alertId: Number(row.id),
      actor: principal.displayName,
      payload: applied.comment ? { alert: applied.alert, comment: applied.comment } : applied.alert,
    });
  }
  // A note reaches only the incidents of targets this person may page: a customer's note stays off the NOC's.
  let queued: string[] = [];
  if (applied.changed && action.kind === 'note') {
    const actor = {
      customerId: Number(row.customer_id),
      displayName: principal.displayName,
      email: principal.pagerdutyEmail,
    };
    const mayTouch = (page: PagedIncident) =>
      canUseTarget(principal.role, { customer: page.target_customer }, row.slug);
    queued = await queueIncidentNote(
      tx,
      Number(row.id),
      `${action.text} — ${principal.displayName}`,
      actor,
      pagerduty,
      mayTouch,
    );
  }
  // Taking an alert starts the taker's Harvest timer; handing it over stops the others' (server/timekeeping/).
  if (timekeeping && applied.changed && action.kind === 'assign') {
    await assignTimers(tx, Number(row.id), Number(row.customer_id), action.assignee);
  }
  const range = await appendEvents(tx, events);
  const result: ActionResult = { alert: applied.alert, changed: applied.changed, pagerDuty: queued };
  if (applied.comment) result.comment = applied.comment;
  return { result, lastSeq: range?.last ?? null };
}

/** Applies `action` to a locked alert row; the caller appends the event and commits. */
export async function applyAlertAction(
  tx: Sql,
  row: AlertRow & { slug: string },
  action: AlertAction,
  actor: string,
): Promise<{ alert: Alert; changed: boolean; eventType: string; comment?: AlertComment }> {
  const update = async (sql: string, params: unknown[]) =>
    toAlert((await tx.query<AlertRow>(sql, [row.id, ...params])).rows[0] as AlertRow, row.slug);
  switch (action.kind) {
    case 'acknowledge': {
      if (row.status === 'resolved') throw new DomainError('conflict', `alert ${row.number} is already resolved`);
      if (row.status === 'acknowledged') return { alert: toAlert(row, row.slug), changed: false, eventType: '' };
      const alert = await update(
        `UPDATE alerts SET status = 'acknowledged', acknowledged_by = $2, updated_at = now() WHERE id = $1 RETURNING *`,
        [actor],
      );
      const comment = action.note ? await addComment(tx, row.id, actor, action.note) : undefined;
      return { alert, changed: true, eventType: 'alert.acknowledged', ...(comment ? { comment } : {}) };
    }
    case 'resolve': {
      if (row.status === 'resolved') return { alert: toAlert(row, row.slug), changed: false, eventType: '' };
      const alert = await update(
        `UPDATE alerts SET status = 'resolved', resolved_at = now(), updated_at = now() WHERE id = $1 RETURNING *`,
        [],
      );
      const comment = action.note ? await addComment(tx, row.id, actor, action.note) : undefined;
      return { alert, changed: true, eventType: 'alert.resolved', ...(comment ? { comment } : {}) };
    }
    case 'reopen': {
      if (row.status !== 'resolved') return { alert: toAlert(row, row.slug), changed: false, eventType: '' };
      const twin = await activeTwin(tx, row);
      if (twin !== null) throw new DomainError('conflict', reopenRefusal(row.number, twin));
      // A newer alert with this identity may be committed between the check and the update (the partial unique
      // index of active alerts then refuses it): that is the same conflict, answered the same way.
      await tx.query('SAVEPOINT reopen');
      try {
        const alert = await update(
          `UPDATE alerts SET status = 'open', acknowledged_by = NULL, resolved_at = NULL, updated_at = now() WHERE id = $1 RETURNING *`,
          [],
        );
        await tx.query('RELEASE SAVEPOINT reopen');
        return { alert, changed: true, eventType: 'alert.reopened' };
      } catch (error) {
        if ((error as { code?: unknown }).code !== '23505') throw error;
        await tx.query('ROLLBACK TO SAVEPOINT reopen');
        throw new DomainError('conflict', reopenRefusal(row.number, await activeTwin(tx, row)));
      }
    }
    case 'assign': {
      if (row.assignee === action.assignee) return { alert: toAlert(row, row.slug), changed: false, eventType: '' };
      const alert = await update('UPDATE alerts SET assignee = $2, updated_at = now() WHERE id = $1 RETURNING *', [
        action.assignee,
      ]);
      return { alert, changed: true, eventType: 'alert.assigned' };
    }
    case 'note': {
      const comment = await addComment(tx, row.id, actor, action.text);
      const alert = await update('UPDATE alerts SET updated_at = now() WHERE id = $1 RETURNING *', []);
      return { alert, changed: true, eventType: 'alert.noted', comment };
    }
  }
}

/**
 * The number of the active alert with `row`'s identity, if there is one: one active alert per fingerprint, so a
 * resolved alert whose problem came back as a new alert stays resolved (the new one is where the work is).
 */
export async function activeTwin(tx: Sql, row: AlertRow): Promise<number | null> {
  const twin = await tx.query<{ number: number }>(
    `SELECT b.number FROM alerts a JOIN alerts b ON b.customer_id = a.customer_id
       AND b.fingerprint_digest = a.fingerprint_digest AND b.fingerprint = a.fingerprint
     WHERE a.id = $1 AND b.status <> 'resolved' AND b.id <> a.id LIMIT 1`,
    [row.id],
  );
  const number = twin.rows[0]?.number;
  return number === undefined ? null : Number(number);
}

/** Why a resolved alert is not reopened, naming the alert that holds its identity now. */
export function reopenRefusal(number: number, twin: number | null): string {
  return twin === null
    ? `alert ${number} cannot be reopened: a newer alert with the same fingerprint is active`
    : `alert ${number} cannot be reopened: alert ${twin} with the same fingerprint is active; work on ${twin} instead`;
}

async function addComment(tx: Sql, alertId: number, author: string, body: string): Promise<AlertComment> {
  const row = (
    await tx.query<{ id: number; created_at: Date }>(
      'INSERT INTO alert_comments (alert_id, author, body) VALUES ($1, $2, $3) RETURNING id, created_at',
      [alertId, author, body],
    )
  ).rows[0];
  return { id: Number(row?.id), author, body, createdAt: new Date(row?.created_at ?? Date.now()).toISOString() };
}
