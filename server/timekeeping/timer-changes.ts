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
