import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CspApiHarness, startCspApi } from '../../src/testing/csp-api-harness.ts';

let h: CspApiHarness;
let northwind: string;
let buyer: string;
let globexId: number;

beforeAll(async () => {
  h = await startCspApi();
  [northwind, buyer] = await Promise.all([h.token('northwind'), h.buyerToken()]);
  const customers = await h.request('GET', '/api/customers', { token: northwind });
  globexId = customers.body.find((customer: { name: string }) => customer.name.startsWith('Globex')).id;
});

afterAll(async () => {
  await h.close();
});

const path = (name: string) => `/api/catalogs/${encodeURIComponent(name)}`;

const createCatalog = async (name: string, extra: Record<string, unknown> = {}) => {
  const response = await h.request('POST', '/api/catalogs', {
    token: northwind,
    body: {
      name,
      'customer-id': globexId,
      'start-date': '2027-01-01',
      'expiration-date': '2027-12-31',
      ...extra,
    },
  });
  expect(response.status).toBe(201);
  return response.body;
};

const addItem = (catalogId: number, part: string, extra: Record<string, unknown> = {}) =>
  h.request('POST', `/api/catalogs/${catalogId}/items`, {
    token: northwind,
    body: {
      name: `Part ${part}`,
      description: `About ${part}`,
      'uom-code': 'EA',
      'supplier-part-num': part,
      price: 3.5,
      ...extra,
    },
  });

describe('POST and PUT /api/catalogs', () => {
  it('creates a draft in the customer currency, found by id and by name', async () => {
    const catalog = await createCatalog('NWC spring range');
    expect(catalog).toMatchObject({
      name: 'NWC spring range',
      status: 'draft',
      currency: 'USD',
      'item-count': 0,
      customer: { id: globexId, name: 'Globex Manufacturing' },
      'start-date': '2027-01-01',
    });
    expect((await h.request('GET', path('NWC spring range'), { token: northwind })).body.id).toBe(catalog.id);
  });

  it('names bad fields: dates, duplicate name, a customer that is not the caller', async () => {
    const bad = await h.request('POST', '/api/catalogs', {
      token: northwind,
      body: {
        name: 'NWC spring range',
        'customer-id': globexId,
        'start-date': '2027-06-01',
        'expiration-date': '2027-01-01',
      },
    });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.errors).sort()).toEqual(['expiration-date', 'name']);
    const harborCustomers = await h.request('GET', '/api/customers', { token: await h.token('harbor') });
    const foreignId = harborCustomers.body[0].id;
    const foreign = await h.request('POST', '/api/catalogs', {
      token: northwind,
      body: { name: 'Other', 'customer-id': foreignId },
    });
    const missing = await h.request('POST', '/api/catalogs', {
      token: northwind,
      body: { name: 'Other', 'customer-id': 99_999 },
    });
    expect(foreign.status).toBe(422);
    expect(foreign.body).toEqual(missing.body);
    expect(
      (await h.request('POST', '/api/catalogs', { token: northwind, body: { 'customer-id': globexId } })).body
        .errors.name,
    ).toEqual(['is required']);
    await createCatalog('Other');
  });

  it('edits a draft header and carries a rename to its items', async () => {
    const catalog = await createCatalog('NWC rename me');
    expect((await addItem(catalog.id, 'NWC-R-1')).status).toBe(201);
    const renamed = await h.request('PUT', `/api/catalogs/${catalog.id}`, {
      token: northwind,
      body: { name: 'NWC renamed', 'expiration-date': '2028-06-30' },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({
      name: 'NWC renamed',
      'expiration-date': '2028-06-30',
      'item-count': 1,
    });
    const item = await h.request('GET', `${path('NWC renamed')}/items/NWC-R-1`, { token: northwind });
    expect(item.body.catalog).toEqual({ id: catalog.id, name: 'NWC renamed' });
    expect((await h.request('GET', path('NWC rename me'), { token: northwind })).status).toBe(404);
    const clash = await h.request('PUT', `/api/catalogs/${catalog.id}`, {
      token: northwind,
      body: { name: 'Other' },
    });
    expect(clash.status).toBe(422);
  });

  it('refuses to edit an accepted catalog (409) and leaves it unchanged', async () => {
    const before = (await h.request('GET', path('Globex 2026 price list'), { token: northwind })).body;
    expect(before.status).toBe('accepted');
    const response = await h.request('PUT', `/api/catalogs/${before.id}`, {
      token: northwind,
      body: { name: 'Hacked' },
    });
    expect(response.status).toBe(409);
    expect(response.body.code).toBe('illegal_transition');
    expect((await addItem(before.id, 'NWC-NEW-1')).status).toBe(409);
    expect((await h.request('GET', `/api/catalogs/${before.id}`, { token: northwind })).body).toEqual(before);
  });

  it('replays a retried create with the same Idempotency-Key', async () => {
    const body = { name: 'NWC idempotent', 'customer-id': globexId };
    const headers = { 'idempotency-key': 'catalog-create-1' };
    const first = await h.request('POST', '/api/catalogs', { token: northwind, body, headers });
    const second = await h.request('POST', '/api/catalogs', { token: northwind, body, headers });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body.id).toBe(first.body.id);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(
      (await h.request('GET', '/api/catalogs?name=NWC%20idempotent', { token: northwind })).body,
    ).toHaveLength(1);
    const reused = await h.request('POST', '/api/catalogs', {
      token: northwind,
      body: { ...body, name: 'NWC other' },
      headers,
    });
    expect(reused.status).toBe(422);
    expect(reused.body.code).toBe('idempotency_key_reused');
  });
});

