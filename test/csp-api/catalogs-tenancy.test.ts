import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CspApiHarness, startCspApi } from '../../src/testing/csp-api-harness.ts';

/**
 * Bluepeak probes Northwind's catalog and items by id and by name: every read and write must answer
 * exactly as for an id that does not exist, and change nothing. Northwind itself succeeds.
 */
let h: CspApiHarness;
let northwind: string;
let bluepeak: string;
let catalog: { id: number; name: string };
let item: { id: number; 'supplier-part-num': string };
let bluepeakCatalogId: number;

beforeAll(async () => {
  h = await startCspApi();
  [northwind, bluepeak] = await Promise.all([h.token('northwind'), h.token('bluepeak')]);
  catalog = (
    await h.request('GET', `/api/catalogs/${encodeURIComponent('Globex 2027 catalog')}`, { token: northwind })
  ).body;
  item = (await h.request('GET', `/api/catalogs/${catalog.id}/items`, { token: northwind })).body[0];
  const own = (await h.request('GET', '/api/catalogs?status=draft', { token: bluepeak })).body;
  bluepeakCatalogId = own[0].id;
});

afterAll(async () => {
  await h.close();
});

type Probe = {
  method: 'GET' | 'POST' | 'PUT';
  path: (catalogRef: string, itemRef: string) => string;
  body?: unknown;
};

const probes: Probe[] = [
  { method: 'GET', path: (c) => `/api/catalogs/${c}` },
  { method: 'GET', path: (c) => `/api/catalogs/${c}/items` },
  { method: 'GET', path: (c, i) => `/api/catalogs/${c}/items/${i}` },
  { method: 'PUT', path: (c) => `/api/catalogs/${c}`, body: { name: 'Stolen' } },
  { method: 'PUT', path: (c) => `/api/catalogs/${c}/submit` },
  {
    method: 'POST',
    path: (c) => `/api/catalogs/${c}/items`,
    body: { name: 'Injected', 'uom-code': 'EA', 'supplier-part-num': 'BPO-X-1', price: 1 },
  },
  { method: 'PUT', path: (c, i) => `/api/catalogs/${c}/items/${i}`, body: { price: 0.01 } },
  {
    method: 'POST',
    path: (c) => `/api/catalogs/${c}/items/bulk`,
    body: { items: [{ name: 'Injected', 'uom-code': 'EA', 'supplier-part-num': 'BPO-X-2', price: 1 }] },
  },
];

const snapshot = async () => ({
  catalog: (await h.request('GET', `/api/catalogs/${catalog.id}`, { token: northwind })).body,
  items: (await h.request('GET', `/api/catalogs/${catalog.id}/items?limit=50`, { token: northwind })).body,
});

describe('catalog tenancy', () => {
  it('answers 404 to another supplier on every catalog read and write, as for a missing id', async () => {
    const before = await snapshot();
    for (const probe of probes) {
      const label = `${probe.method} ${probe.path(':catalog', ':item')}`;
      const missing = await h.request(probe.method, probe.path('999999', '999999'), {
        token: bluepeak,
        body: probe.body,
      });
      const byId = await h.request(probe.method, probe.path(String(catalog.id), String(item.id)), {
        token: bluepeak,
        body: probe.body,
      });
      const byName = await h.request(
        probe.method,
        probe.path(encodeURIComponent(catalog.name), encodeURIComponent(item['supplier-part-num'])),
        { token: bluepeak, body: probe.body },
      );
      expect(missing.status, label).toBe(404);
      expect(byId.status, label).toBe(404);
      expect(byId.body, label).toEqual(missing.body);
      expect(byName.status, label).toBe(404);
      expect(byName.body, label).toEqual(missing.body);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('does not reach a foreign item through the caller own catalog', async () => {
    const viaOwn = await h.request('PUT', `/api/catalogs/${bluepeakCatalogId}/items/${item.id}`, {
      token: bluepeak,
      body: { price: 0.01 },
    });
    const missing = await h.request('PUT', `/api/catalogs/${bluepeakCatalogId}/items/999999`, {
      token: bluepeak,
      body: { price: 0.01 },
    });
    expect(viaOwn.status).toBe(404);
    expect(viaOwn.body).toEqual(missing.body);
    const read = await h.request('GET', `/api/catalogs/${bluepeakCatalogId}/items/${item.id}`, {
      token: bluepeak,
    });
    expect(read.status).toBe(404);
    const list = await h.request('GET', '/api/catalogs', { token: bluepeak });
    expect(list.body.map((entry: { id: number }) => entry.id)).not.toContain(catalog.id);
  });

  it('lets the owner do the same writes (positive control)', async () => {
    const before = await snapshot();
    const edited = await h.request('PUT', `/api/catalogs/${catalog.id}/items/${item.id}`, {
      token: northwind,
      body: { price: 0.01 },
    });
    expect(edited.status).toBe(200);
    expect(edited.body.price).toBe(0.01);
    const added = await h.request('POST', `/api/catalogs/${catalog.id}/items`, {
      token: northwind,
      body: probes[5]!.body,
    });
    expect(added.status).toBe(201);
    const after = await snapshot();
    expect(after.catalog['item-count']).toBe(before.catalog['item-count'] + 1);
  });
});
