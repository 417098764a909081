/**
 * Acknowledge and resolve from the REST API (the console's `a` and `r`) in two statements and a commit: four round
 * trips to the database, where one statement per step took eight, plus one for each paged incident. The operator
 * waits for all of them.
 *
 * 1. Claim the request's idempotency key, lock the alert, change its status, add the note: one statement. The lock
 *    and the change need the claim; a replay or a concurrent duplicate changes nothing (see `changeStatusOnce`).
 * 2. Queue the status for the alert's PagerDuty incidents, store the answer for the key, append the event: one
 *    statement, started after the lock is held, so it sees every page that a transaction holding the alert's lock
 *    before it created (`.oncall` about the alert locks it too). It takes its row locks (the pages) before the event
 *    log's lock, as every writer must: the PagerDuty worker holds a page while it waits for the log.
 *
 * Both are named prepared statements on PostgreSQL (planned once per connection; their planning was a good part of
 * COSS's time per acknowledgement), so they name the alert columns they return: a prepared `a.*` would fail with
 * "cached plan must not change result type" once a newer node's migration adds a column.
 */
import type { AlertComment } from '../../shared/actions.ts';
import type { Sql } from '../db/database.ts';
import { canAccessCustomer, type UserPrincipal } from '../auth/principal.ts';
import { EVENT_RANGE, eventAppend, eventRange, type EventRangeRow, type NewEvent } from '../events/log.ts';
import { DomainError } from '../domain-error.ts';
import type { PagerDutyConfig } from '../integrations/pagerduty/config.ts';
import { pagedIncidentsSql, statusOperationSql } from '../paging/incident-actions.ts';
import { STATUS_TIMERS, statusTimerCtes } from '../timekeeping/timer-sql.ts';
import { isStaff } from '../../shared/roles.ts';
import type { ActionResult } from './actions.ts';
import { alertColumns, toAlert, type AlertRow } from './row.ts';

export interface StatusChange {
  principal: UserPrincipal;
  number: number;
  status: 'acknowledged' | 'resolved';
  note: string | undefined;
  /** the request's idempotency key, claimed as in server/http/idempotency.ts */
  claim: { principal: string; key: string; scope: string };
  pagerduty: PagerDutyConfig;
  /** Harvest is configured: acknowledging starts the person's timer, resolving stops the alert's timers */
  timekeeping?: boolean;
}

/** What each status change does to the row, and from which statuses (as applyAlertAction does it for the room). */
const CHANGES = {
  acknowledged: {
    set: `status = 'acknowledged', acknowledged_by = $6, updated_at = now()`,
    from: ['open'],
    eventType: 'alert.acknowledged',
  },
  resolved: {
    set: `status = 'resolved', resolved_at = now(), updated_at = now()`,
    from: ['open', 'acknowledged'],
    eventType: 'alert.resolved',
  },
} as const;

type ShownRow = AlertRow & {
  slug: string;
  claim_taken: boolean;
  /** false when there is no such alert, or it is another customer's */
  alert_found: boolean;
  status_changed: boolean;
  comment_id: number | null;
  comment_created_at: Date | string | null;
};

/**
 * Runs `change` in `tx` once per idempotency key. Returns `claimed: false` when the key was already claimed (the
 * claim waited for that transaction to end): the caller answers with the stored answer, or refuses a key used for
 * something else. Otherwise the alert's new state, with `answer` (built by `answerOf` from the result) stored for
 * the key with the PagerDuty incidents queued as its `pagerDuty`.
 */
