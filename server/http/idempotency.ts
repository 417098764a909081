/** Client idempotency keys: the first request with a key does the work; a replay gets the stored answer. */
import type { FastifyRequest } from 'fastify';
import { IdempotencyKeySchema } from '../../shared/actions.ts';
import type { Sql } from '../db/database.ts';
import { HttpError, parseOr400 } from './errors.ts';

/** The request's Idempotency-Key header, when it has one. */
export function optionalIdempotencyKey(request: FastifyRequest): string | undefined {
  const header = request.headers['idempotency-key'];
  if (header === undefined) return undefined;
  return parseOr400(IdempotencyKeySchema, Array.isArray(header) ? header[0] : header, 'Idempotency-Key');
}

/** The request's Idempotency-Key header, which an action must carry. */
export function requiredIdempotencyKey(request: FastifyRequest): string {
  const key = optionalIdempotencyKey(request);
  if (key === undefined) {
    throw new HttpError(400, 'invalid_request', 'Idempotency-Key header is required for actions', {
      field: 'Idempotency-Key',
    });
  }
  return key;
}

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
  return previousAnswer<Answer>(tx, principal, key, scope);
}

/**
 * The stored answer of `key`, which an earlier request claimed (and committed: a claim waits for a concurrent one to
 * end). A key used for another action or alert is refused with 422.
 */
export async function previousAnswer<Answer>(tx: Sql, principal: string, key: string, scope: string): Promise<Answer> {
  const previous = (
    await tx.query<{ action: string; response: Answer }>(
      'SELECT action, response FROM idempotency_keys WHERE principal = $1 AND key = $2',
      [principal, key],
    )
  ).rows[0];
  if (!previous || previous.action !== scope) {
    throw new HttpError(
      422,
      'idempotency_key_reused',
      `Idempotency-Key was used for ${previous?.action ?? 'another request'}`,
      {
        field: 'Idempotency-Key',
      },
    );
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

/**
 * Runs `work` in `tx` once per idempotency key: the first request with `key` does it and its `answer` is stored in
 * the same transaction; a replay gets the stored answer and does nothing. Without a key the work always runs.
 */
export async function runOncePerKey<Done extends { answer: unknown }>(
  tx: Sql,
  claim: { principal: string; key: string | undefined; scope: string },
  work: () => Promise<Done>,
): Promise<(Done & { replayed: false }) | { answer: Done['answer']; replayed: true }> {
  const { principal, key, scope } = claim;
  if (key !== undefined) {
    const previous = await claimIdempotencyKey<Done['answer']>(tx, principal, key, scope);
    if (previous) return { answer: previous, replayed: true };
  }
  const done = await work();
  if (key !== undefined) await storeIdempotentAnswer(tx, principal, key, done.answer);
  return { ...done, replayed: false };
}
