import type { Clock } from '../../clock/clock.ts';

export interface RateLimitDecision {
  allowed: boolean;
  /** Seconds until a request would be allowed (when denied). */
  retryAfterSeconds: number;
}

export interface RateLimiter {
  take(key: string): RateLimitDecision;
}

/**
 * A token bucket per key: `burst` requests at once, refilled at `perSecond`. Buckets idle long
 * enough to be full again are forgotten, so memory stays bounded by the active clients.
 */
export function createRateLimiter(options: { perSecond: number; burst: number; clock: Clock }): RateLimiter {
  const { perSecond, burst, clock } = options;
  const buckets = new Map<string, { tokens: number; updated: number }>();
  let lastSweep = clock.now().getTime();

  const sweep = (now: number) => {
    if (now - lastSweep < 10_000) return;
    lastSweep = now;
    const fullAfter = (burst / perSecond) * 1000;
    for (const [key, bucket] of buckets) if (now - bucket.updated > fullAfter) buckets.delete(key);
  };

  return {
    take(key) {
      const now = clock.now().getTime();
      sweep(now);
      const bucket = buckets.get(key) ?? { tokens: burst, updated: now };
      bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.updated) / 1000) * perSecond);
      bucket.updated = now;
      buckets.set(key, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { allowed: true, retryAfterSeconds: 0 };
      }
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond)) };
    },
  };
}