describe('submitting and the buyer decision', () => {
  it('will not submit the seeded 2027 catalog until every active item has a description', async () => {
    const catalog = (await h.request('GET', path('Globex 2027 catalog'), { token: northwind })).body;
    const items = (
      await h.request('GET', `/api/catalogs/${catalog.id}/items?description[blank]=true`, {
        token: northwind,
      })
    ).body;
    expect(items.length).toBeGreaterThan(0);
    const refused = await h.request('PUT', `/api/catalogs/${catalog.id}/submit`, { token: northwind });
    expect(refused.status).toBe(422);
    expect(Object.keys(refused.body.errors).sort()).toEqual(
      items
        .map((item: { 'supplier-part-num': string }) => `items[${item['supplier-part-num']}].description`)
        .sort(),
    );
    expect((await h.request('GET', `/api/catalogs/${catalog.id}`, { token: northwind })).body.status).toBe(
      'draft',
    );

    const [first, ...rest] = items;
    const edited = await h.request('PUT', `/api/catalogs/${catalog.id}/items/${first.id}`, {
      token: northwind,
      body: { description: 'Filled in one by one' },
    });
    expect(edited.status).toBe(200);
    const filled = await h.request('POST', `/api/catalogs/${catalog.id}/items/bulk`, {
      token: northwind,
      body: {
        items: rest.map((item: { 'supplier-part-num': string }) => ({
          'supplier-part-num': item['supplier-part-num'],
          description: 'Filled in bulk',
        })),
      },
    });
    expect(filled.status).toBe(201);
    expect(filled.body).toMatchObject({ created: 0, updated: rest.length });

    const submitted = await h.request('PUT', `/api/catalogs/${catalog.id}/submit`, { token: northwind });
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({ status: 'pending_approval', 'item-count': 32 });
    expect(submitted.body['submitted-at']).not.toBeNull();
    expect((await h.request('PUT', `/api/catalogs/${catalog.id}/submit`, { token: northwind })).status).toBe(
      409,
    );
    expect(
      (
        await h.request('PUT', `/api/catalogs/${catalog.id}/items/${first.id}`, {
          token: northwind,
          body: { price: 1 },
        })
      ).status,
    ).toBe(409);

    const accepted = await h.request('PUT', `/sim/catalogs/${catalog.id}/accept`, { token: buyer });
    expect(accepted.status).toBe(200);
    expect(accepted.body.status).toBe('accepted');
    expect((await h.request('PUT', `/sim/catalogs/${catalog.id}/accept`, { token: buyer })).status).toBe(409);
  });

  it('needs items to submit', async () => {
    const catalog = await createCatalog('NWC empty');
    const refused = await h.request('PUT', `/api/catalogs/${catalog.id}/submit`, { token: northwind });
    expect(refused.status).toBe(422);
    expect(refused.body.errors.items).toBeDefined();
    expect((await addItem(catalog.id, 'NWC-E-1')).status).toBe(201);
    expect((await h.request('PUT', `/api/catalogs/${catalog.id}/submit`, { token: northwind })).status).toBe(
      200,
    );
  });

  it('returns a rejected catalog to draft when it is edited, then takes it again', async () => {
    const catalog = await createCatalog('NWC to reject');
    await addItem(catalog.id, 'NWC-J-1');
    expect(
      (await h.request('PUT', `/sim/catalogs/${catalog.id}/reject`, { token: buyer, body: { reason: 'x' } }))
        .status,
    ).toBe(409);
    await h.request('PUT', `/api/catalogs/${catalog.id}/submit`, { token: northwind });
    const rejected = await h.request('PUT', `/sim/catalogs/${catalog.id}/reject`, {
      token: buyer,
      body: { reason: 'Prices too high' },
    });
    expect(rejected.body).toMatchObject({ status: 'rejected', 'reject-reason': 'Prices too high' });
    expect((await h.request('PUT', `/api/catalogs/${catalog.id}/submit`, { token: northwind })).status).toBe(
      409,
    );

    const edited = await h.request('PUT', `/api/catalogs/${catalog.id}/items/NWC-J-1`, {
      token: northwind,
      body: { price: 2.99 },
    });
    expect(edited.status).toBe(200);
    expect((await h.request('GET', `/api/catalogs/${catalog.id}`, { token: northwind })).body.status).toBe(
      'draft',
    );
    const resubmitted = await h.request('PUT', `/api/catalogs/${catalog.id}/submit`, { token: northwind });
    expect(resubmitted.body).toMatchObject({ status: 'pending_approval', 'reject-reason': null });
  });
});

