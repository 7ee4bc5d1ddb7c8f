import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CspApiHarness, startCspApi } from '../../src/testing/csp-api-harness.ts';
import { runCsp } from '../../src/tools/csp/run-csp.ts';
import { type FakeBroker, startFakeBroker } from './broker-socket.ts';

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON documents
type Doc = any;

let api: CspApiHarness;
let broker: FakeBroker;
beforeAll(async () => {
  api = await startCspApi();
  broker = await startFakeBroker(api.url, await api.token('northwind'));
});
afterAll(async () => {
  await broker.close();
  await api.close();
});

describe('csp inside a cell (broker socket)', () => {
  it('reaches the API through the socket and sends no credentials of its own', async () => {
    broker.seen.length = 0;
    const result = await runCsp(['purchase-orders', 'list', '--status', 'issued', '--limit', '2'], {
      env: { SUPPLIER_AGENT_BROKER: broker.socketPath },
    });
    expect(result.exitCode).toBe(0);
    const orders = JSON.parse(result.stdout) as Doc[];
    expect(orders.map((order) => order['po-number'])).toEqual(['NWC-PO-11001', 'NWC-PO-11002']);
    expect(broker.seen).toHaveLength(1);
    expect(broker.seen[0]).toMatchObject({
      method: 'GET',
      url: '/api/purchase_orders?status=issued&limit=2',
    });
    expect(broker.seen[0]!.headers.authorization).toBeUndefined();
  });

  it('never forwards a token from the environment to the broker', async () => {
    broker.seen.length = 0;
    const result = await runCsp(['customers', 'list'], {
      env: {
        SUPPLIER_AGENT_BROKER: broker.socketPath,
        CSP_TOKEN: 'leaked-token',
        CSP_CLIENT_SECRET: 'leaked',
      },
    });
    expect(result.exitCode).toBe(0);
    expect(JSON.stringify(broker.seen)).not.toContain('leaked');
    expect(broker.seen.every((request) => request.headers.authorization === undefined)).toBe(true);
  });

  it('writes through the socket with the idempotency key', async () => {
    broker.seen.length = 0;
    const result = await runCsp(
      ['purchase-orders', 'acknowledge', 'NWC-PO-11001', '--idempotency-key', 'broker-ack-1'],
      { env: { SUPPLIER_AGENT_BROKER: broker.socketPath } },
    );
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)['acknowledged-flag']).toBe(true);
    expect(broker.seen[0]).toMatchObject({
      method: 'PUT',
      url: '/api/purchase_orders/NWC-PO-11001/acknowledge',
    });
    expect(broker.seen[0]!.headers['idempotency-key']).toBe('broker-ack-1');
    expect(broker.seen[0]!.headers.authorization).toBeUndefined();
  });

  it("depends on the broker's credentials: without them the API answers 401", async () => {
    const bare = await startFakeBroker(api.url, undefined);
    try {
      const result = await runCsp(['customers', 'list'], { env: { SUPPLIER_AGENT_BROKER: bare.socketPath } });
      expect(result.exitCode).toBe(1);
      expect(JSON.parse(result.stderr)).toMatchObject({ status: 401, code: 'unauthenticated' });
    } finally {
      await bare.close();
    }
  });

  it('exits 3 when the socket is not there', async () => {
    const result = await runCsp(['customers', 'list'], {
      env: { SUPPLIER_AGENT_BROKER: `${broker.socketPath}.missing` },
    });
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toMatch(/broker socket/);
  });
});
