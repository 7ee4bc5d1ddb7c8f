import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CspApiHarness, startCspApi } from '../../src/testing/csp-api-harness.ts';

let h: CspApiHarness;
let northwind: string;
let buyer: string;
let globexId: number;
let sequence = 0;

beforeAll(async () => {
  h = await startCspApi();
  [northwind, buyer] = await Promise.all([h.token('northwind'), h.buyerToken()]);
  const customers = await h.request('GET', '/api/customers', { token: northwind });
  globexId = customers.body.find((customer: { name: string }) => customer.name.startsWith('Globex')).id;
});

afterAll(async () => {
  await h.close();
});

const newCatalog = async (): Promise<number> => {
  sequence += 1;
  const response = await h.request('POST', '/api/catalogs', {
    token: northwind,
    body: { name: `NWC items ${sequence}`, 'customer-id': globexId },
  });
  return response.body.id;
};

const itemBody = (part: string, extra: Record<string, unknown> = {}) => ({
  name: `Hex bolt ${part}`,
  description: 'Zinc plated hex bolt',
  'uom-code': 'EA',
  'supplier-part-num': part,
  price: 0.42,
  ...extra,
});

const addItem = (catalogId: number, body: unknown) =>
  h.request('POST', `/api/catalogs/${catalogId}/items`, { token: northwind, body });

describe('POST /api/catalogs/:catalogId/items', () => {
  it('adds an item with defaults and keeps item-count right', async () => {
    const catalogId = await newCatalog();
    const response = await addItem(
      catalogId,
      itemBody('NWC-HB-1', { 'lead-time': 7, 'unspsc-code': '31161501' }),
    );
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      catalog: { id: catalogId, name: expect.stringMatching(/^NWC items/) },
      'supplier-part-num': 'NWC-HB-1',
      active: true,
      currency: 'USD',
      availability: 'in_stock',
      'lead-time': 7,
      'unspsc-code': '31161501',
      contract: null,
    });
    await addItem(catalogId, itemBody('NWC-HB-2'));
    const catalog = await h.request('GET', `/api/catalogs/${catalogId}`, { token: northwind });
    expect(catalog.body['item-count']).toBe(2);
    const byPart = await h.request('GET', `/api/catalogs/${catalogId}/items/NWC-HB-2`, { token: northwind });
    expect(byPart.body.name).toBe('Hex bolt NWC-HB-2');
  });

  it('needs a unit of measure that exists at the customer (positive control: BX, any case)', async () => {
    const catalogId = await newCatalog();
    const bad = await addItem(catalogId, itemBody('NWC-U-1', { 'uom-code': 'FURLONG' }));
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.errors)).toEqual(['uom-code']);
    expect(bad.body.errors['uom-code'][0]).toContain('Globex Manufacturing');
    const good = await addItem(catalogId, itemBody('NWC-U-1', { 'uom-code': 'bx' }));
    expect(good.status).toBe(201);
    expect(good.body['uom-code']).toBe('BX');
  });

  it('refuses a part number already in the catalog; the same number elsewhere is fine', async () => {
    const catalogId = await newCatalog();
    expect((await addItem(catalogId, itemBody('NWC-D-1'))).status).toBe(201);
    const duplicate = await addItem(catalogId, itemBody('NWC-D-1', { name: 'Another' }));
    expect(duplicate.status).toBe(422);
    expect(duplicate.body.errors['supplier-part-num']).toBeDefined();
    expect((await addItem(await newCatalog(), itemBody('NWC-D-1'))).status).toBe(201);
    const items = await h.request('GET', `/api/catalogs/${catalogId}/items`, { token: northwind });
    expect(items.body).toHaveLength(1);
  });

  it('wants 8-digit UNSPSC codes (positive control with one)', async () => {
    const catalogId = await newCatalog();
    const bad = await addItem(catalogId, itemBody('NWC-C-1', { 'unspsc-code': '3116150' }));
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.errors)).toEqual(['unspsc-code']);
    expect((await addItem(catalogId, itemBody('NWC-C-1', { 'unspsc-code': '31161500' }))).status).toBe(201);
  });

  it('names missing required fields, unknown fields and wrong types', async () => {
    const catalogId = await newCatalog();
    const response = await addItem(catalogId, {
      description: 'no name',
      'lead-time': -2,
      price: 'cheap',
      colour: 'red',
      availability: 'maybe',
    });
    expect(response.status).toBe(422);
    expect(Object.keys(response.body.errors).sort()).toEqual([
      'availability',
      'colour',
      'lead-time',
      'price',
    ]);
    const missing = await addItem(catalogId, { description: 'no name' });
    expect(Object.keys(missing.body.errors).sort()).toEqual([
      'name',
      'price',
      'supplier-part-num',
      'uom-code',
    ]);
    expect((await h.request('GET', `/api/catalogs/${catalogId}/items`, { token: northwind })).body).toEqual(
      [],
    );
  });
});

describe('PUT /api/catalogs/:catalogId/items/:itemId', () => {
  it('updates any field but the part number', async () => {
    const catalogId = await newCatalog();
    const created = (await addItem(catalogId, itemBody('NWC-P-1'))).body;
    const updated = await h.request('PUT', `/api/catalogs/${catalogId}/items/${created.id}`, {
      token: northwind,
      body: { price: 0.5, active: false, description: null, 'supplier-part-num': 'NWC-P-1' },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      id: created.id,
      price: 0.5,
      active: false,
      description: null,
      name: created.name,
    });
    const renumbered = await h.request('PUT', `/api/catalogs/${catalogId}/items/${created.id}`, {
      token: northwind,
      body: { 'supplier-part-num': 'NWC-P-2' },
    });
    expect(renumbered.status).toBe(422);
    expect(renumbered.body.errors['supplier-part-num']).toBeDefined();
    const stored = await h.request('GET', `/api/catalogs/${catalogId}/items/NWC-P-1`, { token: northwind });
    expect(stored.body.price).toBe(0.5);
  });

  it('does not find an item through another catalog of the same supplier', async () => {
    const first = await newCatalog();
    const second = await newCatalog();
    const created = (await addItem(first, itemBody('NWC-X-1'))).body;
    const response = await h.request('PUT', `/api/catalogs/${second}/items/${created.id}`, {
      token: northwind,
      body: { price: 9 },
    });
    expect(response.status).toBe(404);
    expect(
      (await h.request('GET', `/api/catalogs/${first}/items/${created.id}`, { token: northwind })).body.price,
    ).toBe(0.42);
  });

  it('refuses edits while the customer reviews the catalog; a rejection reopens it', async () => {
    const catalogId = await newCatalog();
    const created = (await addItem(catalogId, itemBody('NWC-R-1'))).body;
    expect((await h.request('PUT', `/api/catalogs/${catalogId}/submit`, { token: northwind })).status).toBe(
      200,
    );
    const locked = await h.request('PUT', `/api/catalogs/${catalogId}/items/${created.id}`, {
      token: northwind,
      body: { price: 1 },
    });
    expect(locked.status).toBe(409);
    expect((await addItem(catalogId, itemBody('NWC-R-2'))).status).toBe(409);

    await h.request('PUT', `/sim/catalogs/${catalogId}/reject`, {
      token: buyer,
      body: { reason: 'Too dear' },
    });
    const added = await addItem(catalogId, itemBody('NWC-R-2'));
    expect(added.status).toBe(201);
    const catalog = (await h.request('GET', `/api/catalogs/${catalogId}`, { token: northwind })).body;
    expect(catalog).toMatchObject({ status: 'draft', 'item-count': 2 });
  });
});
