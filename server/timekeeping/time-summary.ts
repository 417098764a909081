/**
 * Time per person, as COSS knows it: a running timer counts up to now, a stopped one counts what Harvest reported
 * for it once Harvest confirmed the stop (else COSS's own measure), a log counts its duration.
 */
import type { Sql } from '../db/database.ts';

export interface PersonTime {
  /** the COSS user's display name */
  person: string;
  /** whole minutes */
  minutes: number;
  /** hours to two decimals, as Harvest shows them */
  hours: number;
  running: boolean;
  entries: number;
}

/** The milliseconds of an entry (alias `t`), per the rules above. */
const ENTRY_MS = `CASE
  WHEN t.running_since IS NOT NULL
    THEN t.tracked_ms + greatest(0, extract(epoch from (now() - t.running_since)) * 1000)
  WHEN t.harvest_hours IS NOT NULL THEN t.harvest_hours * 3600000
  ELSE t.tracked_ms END`;

interface Row {
  person: string;
  ms: number | string;
  running: boolean;
  entries: number | string;
}

function toPersonTime(row: Row): PersonTime {
  const ms = Number(row.ms);
  return {
    person: row.person,
    minutes: Math.round(ms / 60_000),
    hours: Math.round((ms / 3_600_000) * 100) / 100,
    running: row.running,
    entries: Number(row.entries),
  };
}

/** Time per person on alert `number`, most first. */
export async function alertTime(db: Sql, number: number): Promise<PersonTime[]> {
  const rows = await db.query<Row>(
    `SELECT u.display_name AS person, sum(${ENTRY_MS})::float8 AS ms, bool_or(t.running_since IS NOT NULL) AS running,
            count(*) AS entries
     FROM harvest_time_entries t JOIN users u ON u.id = t.user_id
     WHERE t.alert_id = (SELECT id FROM alerts WHERE number = $1) GROUP BY u.display_name ORDER BY ms DESC, person`,
    [number],
  );
  return rows.rows.map(toPersonTime);
}

/** Time per person on a customer's alerts in one month (by the entries' spent date, UTC), most first. */
export async function customerMonthTime(
  db: Sql,
  customerId: number,
  month: string,
): Promise<{ total: { minutes: number; hours: number }; people: (PersonTime & { alerts: number })[] }> {
  const rows = await db.query<Row & { alerts: number | string }>(
    `SELECT u.display_name AS person, sum(${ENTRY_MS})::float8 AS ms, bool_or(t.running_since IS NOT NULL) AS running,
            count(*) AS entries, count(DISTINCT t.alert_id) AS alerts
     FROM harvest_time_entries t JOIN users u ON u.id = t.user_id
     WHERE t.customer_id = $1 AND t.spent_date >= ($2 || '-01')::date
       AND t.spent_date < ($2 || '-01')::date + interval '1 month'
     GROUP BY u.display_name ORDER BY ms DESC, person`,
    [customerId, month],
  );
  const people = rows.rows.map((row) => ({ ...toPersonTime(row), alerts: Number(row.alerts) }));
  const ms = rows.rows.reduce((sum, row) => sum + Number(row.ms), 0);
  return {
    total: { minutes: Math.round(ms / 60_000), hours: Math.round((ms / 3_600_000) * 100) / 100 },
    people,
  };
}

/** One timer or logged duration, for the audit export. */
export interface TimeAuditRow {
  at: string;
  person: string;
  alertNumber: number;
  kind: 'timer' | 'log';
  ms: number;
  running: boolean;
  notes: string | null;
}

/** The customer's timers and logged durations made in [from, to), oldest first. */
export async function timeForAudit(db: Sql, customerId: number, from: Date, to: Date): Promise<TimeAuditRow[]> {
  const rows = await db.query<{
    created_at: Date | string;
    person: string;
    number: number;
    kind: 'timer' | 'log';
    ms: number | string;
    running: boolean;
    notes: string | null;
  }>(
    `SELECT t.created_at, u.display_name AS person, a.number, t.kind, (${ENTRY_MS})::float8 AS ms,
            t.running_since IS NOT NULL AS running, t.notes
     FROM harvest_time_entries t JOIN users u ON u.id = t.user_id JOIN alerts a ON a.id = t.alert_id
     WHERE t.customer_id = $1 AND t.created_at >= $2 AND t.created_at < $3 ORDER BY t.created_at, t.id`,
    [customerId, from.toISOString(), to.toISOString()],
  );
  return rows.rows.map((row) => ({
    at: new Date(row.created_at).toISOString(),
    person: row.person,
    alertNumber: Number(row.number),
    kind: row.kind,
    ms: Number(row.ms),
    running: row.running,
    notes: row.notes,
  }));
}
