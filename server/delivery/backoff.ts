/** Retry timing of outbound deliveries: exponential backoff with full jitter, stretched to a Retry-After. */
import { MAX_RETRY_AFTER_MS } from '../integrations/retry-after.ts';

export interface BackoffPolicy {
  /** delay ceiling of the first retry */
  baseMs: number;
  /** no retry waits longer than this (unless the vendor asks for more with Retry-After) */
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1_000, capMs: 60_000 };

/**
 * Full jitter (AWS architecture blog, "Exponential Backoff and Jitter"): a uniform draw in [0, min(cap, base·2^(n-1))]
 * for the n-th failed attempt, so many clients that failed together do not retry together.
 */
export function backoffDelayMs(attempt: number, policy: BackoffPolicy = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(attempt, 1) - 1, 30);
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** exponent);
  return Math.floor(random() * ceiling);
}

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
