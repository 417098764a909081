/**
 * Capped exponential backoff with full jitter, the one retry timing of every process: the console's stream and
 * snapshot retries, and COSS's outbound deliveries. Full jitter (AWS architecture blog, "Exponential Backoff and
 * Jitter"): a uniform draw in [0, min(cap, base·2^(n-1))) for the n-th failed attempt, so many clients that failed
 * together (a room of consoles after a COSS restart) do not retry together.
 */

export interface BackoffPolicy {
  /** delay ceiling of the first retry */
  baseMs: number;
  /** no retry waits longer than this */
  capMs: number;
}

/** The delay before retry `attempt` (1-based; below 1 counts as 1). */
export function backoffDelayMs(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  // The exponent is capped so a retry count in the thousands cannot overflow to Infinity.
  const exponent = Math.min(Math.max(attempt, 1) - 1, 30);
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** exponent);
  return Math.floor(random() * ceiling);
}
