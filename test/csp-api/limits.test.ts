import { afterEach, describe, expect, it } from 'vitest';
import { type CspApiHarness, startCspApi } from '../../src/testing/csp-api-harness.ts';

let api: CspApiHarness | undefined;
afterEach(() => api?.close());

describe('rate limit', () => {
  it('allows a burst of 20 per client, then answers 429 with Retry-After; other clients are unaffected', async () => {
    api = await startCspApi({ rateLimit: { perSecond: 25, burst: 20 } });
    const northwind = await api.token('northwind');
    const harbor = await api.token('harbor');
    const statuses: number[] = [];
    for (let index = 0; index < 30; index += 1) {
      statuses.push((await api.request('GET', '/api/customers', { token: northwind })).status);
    }
    expect(statuses.filter((status) => status === 200).length).toBeGreaterThanOrEqual(20);
    const limited = statuses.indexOf(429);
    expect(limited).toBeGreaterThanOrEqual(20);
    const refused = await api.request('GET', '/api/customers', { token: northwind });
    if (refused.status === 429) {
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(refused.body.code).toBe('rate_limited');
    }
    expect((await api.request('GET', '/api/customers', { token: harbor })).status).toBe(200);
  });
});

describe('request size', () => {
  it('refuses a body over the limit with 413 and accepts one under it', async () => {
    api = await startCspApi({ config: { bodyLimitBytes: 1024 } });
    const token = await api.token('northwind');
    const order = (await api.request('GET', '/api/purchase_orders?status=issued&limit=1', { token })).body[0];
    const path = `/api/purchase_orders/${order.id}/acknowledge`;
    const big = await api.request('PUT', path, {
      token,
      body: { 'acknowledged-flag': true, note: 'x'.repeat(4096) },
    });
    expect(big.status).toBe(413);
    expect(big.body.code).toBe('payload_too_large');
    const small = await api.request('PUT', path, { token, body: { 'acknowledged-flag': true } });
    expect(small.status).toBe(200);
  });

  it('refuses malformed JSON and unknown content types with coded errors', async () => {
    api = await startCspApi();
    const token = await api.token('northwind');
    const order = (await api.request('GET', '/api/purchase_orders?status=issued&limit=1', { token })).body[0];
    const path = `/api/purchase_orders/${order.id}/acknowledge`;
    const broken = await api.request('PUT', path, { token, body: '{"acknowledged-flag": tru' });
    expect(broken.status).toBe(400);
    expect(broken.body.code).toBe('invalid_json');
    const xml = await api.request('PUT', path, {
      token,
      body: '<a/>',
      headers: { 'content-type': 'application/xml' },
    });
    expect(xml.status).toBe(415);
    expect(xml.body.code).toBe('unsupported_media_type');
  });
});

describe('unknown routes', () => {
  it('answer a coded 404', async () => {
    api = await startCspApi();
    const response = await api.request('GET', '/api/nothing-here', { token: await api.token('northwind') });
    expect(response.status).toBe(404);
    expect(response.body.code).toBe('not_found');
  });
});
