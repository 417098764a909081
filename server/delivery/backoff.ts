/**
 * Retry timing of outbound deliveries: the one backoff of every process (shared/backoff.ts, capped exponential
 * with full jitter), stretched to the vendor's Retry-After when that is longer.
 */
import { backoffDelayMs, type BackoffPolicy } from '../../shared/backoff.ts';
import { MAX_RETRY_AFTER_MS } from '../integrations/retry-after.ts';

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1_000, capMs: 60_000 };

/** The wait before the next attempt: the jittered backoff, or the vendor's Retry-After when that is longer. */
export function retryDelayMs(
  attempt: number,
  retryAfterMs: number | null,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  const backoff = backoffDelayMs(attempt, policy, random);
  return retryAfterMs === null ? backoff : Math.max(backoff, Math.min(retryAfterMs, MAX_RETRY_AFTER_MS));
}