export async function changeStatusOnce<Answer extends { pagerDuty?: string[] | undefined }>(
  tx: Sql,
  change: StatusChange,
  answerOf: (result: ActionResult) => Answer,
): Promise<{ claimed: false } | { claimed: true; answer: Answer; lastSeq: number | null }> {
  const { principal, claim, status } = change;
  const { set, from, eventType } = CHANGES[status];
  // A customer user's statement sees only their customer's alerts: another customer's answers like a missing one.
  const customerScope = isStaff(principal.role) ? null : (principal.customerId ?? -1);
  // An empty note is no note, as applyAlertAction has it for the room: no empty comment is stored.
  const note = change.note === undefined || change.note === '' ? null : change.note;
  const row = (
    await tx.query<ShownRow>(
      `WITH claim AS (
         INSERT INTO idempotency_keys (principal, key, action, response) VALUES ($1, $2, $3, 'null')
         ON CONFLICT (principal, key) DO NOTHING RETURNING key
       ), target AS (
         SELECT ${alertColumns('a')}, c.slug FROM alerts a JOIN customers c ON c.id = a.customer_id
         WHERE a.number = $4 AND ($5::bigint IS NULL OR a.customer_id = $5::bigint) AND EXISTS (SELECT 1 FROM claim)
         FOR UPDATE OF a
       ), changed AS (
         UPDATE alerts SET ${set} FROM target WHERE alerts.id = target.id AND target.status = ANY ($8::text[])
         RETURNING ${alertColumns('alerts')}, target.slug
       ), comment AS (
         INSERT INTO alert_comments (alert_id, author, body) SELECT id, $6, $7::text FROM changed WHERE $7::text IS NOT NULL
         RETURNING id, created_at
       )
       SELECT EXISTS (SELECT 1 FROM claim) AS claim_taken, EXISTS (SELECT 1 FROM target) AS alert_found,
              EXISTS (SELECT 1 FROM changed) AS status_changed,
              (SELECT id FROM comment) AS comment_id, (SELECT created_at FROM comment) AS comment_created_at, shown.*
       FROM (SELECT 1) AS one LEFT JOIN (
         SELECT * FROM changed UNION ALL SELECT * FROM target WHERE NOT EXISTS (SELECT 1 FROM changed)
       ) AS shown ON true`,
      [claim.principal, claim.key, claim.scope, change.number, customerScope, principal.displayName, note, from],
      { prepare: true },
    )
  ).rows[0];
  if (!row?.claim_taken) return { claimed: false };
  if (!row.alert_found || !canAccessCustomer(principal, Number(row.customer_id))) {
    throw new DomainError('not_found', `no alert ${change.number}`, 'number');
  }
  if (!row.status_changed && status === 'acknowledged' && row.status === 'resolved') {
    throw new DomainError('conflict', `alert ${row.number} is already resolved`);
  }
  const alert = toAlert(row, row.slug);
  const comment: AlertComment | undefined =
    row.comment_id === null
      ? undefined
      : {
          id: Number(row.comment_id),
          author: principal.displayName,
          body: note ?? '',
          createdAt: new Date(row.comment_created_at ?? Date.now()).toISOString(),
        };
  const result: ActionResult = { alert, changed: row.status_changed, pagerDuty: [] };
  if (comment) result.comment = comment;
  const answer = answerOf(result);
  if (!row.status_changed) {
    await tx.query('UPDATE idempotency_keys SET response = $3 WHERE principal = $1 AND key = $2', [
      claim.principal,
      claim.key,
      JSON.stringify(answer),
    ]);
    return { claimed: true, answer, lastSeq: null };
  }

  const event: NewEvent = {
    customerId: Number(row.customer_id),
    type: eventType,
    alertId: Number(row.id),
    actor: principal.displayName,
    payload: comment ? { alert, comment } : alert,
  };
  // The outbox rows' foreign key takes a share lock on each page at the end of the statement, after the event
  // log's lock; `page_locks` takes them first, so the statement waits for a page without holding the log.
  // With Harvest, the timers change in this statement too (no extra round trip), their row locks taken with the
  // pages' before the event log's.
  const timekeeping = change.timekeeping === true;
  const append = eventAppend([event], 8, { after: timekeeping ? 'row_locks' : 'page_locks' });
  const timerCtes = timekeeping
    ? `${statusTimerCtes(status, { alert: '$1::bigint', customer: '$2::bigint' }, `$${8 + append.params.length}::bigint`)},
       row_locks AS (SELECT id FROM page_locks UNION ALL SELECT id FROM ${STATUS_TIMERS}), `
    : '';
  const operation = statusOperationSql('incident', status, change.pagerduty);
  const done = (
    await tx.query<EventRangeRow & { dedup_keys: string[] }>(
      `WITH page_locks AS (
         SELECT id FROM pages WHERE alert_id = $1::bigint FOR KEY SHARE
       ), incidents AS (${pagedIncidentsSql('$1::bigint')}), queued AS (
         INSERT INTO pagerduty_outbox (page_id, customer_id, operation, routing_key, payload, actor, actor_email)
         SELECT incident.id, $2, ${operation.operation}, incident.routing_key, ${operation.payload}, $3, $4
         FROM incidents AS incident ORDER BY incident.id
         RETURNING id
       ), keys AS (
         SELECT coalesce(jsonb_agg(dedup_key ORDER BY id), '[]'::jsonb) AS dedup_keys FROM incidents
       ), answered AS (
         UPDATE idempotency_keys SET response = jsonb_set($5::jsonb, '{pagerDuty}', (SELECT dedup_keys FROM keys))
         WHERE principal = $6 AND key = $7
         RETURNING key
       ), ${timerCtes}${append.ctes}
       SELECT (SELECT dedup_keys FROM keys) AS dedup_keys, (SELECT count(*) FROM queued) AS queued,
              (SELECT count(*) FROM answered) AS answered, ${EVENT_RANGE}.*
       FROM ${EVENT_RANGE}`,
      [
        row.id,
        row.customer_id,
        principal.displayName,
        principal.pagerdutyEmail,
        JSON.stringify({ ...answer, pagerDuty: [] }),
        claim.principal,
        claim.key,
        ...append.params,
        // the acting user, whose timer an acknowledge starts (a resolve stops every timer and needs nobody)
        ...(timekeeping && status === 'acknowledged' ? [principal.userId] : []),
      ],
      { prepare: true },
    )
  ).rows[0];
  const range = eventRange(done);
  return { claimed: true, answer: { ...answer, pagerDuty: done?.dedup_keys ?? [] }, lastSeq: range.last };
}
