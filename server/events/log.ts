/** The event log: every state change appended in the transaction that makes it, numbered in commit order. */
import type { Sql } from '../db/database.ts';

/** Held from seq reservation to commit, so seqs become visible in order and resume-by-seq never skips one. */
export const EVENT_LOG_LOCK = 74_000_002;
/** NOTIFY channel that wakes stream hubs on every node; the payload is the newest seq. */
export const EVENTS_CHANNEL = 'coss_events';

export interface NewEvent {
  customerId: number | null;
  type: string;
  alertId: number | null;
  actor: string | null;
  payload: unknown;
}

/** A stored event as the hub reads it. */
export interface StoredEvent {
  seq: number;
  customerId: number | null;
  type: string;
  alertId: number | null;
  actor: string | null;
  payload: unknown;
  createdAt: string;
}

/**
 * Appends `events` in order and returns the seq range. Call it last in a transaction: the lock it takes is held
 * until commit and serializes every writer behind it.
 */
export async function appendEvents(
  tx: Sql,
  events: readonly NewEvent[],
): Promise<{ first: number; last: number; createdAt: string } | null> {
  if (events.length === 0) return null;
  const append = eventAppend(events, 1);
  // One round trip: the lock CTE is referenced by the reservation, so it is taken before any seq is reserved.
  const result = await tx.query<EventRangeRow>(`WITH ${append.ctes} SELECT * FROM ${EVENT_RANGE}`, append.params, {
    prepare: true,
  });
  return eventRange(result.rows[0]);
}

/** The relation that `eventAppend`'s CTEs end with: one row of `first`, `last`, `created_at` (and the notify). */
export const EVENT_RANGE = 'event_range';

/** A row of EVENT_RANGE, as a statement that appended events selects it. */
export interface EventRangeRow {
  /** null when nothing was appended */
  first: number | null;
  last: number | null;
  created_at: Date | string | null;
}

/**
 * The CTEs that append `events` (at least one) inside a larger statement, with their parameters numbered from
 * `firstParam`. The statement must read EVENT_RANGE, which takes the lock, reserves the seqs and notifies; the
 * lock is then held until the statement's transaction commits, so the statement should be the transaction's last.
 */
export function eventAppend(
  events: readonly NewEvent[],
  firstParam: number,
  options: { after?: string } = {},
): { ctes: string; params: unknown[] } {
  const records = events.map((event, i) => ({
    i,
    customer_id: event.customerId,
    type: event.type,
    alert_id: event.alertId,
    actor: event.actor,
    payload: event.payload,
  }));
  const [count, recordSet, lock] = [firstParam, firstParam + 1, firstParam + 2].map((n) => `$${n}`);
  // Every row lock of the statement must be held before the event log's: a writer holding that lock never waits
  // for a row, or it deadlocks with one that holds the row and waits for the log (the PagerDuty worker does).
  // Reading all of `after` first makes PostgreSQL take the locks it takes before it calls the lock function.
  const waited = options.after === undefined ? '' : ` FROM (SELECT count(*) FROM ${options.after}) AS waited`;
  return {
    ctes: `event_lock AS (
       SELECT pg_advisory_xact_lock(${lock}::bigint) AS ok${waited}
     ), event_reserved AS (
       SELECT setval('event_seq', nextval('event_seq') + ${count}::bigint - 1) AS last FROM event_lock
     ), event_inserted AS (
       INSERT INTO events (seq, customer_id, type, alert_id, actor, payload)
       SELECT (SELECT last FROM event_reserved) - ${count}::bigint + 1 + x.i, x.customer_id, x.type, x.alert_id,
              x.actor, x.payload
       FROM jsonb_to_recordset(${recordSet}::jsonb)
         AS x(i bigint, customer_id bigint, type text, alert_id bigint, actor text, payload jsonb)
       RETURNING seq, created_at
     ), ${EVENT_RANGE} AS (
       SELECT min(seq) AS first, max(seq) AS last, min(created_at) AS created_at,
              pg_notify('${EVENTS_CHANNEL}', max(seq)::text) AS notified
       FROM event_inserted
     )`,
    params: [events.length, JSON.stringify(records), EVENT_LOG_LOCK],
  };
}

/** The seq range of an EVENT_RANGE row. */
export function eventRange(row: EventRangeRow | undefined): { first: number; last: number; createdAt: string } {
  if (!row || row.first === null || row.last === null || row.created_at === null) {
    throw new Error('event log insert returned nothing');
  }
  return { first: Number(row.first), last: Number(row.last), createdAt: new Date(row.created_at).toISOString() };
}

/** The stored form of events this node just appended, for handing to its own hub without reading them back. */
export function storedFrom(range: { first: number; createdAt: string }, events: readonly NewEvent[]): StoredEvent[] {
  return events.map((event, i) => ({
    seq: range.first + i,
    customerId: event.customerId,
    type: event.type,
    alertId: event.alertId,
    actor: event.actor,
    payload: event.payload,
    createdAt: range.createdAt,
  }));
}

/** Reads events after `afterSeq`, oldest first. */
export async function readEvents(db: Sql, afterSeq: number, limit: number, untilSeq?: number): Promise<StoredEvent[]> {
  const result = await db.query<{
    seq: number;
    customer_id: number | null;
    type: string;
    alert_id: number | null;
    actor: string | null;
    payload: unknown;
    created_at: Date;
  }>(
    `SELECT seq, customer_id, type, alert_id, actor, payload, created_at FROM events
     WHERE seq > $1 AND ($3::bigint IS NULL OR seq <= $3::bigint) ORDER BY seq LIMIT $2`,
    [afterSeq, limit, untilSeq ?? null],
  );
  return result.rows.map((row) => ({
    seq: Number(row.seq),
    customerId: row.customer_id === null ? null : Number(row.customer_id),
    type: row.type,
    alertId: row.alert_id === null ? null : Number(row.alert_id),
    actor: row.actor,
    payload: row.payload,
    createdAt: new Date(row.created_at).toISOString(),
  }));
}

/** The newest committed seq, 0 for an empty log. */
export async function headSeq(db: Sql): Promise<number> {
  const result = await db.query<{ head: number | null }>('SELECT max(seq) AS head FROM events');
  return Number(result.rows[0]?.head ?? 0);
}
