/**
 * The heartbeats table: pings, what staff make and change, and the missed mark the monitor sets and clears. Plain
 * functions over a `Sql` handle; times are passed in (the node's clock), so tests can move them.
 */
import {
  DEFAULT_HEARTBEAT_GRACE_MS,
  MAX_HEARTBEATS_PER_CUSTOMER,
  DEFAULT_HEARTBEAT_INTERVAL_MS,
  heartbeatStateAt,
  type Heartbeat,
} from '../../shared/heartbeat.ts';
import type { Sql } from '../db/database.ts';
import { DomainError } from '../domain-error.ts';
import type { NewEvent } from '../events/log.ts';

export interface HeartbeatRow {
  id: number;
  customer_id: number;
  slug: string;
  name: string;
  source: 'ping' | 'watchdog';
  interval_ms: number;
  grace_ms: number;
  last_ping_at: Date | string | null;
  missed_at: Date | string | null;
  alert_number: number | null;
  created_at: Date | string;
}

const iso = (value: Date | string) => new Date(value).toISOString();

/** When `row` becomes overdue: its last ping (or its making) plus interval and grace. */
export function dueAt(row: HeartbeatRow): Date {
  const from = new Date(row.last_ping_at ?? row.created_at).getTime();
  return new Date(from + Number(row.interval_ms) + Number(row.grace_ms));
}

/** The wire form of a row, its state worked out at `now`. */
export function toHeartbeat(row: HeartbeatRow, now: Date): Heartbeat {
  const heartbeat = {
    customer: row.slug,
    name: row.name,
    source: row.source,
    intervalMs: Number(row.interval_ms),
    graceMs: Number(row.grace_ms),
    lastPingAt: row.last_ping_at === null ? null : iso(row.last_ping_at),
    dueAt: dueAt(row).toISOString(),
    missedAt: row.missed_at === null ? null : iso(row.missed_at),
    alertNumber: row.alert_number === null ? null : Number(row.alert_number),
    createdAt: iso(row.created_at),
  };
  return { ...heartbeat, state: heartbeatStateAt(heartbeat, now.getTime()) };
}

/** The stream event that tells consoles a customer's heartbeat changed (made, missed, recovered, edited, removed). */
export function heartbeatEvent(
  row: HeartbeatRow,
  now: Date,
  change: 'created' | 'missed' | 'recovered' | 'changed' | 'deleted',
  actor: string | null,
): NewEvent {
  return {
    customerId: Number(row.customer_id),
    type: 'heartbeat.changed',
    alertId: null,
    actor,
    payload: { change, heartbeat: toHeartbeat(row, now) },
  };
}

const RETURNING = `RETURNING h.*, (SELECT slug FROM customers WHERE id = h.customer_id) AS slug`;

/** Every heartbeat of a customer, or of all customers (the monitor), by name. */
export async function listHeartbeats(sql: Sql, customerId: number | null): Promise<HeartbeatRow[]> {
  return (
    await sql.query<HeartbeatRow>(
      `SELECT h.*, c.slug FROM heartbeats h JOIN customers c ON c.id = h.customer_id
       WHERE $1::bigint IS NULL OR h.customer_id = $1::bigint ORDER BY c.slug, h.name`,
      [customerId],
    )
  ).rows;
}

/** One heartbeat by name, or not_found naming it. */
export async function getHeartbeat(sql: Sql, customerId: number, name: string): Promise<HeartbeatRow> {
  const row = (
    await sql.query<HeartbeatRow>(
      `SELECT h.*, c.slug FROM heartbeats h JOIN customers c ON c.id = h.customer_id
       WHERE h.customer_id = $1 AND h.name = $2`,
      [customerId, name],
    )
  ).rows[0];
  if (!row) throw new DomainError('not_found', `no heartbeat ${name}`, 'name');
  return row;
}

/**
 * Records a ping at `now`, making the heartbeat on its first (with the ping's interval and grace, or the defaults).
 * `created` says whether this ping made it; the row says whether it was missed, which the caller then resolves.
 */
