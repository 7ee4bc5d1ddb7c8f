import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEgressPolicy, cspApiOperations, type SkillEgressPolicy } from '../../src/policy/index.ts';
import { type CspApiHarness, startCspApi } from '../../src/testing/csp-api-harness.ts';
import { toolManifest } from '../../src/tools/manifest/index.ts';

let api: CspApiHarness;
let token: string;
let policy: SkillEgressPolicy;

beforeAll(async () => {
  api = await startCspApi();
  token = await api.token('northwind');
  policy = createEgressPolicy({
    tools: toolManifest,
    skill: 'everything',
    tenantId: 'northwind',
    operations: api.server.operations,
  });
});
afterAll(() => api.close());

const key = (operation: { method: string; path: string }) => `${operation.method} ${operation.path}`;

describe('the static operation list', () => {
  it('is exactly what a running CSP API serves, so the broker needs no server to build a policy', () => {
    const served = [
      ...api.server.operations,
      { method: 'POST', path: '/oauth2/token' },
      { method: 'GET', path: '/healthz' },
    ];
    expect(new Set(cspApiOperations().map(key))).toEqual(new Set(served.map(key)));
  });
});

describe('what the policy forwards is what the API serves', () => {
  /** Decides like the broker, then sends the canonical target (never the raw one) to the real API. */
  async function forward(url: string) {
    const decision = policy.decide({ method: 'GET', url, headers: {} });
    if (decision.effect !== 'allow') throw new Error(`denied: ${decision.reason} ${decision.message}`);
    const target = decision.query === '' ? decision.path : `${decision.path}?${decision.query}`;
    return { decision, response: await api.request('GET', target, { token }) };
  }

  it.each([
    '/api/purchase_orders/NWC-PO-11001',
    '/api/purchase_orders/NWC%2DPO%2D11001',
    '/api/purchase%5Forders/NWC-PO-11001',
    '/api/purchase_orders/NWC-PO-11001/',
  ])('%s reaches the order the template names', async (url) => {
    const { decision, response } = await forward(url);
    expect(decision.operation.path).toBe('/api/purchase_orders/:id');
    expect(response.status).toBe(200);
    expect(response.body['po-number']).toBe('NWC-PO-11001');
  });

  it('forwards the query as received', async () => {
    const { decision, response } = await forward('/api/purchase_orders/?limit=2&offset=1');
    expect(decision.query).toBe('limit=2&offset=1');
    expect(response.status).toBe(200);
    expect(response.body).toHaveLength(2);
  });

  it('re-encodes reserved characters in a parameter, and the API decodes them to the same id', async () => {
    const draft = (await api.request('GET', '/api/invoices?status=draft&limit=1', { token })).body[0];
    const number = 'NWC:INV @1+x';
    const renamed = await api.request('PUT', `/api/invoices/${draft.id}`, {
      token,
      body: { 'invoice-number': number },
    });
    expect(renamed.status).toBe(200);
    const { decision, response } = await forward('/api/invoices/NWC:INV%20@1+x');
    expect(decision.path).toBe('/api/invoices/NWC%3AINV%20%401%2Bx');
    expect(decision.operation.path).toBe('/api/invoices/:id');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id: draft.id, 'invoice-number': number });
  });

  it('the literal route wins over the parameter, as in the API server', async () => {
    const catalog = (await api.request('GET', '/api/catalogs?limit=1', { token })).body[0];
    const bulk = policy.decide({
      method: 'POST',
      url: `/api/catalogs/${catalog.id}/items/bulk`,
      headers: {},
    });
    expect(bulk).toMatchObject({
      effect: 'allow',
      operation: { path: '/api/catalogs/:catalogId/items/bulk' },
    });
    const item = policy.decide({ method: 'POST', url: `/api/catalogs/${catalog.id}/items`, headers: {} });
    expect(item).toMatchObject({ effect: 'allow', operation: { path: '/api/catalogs/:catalogId/items' } });
  });
});
