import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CspApiHarness, startCspApi } from '../../src/testing/csp-api-harness.ts';

/**
 * Every readable resource: a record of one supplier is visible to its owner (positive control) and
 * answers the very same 404 to every other supplier as an id that does not exist at all.
 */
let api: CspApiHarness;
const tokens: Record<string, string> = {};
const resources = [
  '/api/customers',
  '/api/purchase_orders',
  '/api/purchase_order_changes',
  '/api/invoices',
  '/api/supplier_profiles',
  '/api/profile_change_requests',
  '/api/remit_to_addresses',
  '/api/catalogs',
];

beforeAll(async () => {
  api = await startCspApi();
  for (const tenant of api.tenants) tokens[tenant.id] = await api.token(tenant.id);
});
afterAll(() => api.close());

const get = (tenant: string, path: string) => api.request('GET', path, { token: tokens[tenant] });

describe('cross-tenant reads', () => {
  it.each(resources)(
    '%s: another supplier gets the not-found answer, the owner gets the record',
    async (path) => {
      const owned = (await get('harbor', `${path}?limit=1`)).body[0];
      expect(owned, 'seed has a record').toBeDefined();
      const owner = await get('harbor', `${path}/${owned.id}`);
      expect(owner.status).toBe(200);
      const missing = await get('northwind', `${path}/99999999`);
      expect(missing.status).toBe(404);
      for (const stranger of ['northwind', 'bluepeak']) {
        const response = await get(stranger, `${path}/${owned.id}`);
        expect(response.status).toBe(404);
        expect(response.body).toEqual(missing.body);
        expect(JSON.stringify(response.body)).not.toContain('HLS');
      }
    },
  );

  it('document numbers of another supplier are not found either', async () => {
    expect((await get('harbor', '/api/purchase_orders/HLS-PO-13001')).status).toBe(200);
    expect((await get('northwind', '/api/purchase_orders/HLS-PO-13001')).status).toBe(404);
    const invoice = (await get('harbor', '/api/invoices?limit=1')).body[0]['invoice-number'];
    expect((await get('northwind', `/api/invoices/${invoice}`)).status).toBe(404);
  });

  it('catalog items of another supplier are not found, whichever catalog path is used', async () => {
    const catalog = (await get('harbor', '/api/catalogs?limit=1')).body[0];
    const item = (await get('harbor', `/api/catalogs/${catalog.id}/items?limit=1`)).body[0];
    expect((await get('harbor', `/api/catalogs/${catalog.id}/items/${item.id}`)).status).toBe(200);
    expect((await get('northwind', `/api/catalogs/${catalog.id}/items`)).status).toBe(404);
    const own = (await get('northwind', '/api/catalogs?limit=1')).body[0];
    expect((await get('northwind', `/api/catalogs/${own.id}/items/${item.id}`)).status).toBe(404);
  });

  it('lists only ever contain the caller’s own documents, whatever the filters say', async () => {
    const prefixes: Record<string, string> = { northwind: 'NWC', bluepeak: 'BPO', harbor: 'HLS' };
    for (const [tenant, prefix] of Object.entries(prefixes)) {
      for (const query of ['', '?po-number[starts_with]=HLS', '?customer[id][in]=1,2,3,4,5,6', '?id[gt]=0']) {
        const orders = (await get(tenant, `/api/purchase_orders${query}`)).body as { 'po-number': string }[];
        expect(
          orders.every((order) => order['po-number'].startsWith(prefix)),
          `${tenant} ${query}`,
        ).toBe(true);
      }
    }
    expect((await get('northwind', '/api/purchase_orders?po-number[starts_with]=HLS')).body).toEqual([]);
  });

  it('no header, parameter or body can choose the tenant', async () => {
    const attempts = [
      api.request('GET', '/api/purchase_orders?supplier_id=3', { token: tokens.northwind }),
      api.request('GET', '/api/purchase_orders?supplier[id]=3', { token: tokens.northwind }),
      api.request('GET', '/api/purchase_orders', {
        token: tokens.northwind,
        headers: { 'x-tenant-id': 'harbor', 'x-supplier-id': '3' },
      }),
      api.request('GET', '/api/purchase_orders/HLS-PO-13001?supplier_id=3', { token: tokens.northwind }),
    ];
    for (const response of await Promise.all(attempts)) {
      expect(response.status === 400 || response.status === 404 || response.status === 200).toBe(true);
      expect(JSON.stringify(response.body)).not.toContain('HLS-PO');
    }
  });
});
