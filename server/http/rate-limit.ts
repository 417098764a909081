/** A token bucket per key: the 429 side of overload (503 is the queue side). */

export class RateLimiter {
  private buckets = new Map<string, { tokens: number; at: number }>();

  /** `ratePerSecond` 0 disables limiting; the burst is two seconds' worth. */
  constructor(
    private readonly ratePerSecond: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes `cost` tokens for `key`; returns 0 when allowed, else the seconds to wait. */
  take(key: string, cost: number): number {
    if (this.ratePerSecond <= 0) return 0;
    const capacity = this.ratePerSecond * 2;
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: capacity, at: now };
    bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.at) / 1000) * this.ratePerSecond);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= cost) {
      bucket.tokens -= cost;
      return 0;
    }
    return Math.max(1, Math.ceil((cost - bucket.tokens) / this.ratePerSecond));
  }
}
