/**
 * Starting and stopping timers as SQL that runs inside the statement that acknowledges, assigns or resolves: the
 * Harvest work is queued in the same statement (no extra round trip on those hot paths) and the same transaction
 * (nothing lost, nothing sent for a change that rolled back).
 *
 * One timer per alert and person (`harvest_time_entries_one_timer`): a second start of a running timer, from this
 * node or another, finds the row and queues nothing; a start of a stopped one runs it again and queues a restart.
 * Every writer of an alert's timers holds the alert's row lock first, so none of these waits while holding more.
 * `harvest_hours` is cleared by every start and stop: it is Harvest's count only once Harvest confirmed the last stop.
 */

/** SQL expressions (parameters or columns) the fragments read. */
export interface TimerSqlRefs {
  alert: string;
  customer: string;
}

/**
 * CTEs named `${name}_entry` and `${name}` starting the timer of user `user` (an SQL expression for users.id) on
 * the alert. Nothing happens for a customer user, a person without a Harvest user id, or a customer without a
 * Harvest project; `${name}` returns the queued outbox ids.
 */
export function startTimerCtes(name: string, refs: TimerSqlRefs, user: string): string {
  return `${name}_entry AS (
       INSERT INTO harvest_time_entries
         (alert_id, customer_id, user_id, kind, harvest_user_id, project_id, task_id, running_since)
       SELECT ${refs.alert}, ${refs.customer}, u.id, 'timer', u.harvest_user_id, m.project_id, m.task_id, now()
       FROM users u JOIN harvest_projects m ON m.customer_id = ${refs.customer}
       WHERE u.id = ${user} AND u.role <> 'customer' AND u.harvest_user_id IS NOT NULL
       ON CONFLICT (alert_id, user_id) WHERE kind = 'timer'
       DO UPDATE SET running_since = now(), harvest_hours = NULL, updated_at = now() WHERE harvest_time_entries.running_since IS NULL
       RETURNING id
     ), ${name} AS (
       INSERT INTO harvest_outbox (time_entry_id, operation) SELECT id, 'start' FROM ${name}_entry RETURNING id
     )`;
}

/**
 * CTEs named `${name}_entry` and `${name}` stopping the alert's running timers that `which` (an SQL condition over
 * the entry alias `t`, e.g. `true` or `t.user_id <> $9`) selects, adding their run to `tracked_ms`.
 */
export function stopTimersCtes(name: string, refs: TimerSqlRefs, which: string): string {
  return `${name}_entry AS (
       UPDATE harvest_time_entries t
       SET tracked_ms = t.tracked_ms + greatest(0, extract(epoch from (now() - t.running_since)) * 1000)::bigint,
           running_since = NULL, harvest_hours = NULL, updated_at = now()
       WHERE t.alert_id = ${refs.alert} AND t.customer_id = ${refs.customer} AND t.kind = 'timer'
         AND t.running_since IS NOT NULL AND (${which})
       RETURNING t.id
     ), ${name} AS (
       INSERT INTO harvest_outbox (time_entry_id, operation) SELECT id, 'stop' FROM ${name}_entry RETURNING id
     )`;
}

/** The staff user an assignment names (users.name or display name, either case): an SQL expression for its id. */
export function assigneeUserSql(assignee: string): string {
  return `(SELECT id FROM users WHERE role <> 'customer' AND (lower(name) = lower(${assignee})
            OR lower(display_name) = lower(${assignee})) ORDER BY id LIMIT 1)`;
}

/** The CTE name `statusTimerCtes` ends with: the outbox rows it queued. */
export const STATUS_TIMERS = 'time_queued';

/**
 * The timer work of a status change, for the REST acknowledge/resolve statement (alert and customer in `refs`,
 * the acting user in `user`): acknowledging starts the person's timer, resolving stops every timer on the alert.
 */
export function statusTimerCtes(status: 'acknowledged' | 'resolved', refs: TimerSqlRefs, user: string): string {
  return status === 'acknowledged'
    ? startTimerCtes(STATUS_TIMERS, refs, user)
    : stopTimersCtes(STATUS_TIMERS, refs, 'true');
}
