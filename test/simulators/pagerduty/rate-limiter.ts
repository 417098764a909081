/**
 * Sliding-window limiter: PagerDuty's Events API limit is "calculated over a 60 second window looking back
 * from the current time" (developer docs, Events API Rate Limits), so a fixed per-minute bucket would let a
 * client pass tests that the real service fails.
 */
import type { RateLimitConfig } from './types.ts';

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Milliseconds until the oldest counted request leaves the window. */
  resetMs: number;
}

export class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(private config: RateLimitConfig) {}

  configure(config: RateLimitConfig): void {
    this.config = config;
  }

  /** Counts the request only when allowed, so a throttled client is not locked out forever by its retries. */
  take(key: string, now: number): RateDecision {
    const windowStart = now - this.config.windowMs;
    const kept = (this.hits.get(key) ?? []).filter((t) => t > windowStart);
    const allowed = kept.length < this.config.limit;
    if (allowed) kept.push(now);
    this.hits.set(key, kept);
    const oldest = kept[0] ?? now;
    return {
      allowed,
      limit: this.config.limit,
      remaining: Math.max(0, this.config.limit - kept.length),
      resetMs: Math.max(0, oldest + this.config.windowMs - now),
    };
  }

  reset(): void {
    this.hits.clear();
  }
}
