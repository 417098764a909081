/**
 * Claiming due deliveries: one short transaction that picks due rows fairly across pacing keys, locks them
 * (FOR UPDATE SKIP LOCKED, so nodes never claim the same row), gives paced rows their slots, and leases what was
 * claimed by pushing next_attempt_at forward. A node that dies holding a claim loses nothing: the lease runs out
 * and some node sends the row again.
 */
import type { Database, Sql } from '../db/database.ts';
import type { ClaimedDelivery, OutboxTable } from './outbox-table.ts';
import { takeSlots } from './pacing.ts';

export interface ClaimOptions {
  /** at most this many rows */
  capacity: number;
  /** how far ahead a pacing slot may be claimed (the row is then sent at its slot) */
  lookaheadMs: number;
  /** the time between two paced deliveries to one key */
  spacingMs: number;
  /** how long the work on a claimed row may take once its slot comes: the lease beyond the wait */
  workMs: (row: ClaimedDelivery) => number;
}

type LockedRow = Record<string, unknown> & { id: number; paced: boolean; attempts: number; age_ms: number };

/** Claims up to `capacity` due deliveries of `table` for this node. */
export async function claimDue(db: Database, table: OutboxTable, options: ClaimOptions): Promise<ClaimedDelivery[]> {
  return db.transaction(async (tx) => {
    const ids = await dueCandidates(tx, table, options);
    if (ids.length === 0) return [];
    const locked = await lockDue(tx, table, ids);
    if (locked.length === 0) return [];
    const paced = locked
      .filter((row) => row.paced)
      .map((row) => ({ id: Number(row.id), paceKey: paceKeyOf(table, row) }));
    const { delays, localAt } = await takeSlots(tx, table, paced, options.spacingMs, options.lookaheadMs);
    const claimed: ClaimedDelivery[] = [];
    for (const row of locked) {
      const delay = row.paced ? delays.get(Number(row.id)) : 0;
      if (delay === undefined) continue; // no slot this round: stays due, released at commit
      claimed.push({
        id: Number(row.id),
        paced: row.paced,
        paceKey: paceKeyOf(table, row),
        attempts: Number(row.attempts),
        ageMs: Number(row.age_ms),
        sendAt: localAt + delay,
        columns: row,
      });
    }
    if (claimed.length > 0) await lease(tx, table, claimed, localAt, options.workMs);
    return claimed;
  });
}

/**
 * Due rows that are first of their sequence and (when paced) on a key with a slot within the look-ahead, ranked
 * per key so one busy key cannot starve the others. Read without locks (window functions cannot be combined
 * with FOR UPDATE); lockDue re-checks.
 */
async function dueCandidates(tx: Sql, table: OutboxTable, options: ClaimOptions): Promise<number[]> {
  const perKey = Math.max(1, Math.ceil(options.lookaheadMs / options.spacingMs));
  const { rows, pacing, paceKey, sequence, paced } = table;
  const candidates = await tx.query<{ id: number }>(
    `WITH due AS (
       SELECT o.id,
              row_number() OVER (
                PARTITION BY CASE WHEN ${paced} THEN 'e:' || coalesce(o.${paceKey}, '') ELSE 'r:' || o.id END
                ORDER BY o.next_attempt_at, o.id) AS rank
       FROM ${rows} o
       WHERE o.status = 'pending' AND o.next_attempt_at <= now()
         AND (o.${sequence} IS NULL OR NOT EXISTS (
           SELECT 1 FROM ${rows} e WHERE e.${sequence} = o.${sequence} AND e.status = 'pending' AND e.id < o.id))
         AND (NOT (${paced}) OR NOT EXISTS (
           SELECT 1 FROM ${pacing} p WHERE p.${paceKey} = o.${paceKey}
             AND p.next_allowed_at > now() + $3::float8 * interval '1 millisecond'))
     )
     SELECT id FROM due WHERE rank <= $1 ORDER BY rank, id LIMIT $2`,
    [perKey, options.capacity, options.lookaheadMs],
  );
  return candidates.rows.map((row) => Number(row.id));
}

/** Locks the candidates that are still due; a row another node holds is skipped, not waited for. */
async function lockDue(tx: Sql, table: OutboxTable, ids: number[]): Promise<LockedRow[]> {
  const locked = await tx.query<LockedRow>(
    `SELECT o.*, (${table.paced}) AS paced,
            (extract(epoch from (clock_timestamp() - o.created_at)) * 1000)::float8 AS age_ms
     FROM ${table.rows} o
     WHERE o.id = ANY($1::bigint[]) AND o.status = 'pending' AND o.next_attempt_at <= now()
     ORDER BY o.id FOR UPDATE SKIP LOCKED`,
    [ids],
  );
  return locked.rows;
}

/** The lease: long enough for the slot wait and the work to finish. */
async function lease(
  tx: Sql,
  table: OutboxTable,
  claimed: readonly ClaimedDelivery[],
  localAt: number,
  workMs: ClaimOptions['workMs'],
): Promise<void> {
  await tx.query(
    `UPDATE ${table.rows} o SET next_attempt_at = clock_timestamp() + x.lease_ms * interval '1 millisecond'
     FROM unnest($1::bigint[], $2::float8[]) AS x(id, lease_ms) WHERE o.id = x.id`,
    [claimed.map((row) => row.id), claimed.map((row) => row.sendAt - localAt + workMs(row))],
  );
}

function paceKeyOf(table: OutboxTable, row: LockedRow): string | null {
  const key = row[table.paceKey];
  return typeof key === 'string' ? key : null;
}
