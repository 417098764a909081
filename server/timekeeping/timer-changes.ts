/**
 * What acknowledging, taking, handing over and resolving an alert do to its timers, for the paths that run their
 * own statements (the room's `.ack`/`.resolve`, REST assign, `.time start|stop`). The REST acknowledge and resolve
 * put the same CTEs into their one statement (server/alerts/status-change.ts).
 */
import type { Sql } from '../db/database.ts';
import { assigneeUserSql, startTimerCtes, stopTimersCtes } from './timer-sql.ts';

const REFS = { alert: '$1::bigint', customer: '$2::bigint' };

/** How many outbox rows a change queued (wake the Harvest worker when more than none). */
export type Queued = number;

async function run(tx: Sql, ctes: string[], counted: string[], params: unknown[]): Promise<Queued> {
  const total = counted.map((name) => `(SELECT count(*) FROM ${name})`).join(' + ');
  const row = (await tx.query<{ queued: number }>(`WITH ${ctes.join(', ')} SELECT ${total} AS queued`, params)).rows[0];
  return Number(row?.queued ?? 0);
}

/** Starts `userId`'s timer on the alert (acknowledge, take, `.time start`). */
export function startTimer(tx: Sql, alertId: number, customerId: number, userId: number): Promise<Queued> {
  return run(tx, [startTimerCtes('started', REFS, '$3::bigint')], ['started'], [alertId, customerId, userId]);
}

/** Stops `userId`'s timer on the alert (`.time stop`). */
export function stopTimer(tx: Sql, alertId: number, customerId: number, userId: number): Promise<Queued> {
  return run(
    tx,
    [stopTimersCtes('stopped', REFS, 't.user_id = $3::bigint')],
    ['stopped'],
    [alertId, customerId, userId],
  );
}

/** Stops every running timer on the alert (resolve). */
export function stopAllTimers(tx: Sql, alertId: number, customerId: number): Promise<Queued> {
  return run(tx, [stopTimersCtes('stopped', REFS, 'true')], ['stopped'], [alertId, customerId]);
}

/**
 * An assignment: whoever's timer runs and is not the new assignee's stops (they handed the alert over), and the
 * assignee's starts when the name is a staff user. Unassigning stops every timer.
 */
export function assignTimers(tx: Sql, alertId: number, customerId: number, assignee: string | null): Promise<Queued> {
  if (assignee === null) return stopAllTimers(tx, alertId, customerId);
  const user = assigneeUserSql('$3::text');
  return run(
    tx,
    [stopTimersCtes('stopped', REFS, `t.user_id IS DISTINCT FROM ${user}`), startTimerCtes('started', REFS, user)],
    ['stopped', 'started'],
    [alertId, customerId, assignee],
  );
}

/** Logs `ms` of `userId`'s time on the alert with `notes` (`.time log`); 0 when it cannot be logged. */
export function logTime(
  tx: Sql,
  alertId: number,
  customerId: number,
  userId: number,
  ms: number,
  notes: string | null,
): Promise<Queued> {
  return run(
    tx,
    [
      `logged_entry AS (
         INSERT INTO harvest_time_entries
           (alert_id, customer_id, user_id, kind, harvest_user_id, project_id, task_id, notes, tracked_ms)
         SELECT $1::bigint, $2::bigint, u.id, 'log', u.harvest_user_id, m.project_id, m.task_id, $5::text, $4::bigint
         FROM users u JOIN harvest_projects m ON m.customer_id = $2::bigint
         WHERE u.id = $3::bigint AND u.role <> 'customer' AND u.harvest_user_id IS NOT NULL
         RETURNING id
       ), logged AS (
         INSERT INTO harvest_outbox (time_entry_id, operation) SELECT id, 'log' FROM logged_entry RETURNING id
       )`,
    ],
    ['logged'],
    [alertId, customerId, userId, ms, notes],
  );
}

/** Why time cannot be tracked for `userId` on `customerId`'s alerts, or null when it can. */
export async function whyNoTime(tx: Sql, customerId: number, userId: number): Promise<string | null> {
  const row = (
    await tx.query<{ harvest_user_id: number | null; project_id: number | null }>(
      `SELECT (SELECT harvest_user_id FROM users WHERE id = $2) AS harvest_user_id,
              (SELECT project_id FROM harvest_projects WHERE customer_id = $1) AS project_id`,
      [customerId, userId],
    )
  ).rows[0];
  if (row?.project_id === null || row?.project_id === undefined) {
    return 'this customer has no Harvest project and task yet (coss admin harvest set).';
  }
  if (row.harvest_user_id === null) return 'you have no Harvest user id yet (coss admin harvest user).';
  return null;
}
