/**
 * Pacing per key, shared by every node through the pacing table: each paced delivery, retries included, takes
 * the next slot (spacing apart) under the key's row lock in the claim transaction, and is sent at its slot. No
 * node, and no set of nodes, sends to one key faster than the spacing allows.
 */
import type { Sql } from '../db/database.ts';
import type { OutboxTable } from './outbox-table.ts';

/** A vendor's Retry-After holds a key for at most this long, so one odd answer cannot stall a key for an hour. */
const MAX_KEY_HOLD_MS = 5 * 60_000;

interface PacingRow {
  key: string;
  /** the key's next free slot and the database's clock, both epoch ms */
  nextMs: number;
  nowMs: number;
}

interface PacedCandidate {
  id: number;
  paceKey: string | null;
}

/**
 * Gives candidates of each key consecutive slots from the key's next free one, as far as `lookaheadMs` reaches.
 * Returns each slotted candidate's delay from the database's now, and the keys whose next free slot moved.
 */
export function allotSlots(
  keys: readonly PacingRow[],
  candidates: readonly PacedCandidate[],
  spacingMs: number,
  lookaheadMs: number,
): { delays: Map<number, number>; moved: Array<{ key: string; nextMs: number }> } {
  const delays = new Map<number, number>();
  const moved: Array<{ key: string; nextMs: number }> = [];
  for (const row of keys) {
    let next = row.nextMs;
    for (const candidate of candidates) {
      if (candidate.paceKey !== row.key) continue;
      const slot = Math.max(next, row.nowMs);
      if (slot > row.nowMs + lookaheadMs) break;
      delays.set(candidate.id, slot - row.nowMs);
      next = slot + spacingMs;
    }
    if (next !== row.nextMs) moved.push({ key: row.key, nextMs: next });
  }
  return { delays, moved };
}

/**
 * Takes slots for the paced candidates in `tx`. Returns each slotted candidate's delay from `localAt` (Date.now()
 * when the slots were read); a candidate without a slot waits for a later round.
 */
export async function takeSlots(
  tx: Sql,
  table: OutboxTable,
  candidates: readonly PacedCandidate[],
  spacingMs: number,
  lookaheadMs: number,
): Promise<{ delays: Map<number, number>; localAt: number }> {
  const keys = [
    ...new Set(candidates.map((candidate) => candidate.paceKey).filter((key): key is string => Boolean(key))),
  ];
  if (keys.length === 0) return { delays: new Map(), localAt: Date.now() };
  await tx.query(
    `INSERT INTO ${table.pacing} (${table.paceKey}, next_allowed_at)
     SELECT k, now() FROM unnest($1::text[]) AS k ON CONFLICT (${table.paceKey}) DO NOTHING`,
    [keys],
  );
  // Another node holding a key's pacing row is claiming for it right now: skip that key this round.
  const pacing = await tx.query<{ key: string; next_ms: number; now_ms: number }>(
    `SELECT ${table.paceKey} AS key, (extract(epoch from next_allowed_at) * 1000)::float8 AS next_ms,
            (extract(epoch from clock_timestamp()) * 1000)::float8 AS now_ms
     FROM ${table.pacing} WHERE ${table.paceKey} = ANY($1::text[]) FOR UPDATE SKIP LOCKED`,
    [keys],
  );
  const localAt = Date.now();
  const rows = pacing.rows.map((row) => ({ key: row.key, nextMs: Number(row.next_ms), nowMs: Number(row.now_ms) }));
  const { delays, moved } = allotSlots(rows, candidates, spacingMs, lookaheadMs);
  if (moved.length > 0) {
    await tx.query(
      `UPDATE ${table.pacing} p SET next_allowed_at = to_timestamp(x.next_ms / 1000.0)
       FROM unnest($1::text[], $2::float8[]) AS x(k, next_ms) WHERE p.${table.paceKey} = x.k`,
      [moved.map((entry) => entry.key), moved.map((entry) => entry.nextMs)],
    );
  }
  return { delays, localAt };
}

/** The vendor asked `key` to wait: every delivery to the key waits, not just the one that was told. */
export async function holdKey(tx: Sql, table: OutboxTable, key: string, retryAfterMs: number): Promise<void> {
  await tx.query(
    `UPDATE ${table.pacing} SET next_allowed_at = greatest(next_allowed_at, clock_timestamp() + $2::float8 * interval '1 millisecond')
     WHERE ${table.paceKey} = $1`,
    [key, Math.min(retryAfterMs, MAX_KEY_HOLD_MS)],
  );
}
