import { afterEach, describe, expect, it } from 'vitest';
import { type CspTestKit, errorLine, startCspKit } from './csp-kit.ts';

let kit: CspTestKit | undefined;
afterEach(async () => {
  await kit?.close();
  kit = undefined;
});

/** A sleep that really waits (the bucket must refill) and records each wait. */
function recordingSleep(waits: number[]) {
  return (milliseconds: number) => {
    waits.push(milliseconds);
    return new Promise<void>((resolve) => setTimeout(resolve, milliseconds));
  };
}

describe('csp on 429', () => {
  it('waits as Retry-After says and retries, so a burst still succeeds', async () => {
    kit = await startCspKit({ rateLimit: { perSecond: 5, burst: 2 } });
    const waits: number[] = [];
    const run = { sleep: recordingSleep(waits) };
    const results = await Promise.all(
      [1, 2, 3, 4].map(() => kit!.csp(['customers', 'list', '--fields', '["id"]'], { run })),
    );
    expect(results.map((result) => result.exitCode)).toEqual([0, 0, 0, 0]);
    expect(waits.length).toBeGreaterThan(0);
    expect(waits.every((wait) => wait === 1000)).toBe(true);
  });

  it('gives up when Retry-After is beyond its 5 s budget and reports the 429', async () => {
    kit = await startCspKit({ rateLimit: { perSecond: 0.1, burst: 1 } });
    const waits: number[] = [];
    const run = { sleep: recordingSleep(waits) };
    const first = await kit.csp(['customers', 'list'], { run });
    expect(first.exitCode).toBe(0);
    const second = await kit.csp(['customers', 'list'], { run });
    expect(second.exitCode).toBe(1);
    expect(errorLine(second)).toMatchObject({ status: 429, code: 'rate_limited' });
    expect(waits).toEqual([]);
  });
});