export async function recordPing(
  sql: Sql,
  customerId: number,
  name: string,
  settings: { intervalMs?: number | undefined; graceMs?: number | undefined; source: 'ping' | 'watchdog' },
  now: Date,
): Promise<{ row: HeartbeatRow; created: boolean }> {
  const row = (
    await sql.query<HeartbeatRow & { created: boolean }>(
      `INSERT INTO heartbeats AS h (customer_id, name, source, interval_ms, grace_ms, last_ping_at, created_by, created_at)
       SELECT $1, $2, $3, $4, $5, $6, 'ingest key', $6
       WHERE EXISTS (SELECT 1 FROM heartbeats WHERE customer_id = $1 AND name = $2)
          OR (SELECT count(*) FROM heartbeats WHERE customer_id = $1) < $7
       ON CONFLICT (customer_id, name) DO UPDATE SET
         last_ping_at = greatest(h.last_ping_at, EXCLUDED.last_ping_at), updated_at = now()
       ${RETURNING}, (xmax = 0) AS created`,
      [
        customerId,
        name,
        settings.source,
        settings.intervalMs ?? DEFAULT_HEARTBEAT_INTERVAL_MS,
        settings.graceMs ?? DEFAULT_HEARTBEAT_GRACE_MS,
        now.toISOString(),
        MAX_HEARTBEATS_PER_CUSTOMER,
      ],
    )
  ).rows[0];
  // The cap is checked without a lock: two first pings at once may pass it by one each, which is not what it is for.
  if (!row) {
    throw new DomainError(
      'conflict',
      `this customer has ${MAX_HEARTBEATS_PER_CUSTOMER} heartbeats, the most it may have, and none is named ${name}: ` +
        'reuse a name (a run id in the name makes a heartbeat per run), or have staff remove unused ones',
      'name',
    );
  }
  return { row, created: row.created };
}

/** Staff make a heartbeat before its first ping; it is due `interval + grace` after `now`. */
export async function createHeartbeat(
  sql: Sql,
  customerId: number,
  input: { name: string; intervalMs: number; graceMs: number },
  actor: string,
  now: Date,
): Promise<HeartbeatRow> {
  const row = (
    await sql.query<HeartbeatRow>(
      `INSERT INTO heartbeats AS h (customer_id, name, interval_ms, grace_ms, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (customer_id, name) DO NOTHING ${RETURNING}`,
      [customerId, input.name, input.intervalMs, input.graceMs, actor, now.toISOString()],
    )
  ).rows[0];
  if (!row) throw new DomainError('conflict', `heartbeat ${input.name} already exists`, 'name');
  return row;
}

/** A new interval or grace; the heartbeat's due time moves with it. */
export async function updateHeartbeat(
  sql: Sql,
  customerId: number,
  name: string,
  patch: { intervalMs?: number | undefined; graceMs?: number | undefined },
): Promise<HeartbeatRow> {
  const row = (
    await sql.query<HeartbeatRow>(
      `UPDATE heartbeats h SET interval_ms = coalesce($3, interval_ms), grace_ms = coalesce($4, grace_ms),
         updated_at = now()
       WHERE customer_id = $1 AND name = $2 ${RETURNING}`,
      [customerId, name, patch.intervalMs ?? null, patch.graceMs ?? null],
    )
  ).rows[0];
  if (!row) throw new DomainError('not_found', `no heartbeat ${name}`, 'name');
  return row;
}

/** Removes a heartbeat; the caller resolves its alert if it was missed. */
export async function deleteHeartbeat(sql: Sql, customerId: number, name: string): Promise<HeartbeatRow> {
  const row = (
    await sql.query<HeartbeatRow>(`DELETE FROM heartbeats h WHERE customer_id = $1 AND name = $2 ${RETURNING}`, [
      customerId,
      name,
    ])
  ).rows[0];
  if (!row) throw new DomainError('not_found', `no heartbeat ${name}`, 'name');
  return row;
}

/**
 * Marks `row` missed with its alert, unless it was pinged since the monitor read it (`seenPing`): then nothing is
 * marked and the caller resolves the alert it has just raised.
 */
export async function markMissed(
  sql: Sql,
  row: HeartbeatRow,
  alertNumber: number | null,
  now: Date,
): Promise<HeartbeatRow | null> {
  const seen = row.last_ping_at === null ? null : iso(row.last_ping_at);
  return (
    (
      await sql.query<HeartbeatRow>(
        `UPDATE heartbeats h SET missed_at = $2, alert_number = $3, updated_at = now()
         WHERE id = $1 AND missed_at IS NULL AND last_ping_at IS NOT DISTINCT FROM $4::timestamptz ${RETURNING}`,
        [row.id, now.toISOString(), alertNumber, seen],
      )
    ).rows[0] ?? null
  );
}

/** Clears the missed mark once the alert is resolved; null when another node cleared it first. */
export async function markRecovered(sql: Sql, id: number): Promise<HeartbeatRow | null> {
  return (
    (
      await sql.query<HeartbeatRow>(
        `UPDATE heartbeats h SET missed_at = NULL, alert_number = NULL, updated_at = now()
         WHERE id = $1 AND missed_at IS NOT NULL ${RETURNING}`,
        [id],
      )
    ).rows[0] ?? null
  );
}