describe('catalog scopes and roles', () => {
  it('needs csp.catalogs.write to write (positive control with it)', async () => {
    const body = { name: 'NWC scoped', 'customer-id': globexId };
    const reader = await h.token('northwind', ['csp.catalogs.read']);
    const denied = await h.request('POST', '/api/catalogs', { token: reader, body });
    expect(denied.status).toBe(403);
    expect(denied.body).toEqual({ errors: { scope: ['insufficient scope'] }, code: 'insufficient_scope' });
    expect((await h.request('POST', '/api/catalogs', { token: buyer, body })).status).toBe(403);
    const writer = await h.token('northwind', ['csp.catalogs.write']);
    expect((await h.request('POST', '/api/catalogs', { token: writer, body })).status).toBe(201);
  });

  it('keeps /sim for the buyer: a supplier token gets 403 and changes nothing', async () => {
    const catalog = await createCatalog('NWC sim roles');
    await addItem(catalog.id, 'NWC-S-1');
    await h.request('PUT', `/api/catalogs/${catalog.id}/submit`, { token: northwind });
    expect((await h.request('PUT', `/sim/catalogs/${catalog.id}/accept`, { token: northwind })).status).toBe(
      403,
    );
    expect((await h.request('GET', `/api/catalogs/${catalog.id}`, { token: northwind })).body.status).toBe(
      'pending_approval',
    );
    expect((await h.request('PUT', `/sim/catalogs/${catalog.id}/accept`, { token: buyer })).status).toBe(200);
  });
});
