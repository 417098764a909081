/** Retry timing for PagerDuty calls: exponential backoff with full jitter, and Retry-After parsing. */

export interface BackoffPolicy {
  /** delay ceiling of the first retry */
  baseMs: number;
  /** no retry waits longer than this (unless PagerDuty asks for more with Retry-After) */
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1_000, capMs: 60_000 };

/** The longest Retry-After honoured; a larger (or absurd) value is clamped to it. */
export const MAX_RETRY_AFTER_MS = 60 * 60 * 1000;

/**
 * Full jitter (AWS architecture blog, "Exponential Backoff and Jitter"): a uniform draw in [0, min(cap, base·2^(n-1))]
 * for the n-th failed attempt, so many clients that failed together do not retry together.
 */
export function backoffDelayMs(attempt: number, policy: BackoffPolicy = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(attempt, 1) - 1, 30);
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** exponent);
  return Math.floor(random() * ceiling);
}

/** The wait before the next attempt: the jittered backoff, or PagerDuty's Retry-After when that is longer. */
export function retryDelayMs(
  attempt: number,
  retryAfterMs: number | null,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  const backoff = backoffDelayMs(attempt, policy, random);
  return retryAfterMs === null ? backoff : Math.max(backoff, Math.min(retryAfterMs, MAX_RETRY_AFTER_MS));
}

/** Retry-After as milliseconds: delta-seconds or an HTTP-date (RFC 9110 §10.2.3); null when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | null {
  if (value === null || value === undefined) return null;
  const trimmed = value.trim();
  if (trimmed === '') return null;
  if (/^\d+$/.test(trimmed)) return Math.min(Number(trimmed) * 1000, MAX_RETRY_AFTER_MS);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.min(Math.max(0, at - now), MAX_RETRY_AFTER_MS);
}
