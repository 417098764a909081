/** Client idempotency keys: the first request with a key does the work; a replay gets the stored answer. */
import type { Sql } from '../db/database.ts';
import { HttpError } from './errors.ts';

/**
 * Claims `key` for `principal` in `tx`. Returns the stored answer when this is a replay (the claiming transaction
 * committed), or null when the caller should do the work and then call `storeAnswer` in the same transaction.
 * A concurrent duplicate blocks on the insert until the first commits, then sees its answer.
 */
export async function claimIdempotencyKey<Answer>(
  tx: Sql,
  principal: string,
  key: string,
  scope: string,
): Promise<Answer | null> {
  const claimed = await tx.query(
    `INSERT INTO idempotency_keys (principal, key, action, response) VALUES ($1, $2, $3, 'null')
     ON CONFLICT (principal, key) DO NOTHING RETURNING key`,
    [principal, key, scope],
  );
  if (claimed.rowCount > 0) return null;
  const previous = (
    await tx.query<{ action: string; response: Answer }>(
      'SELECT action, response FROM idempotency_keys WHERE principal = $1 AND key = $2',
      [principal, key],
    )
  ).rows[0];
  if (!previous || previous.action !== scope) {
    throw new HttpError(422, 'idempotency_key_reused', `Idempotency-Key was used for ${previous?.action ?? 'another request'}`, {
      field: 'Idempotency-Key',
    });
  }
  return previous.response;
}

/** Records the answer of a claimed key, in the transaction that did the work. */
export async function storeIdempotentAnswer(tx: Sql, principal: string, key: string, answer: unknown): Promise<void> {
  await tx.query('UPDATE idempotency_keys SET response = $3 WHERE principal = $1 AND key = $2', [
    principal,
    key,
    JSON.stringify(answer),
  ]);
}
