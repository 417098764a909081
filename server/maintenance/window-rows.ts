/**
 * Maintenance windows as stored, and what they mean at a moment: the wire form (state, the current occurrence's end,
 * the next start), and the active windows an alert is matched against. Reads only; changes are window-changes.ts.
 */
import type { MaintenanceScope, MaintenanceWindow, WeeklyRecurrence } from '../../shared/maintenance.ts';
import { compileScope, type MaintenanceSubject } from '../../shared/maintenance-scope.ts';
import { windowStatus, type ScheduledWindow } from '../../shared/maintenance-schedule.ts';
import type { Sql } from '../db/database.ts';

export interface WindowRow {
  id: number;
  customer_id: number;
  scope: MaintenanceScope;
  starts_at: Date | string;
  ends_at: Date | string | null;
  recurrence: WeeklyRecurrence | null;
  reason: string;
  ticket: string | null;
  created_by: string;
  created_at: Date | string;
  updated_at: Date | string;
  ended_at: Date | string | null;
  ended_by: string | null;
  announced_start: Date | string | null;
  announced_end: Date | string | null;
}

/** A window in force at some moment, ready to match alerts. */
export interface ActiveWindow {
  id: number;
  customerId: number;
  reason: string;
  /** when the occurrence in force ends */
  until: Date;
  matches: (subject: MaintenanceSubject) => boolean;
}

const date = (value: Date | string) => new Date(value);
const dateOrNull = (value: Date | string | null) => (value === null ? null : new Date(value));

/** What the schedule needs of a row; `timeZone` is its customer's. */
export function scheduled(row: WindowRow, timeZone: string): ScheduledWindow {
  return {
    startsAt: date(row.starts_at),
    endsAt: dateOrNull(row.ends_at),
    recurrence: row.recurrence,
    endedAt: dateOrNull(row.ended_at),
    timeZone,
  };
}

/** The wire form at `now`. */
export function toWindow(row: WindowRow, customer: { slug: string; timeZone: string }, now: Date): MaintenanceWindow {
  const status = windowStatus(scheduled(row, customer.timeZone), now);
  const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());
  return {
    id: Number(row.id),
    customer: customer.slug,
    scope: row.scope,
    startsAt: date(row.starts_at).toISOString(),
    endsAt: iso(row.ends_at),
    recurrence: row.recurrence,
    reason: row.reason,
    ticket: row.ticket,
    createdBy: row.created_by,
    createdAt: date(row.created_at).toISOString(),
    endedAt: iso(row.ended_at),
    endedBy: row.ended_by,
    state: status.state,
    activeUntil: status.current ? status.current.end.toISOString() : null,
    nextStart: status.state === 'scheduled' && status.next ? status.next.start.toISOString() : null,
  };
}

/** The windows in force at `now` among `rows`; a row whose scope no longer compiles covers nothing. */
export function activeWindows(rows: readonly WindowRow[], timeZoneOf: (customerId: number) => string, now: Date) {
  const active: ActiveWindow[] = [];
  for (const row of rows) {
    const status = windowStatus(scheduled(row, timeZoneOf(Number(row.customer_id))), now);
    if (status.current === null) continue;
    const compiled = compileScope(row.scope);
    if (!compiled.ok) continue;
    active.push({
      id: Number(row.id),
      customerId: Number(row.customer_id),
      reason: row.reason,
      until: status.current.end,
      matches: compiled.matches,
    });
  }
  return active;
}

/**
 * Windows nobody ended whose time is not long past: those that may be in force now or soon, and those whose end the
 * room has not yet been told of. `customerId` null: every customer's.
 */
export async function openWindowRows(db: Sql, customerId: number | null, now: Date): Promise<WindowRow[]> {
  return (
    // Run on every ingest request, so prepared; hence the named columns (see ALERT_ROW_COLUMNS for why not `*`).
    (
      await db.query<WindowRow>(
        `SELECT id, customer_id, scope, starts_at, ends_at, recurrence, reason, ticket, created_by, created_at,
              updated_at, ended_at, ended_by, announced_start, announced_end
       FROM maintenance_windows
       WHERE ended_at IS NULL AND ($1::bigint IS NULL OR customer_id = $1::bigint)
         AND (ends_at IS NULL OR ends_at > $2::timestamptz - interval '1 day'
              OR announced_end IS DISTINCT FROM announced_start)
       ORDER BY id`,
        [customerId, now.toISOString()],
        { prepare: true },
      )
    ).rows
  );
}

/**
 * A customer's windows, newest first; ended ones only from the last `endedWithinDays`. The list is capped, and the cap
 * falls on windows that are over: one that may still be in force (not ended, its end not past) is never cut by newer
 * ended ones, however old it is.
 */
export async function listWindowRows(
  db: Sql,
  customerId: number,
  endedWithinDays: number,
  now: Date,
): Promise<WindowRow[]> {
  return (
    await db.query<WindowRow>(
      `SELECT * FROM maintenance_windows
       WHERE customer_id = $1
         AND coalesce(least(ended_at, ends_at), 'infinity') > $3::timestamptz - make_interval(days => $2)
       ORDER BY (ended_at IS NULL AND coalesce(ends_at, 'infinity') > $3::timestamptz) DESC, starts_at DESC, id DESC
       LIMIT 500`,
      [customerId, endedWithinDays, now.toISOString()],
    )
  ).rows;
}
