import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureBrokerOverhead, summarize } from '../../src/broker/overhead.ts';
import { type CspApiHarness, startCspApi } from '../../src/testing/csp-api-harness.ts';
import { type BrokerKit, startBroker } from './broker-kit.ts';

let api: CspApiHarness;
let kit: BrokerKit;
beforeAll(async () => {
  api = await startCspApi();
  kit = await startBroker({ api });
});
afterAll(async () => {
  await kit?.close();
  await api?.close();
});

describe('broker overhead measurement', () => {
  it('times the same target directly and through the broker', async () => {
    const before = kit.events().length;
    const result = await measureBrokerOverhead({
      socketPath: kit.socketPath,
      upstreamUrl: api.url,
      token: await api.token('northwind'),
      target: '/api/purchase_orders?limit=1',
      iterations: 20,
      warmup: 5,
    });
    expect(result.iterations).toBe(20);
    for (const summary of [result.direct, result.broker]) {
      expect(summary.p50).toBeGreaterThan(0);
      expect(summary.p99).toBeGreaterThanOrEqual(summary.p50);
    }
    expect(result.overhead.p50).toBeCloseTo(result.broker.p50 - result.direct.p50);
    // Every brokered call was really audited (three events each).
    expect(kit.events().length - before).toBe(25 * 3);
  });

  it('fails rather than timing denials', async () => {
    await expect(
      measureBrokerOverhead({
        socketPath: kit.socketPath,
        upstreamUrl: api.url,
        token: await api.token('northwind'),
        target: '/api/invoices?limit=1',
        iterations: 2,
        warmup: 0,
      }),
    ).rejects.toThrow(/answered 403/);
  });

  it('summarizes with nearest-rank percentiles', () => {
    const samples = Array.from({ length: 100 }, (_, index) => index + 1);
    expect(summarize(samples)).toEqual({ p50: 50, p99: 99 });
    expect(summarize([3, 1, 2])).toEqual({ p50: 2, p99: 3 });
  });
});
