/**
 * What an attempt's outcome makes of a delivery, and writing that on its row. A row is only touched while still
 * pending: a late duplicate (its lease ran out and another node finished the row) changes nothing.
 */
import type { Sql } from '../db/database.ts';
import type { Outcome } from '../integrations/call-outcome.ts';
import type { BackoffPolicy } from '../../shared/backoff.ts';
import { retryDelayMs } from './backoff.ts';
import type { ClaimedDelivery, OutboxTable } from './outbox-table.ts';
import { holdKey } from './pacing.ts';

export type Settlement =
  | { kind: 'done' }
  | { kind: 'retry'; reason: string; delayMs: number; retryAfterMs: number | null }
  | { kind: 'failed'; reason: string };

export interface RetryLimits {
  /** give up (delivery failed) after this many attempts */
  maxAttempts: number;
  /** or when the row is older than this */
  maxAgeMs: number;
  backoff: BackoffPolicy;
}

/** Done, again later (backoff stretched to the vendor's Retry-After), or failed for good. Pure but for the jitter. */
export function settle(
  outcome: Outcome<unknown>,
  delivery: Pick<ClaimedDelivery, 'attempts' | 'ageMs'>,
  limits: RetryLimits,
): Settlement {
  if (outcome.kind === 'ok') return { kind: 'done' };
  if (outcome.kind === 'final') return { kind: 'failed', reason: outcome.reason };
  const attempts = delivery.attempts + 1;
  if (attempts >= limits.maxAttempts || delivery.ageMs >= limits.maxAgeMs) {
    return {
      kind: 'failed',
      reason: `gave up after ${attempts} attempts over ${formatDuration(delivery.ageMs)}; the last: ${outcome.reason}`,
    };
  }
  const delayMs = retryDelayMs(attempts, outcome.retryAfterMs, limits.backoff);
  return { kind: 'retry', reason: outcome.reason, delayMs, retryAfterMs: outcome.retryAfterMs };
}

/** Writes `settlement` on the delivery's row; false when the row is no longer pending (finished elsewhere). */
export async function recordSettlement(
  tx: Sql,
  table: OutboxTable,
  delivery: ClaimedDelivery,
  settlement: Settlement,
): Promise<boolean> {
  switch (settlement.kind) {
    case 'done': {
      const done = await tx.query(
        `UPDATE ${table.rows} SET status = 'done', attempts = attempts + 1, done_at = now(), last_error = NULL
         WHERE id = $1 AND status = 'pending'`,
        [delivery.id],
      );
      return done.rowCount > 0;
    }
    case 'retry': {
      const updated = await tx.query(
        `UPDATE ${table.rows} SET attempts = attempts + 1, last_error = $2,
           next_attempt_at = clock_timestamp() + $3::float8 * interval '1 millisecond'
         WHERE id = $1 AND status = 'pending'`,
        [delivery.id, settlement.reason, settlement.delayMs],
      );
      if (updated.rowCount === 0) return false;
      if (delivery.paced && delivery.paceKey && settlement.retryAfterMs !== null) {
        await holdKey(tx, table, delivery.paceKey, settlement.retryAfterMs);
      }
      return true;
    }
    case 'failed': {
      const failed = await tx.query(
        `UPDATE ${table.rows} SET status = 'failed', attempts = attempts + 1, last_error = $2, done_at = now()
         WHERE id = $1 AND status = 'pending'`,
        [delivery.id, settlement.reason],
      );
      return failed.rowCount > 0;
    }
  }
}

/** Fails what is queued behind `afterId` in its sequence: it depended on a delivery that will never happen. */
export async function failRestOfSequence(
  tx: Sql,
  table: OutboxTable,
  sequence: number,
  afterId: number,
  reason: string,
): Promise<void> {
  await tx.query(
    `UPDATE ${table.rows} SET status = 'failed', last_error = $3, done_at = now()
     WHERE ${table.sequence} = $1 AND status = 'pending' AND id > $2`,
    [sequence, afterId, reason],
  );
}

function formatDuration(ms: number): string {
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}
