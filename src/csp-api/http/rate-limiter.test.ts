import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../clock/clock.ts';
import { createRateLimiter } from './rate-limiter.ts';

describe('createRateLimiter', () => {
  it('allows a burst, then refuses with a retry delay, then refills at the sustained rate', () => {
    const clock = createManualClock(new Date('2026-01-01T00:00:00Z'));
    const limiter = createRateLimiter({ perSecond: 25, burst: 20, clock });
    for (let index = 0; index < 20; index += 1) expect(limiter.take('a').allowed).toBe(true);
    const refused = limiter.take('a');
    expect(refused).toEqual({ allowed: false, retryAfterSeconds: 1 });
    clock.advance(40); // one token at 25/s
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(false);
  });

  it('keeps one bucket per client', () => {
    const clock = createManualClock(new Date('2026-01-01T00:00:00Z'));
    const limiter = createRateLimiter({ perSecond: 1, burst: 1, clock });
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(false);
    expect(limiter.take('b').allowed).toBe(true);
  });
});
