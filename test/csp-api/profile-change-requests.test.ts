import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CspApiHarness, startCspApi } from '../../src/testing/csp-api-harness.ts';

let h: CspApiHarness;
let northwind: string;
let bluepeak: string;
let buyer: string;
/** Northwind's customers: Globex and Initech. */
let globexId: number;
let initechId: number;

beforeAll(async () => {
  h = await startCspApi();
  [northwind, bluepeak, buyer] = await Promise.all([
    h.token('northwind'),
    h.token('bluepeak'),
    h.buyerToken(),
  ]);
  const customers = await h.request('GET', '/api/customers', { token: northwind });
  globexId = customers.body.find((customer: { name: string }) => customer.name.startsWith('Globex')).id;
  initechId = customers.body.find((customer: { name: string }) => customer.name.startsWith('Initech')).id;
});

afterAll(async () => {
  await h.close();
});

const proposeChange = (customerId: number, body: unknown, token = northwind) =>
  h.request('PUT', `/api/supplier_profile?customer_id=${customerId}`, { token, body });

const profileOf = async (customerId: number) =>
  (await h.request('GET', `/api/supplier_profile?customer_id=${customerId}`, { token: northwind })).body;

describe('PUT /api/supplier_profile', () => {
  it('creates a pending change request and leaves the profile unchanged until the customer approves', async () => {
    const before = await profileOf(globexId);
    const response = await proposeChange(globexId, {
      changes: { 'display-name': 'Northwind Components Group', duns: '123456789', website: before.website },
      justification: 'Rebranding',
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      status: 'pending_approval',
      customer: { id: globexId },
      'supplier-profile-id': before.id,
      // The unchanged website is left out: only real differences are proposed.
      changes: { 'display-name': 'Northwind Components Group', duns: '123456789' },
      'previous-values': { 'display-name': before['display-name'], duns: before.duns },
      justification: 'Rebranding',
    });
    expect(response.body.changes).not.toHaveProperty('website');
    expect(await profileOf(globexId)).toEqual(before);

    const approved = await h.request('PUT', `/sim/profile_change_requests/${response.body.id}/approve`, {
      token: buyer,
    });
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('approved');
    const after = await profileOf(globexId);
    expect(after).toMatchObject({ 'display-name': 'Northwind Components Group', duns: '123456789' });
    expect(after['updated-at']).not.toBe(before['updated-at']);

    const again = await h.request('PUT', `/sim/profile_change_requests/${response.body.id}/approve`, {
      token: buyer,
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('illegal_transition');
  });

  it('allows one pending request per customer (409), and a new one once it is declined', async () => {
    const first = await proposeChange(initechId, { changes: { 'po-method': 'prompt' } });
    expect(first.status).toBe(201);
    const second = await proposeChange(initechId, { changes: { 'payment-method': 'pcard' } });
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('conflict');

    const declined = await h.request('PUT', `/sim/profile_change_requests/${first.body.id}/decline`, {
      token: buyer,
      body: { reason: 'We only take cXML' },
    });
    expect(declined.status).toBe(200);
    expect(declined.body).toMatchObject({ status: 'declined', 'decline-reason': 'We only take cXML' });
    expect((await profileOf(initechId))['po-method']).not.toBe('prompt');
    expect(
      (await h.request('PUT', `/sim/profile_change_requests/${first.body.id}/approve`, { token: buyer }))
        .status,
    ).toBe(409);

    const third = await proposeChange(initechId, { changes: { 'payment-method': 'pcard' } });
    expect(third.status).toBe(201);
    await h.request('PUT', `/sim/profile_change_requests/${third.body.id}/decline`, { token: buyer });
  });

  it('refuses bank details on the profile and points to remit-to addresses', async () => {
    const response = await proposeChange(initechId, {
      changes: { iban: 'DE89370400440532013000', 'display-name': 'Northwind' },
    });
    expect(response.status).toBe(422);
    expect(response.body.errors['changes.iban'][0]).toMatch(/remit-to addresses/);
    const control = await proposeChange(initechId, { changes: { 'display-name': 'Northwind' } });
    expect(control.status).toBe(201);
    await h.request('PUT', `/sim/profile_change_requests/${control.body.id}/decline`, { token: buyer });
  });

  it('names each bad field', async () => {
    const response = await proposeChange(initechId, {
      changes: {
        name: 'A new legal name',
        duns: '12345',
        diversities: ['SBE', 'XYZ'],
        'primary-contact': { 'name-given': 'Maria', 'name-family': 'Chen', email: 'not-an-email' },
        'primary-address': { street1: '1 Main St', city: 'Cleveland', 'postal-code': '44114', country: 'XX' },
      },
    });
    expect(response.status).toBe(422);
    expect(Object.keys(response.body.errors).sort()).toEqual([
      'changes.diversities[1]',
      'changes.duns',
      'changes.name',
      'changes.primary-address.country',
      'changes.primary-contact.email',
    ]);

    const control = await proposeChange(initechId, {
      changes: {
        duns: '987654321',
        diversities: ['SBE', 'WBE'],
        'primary-contact': { 'name-given': 'Maria', 'name-family': 'Chen', email: 'maria@example.com' },
        'primary-address': { street1: '1 Main St', city: 'Cleveland', 'postal-code': '44114', country: 'us' },
      },
    });
    expect(control.status).toBe(201);
    expect(control.body.changes['primary-address'].country).toBe('US');
    expect(control.body.changes['primary-contact'].kind).toBe('Primary');
    await h.request('PUT', `/sim/profile_change_requests/${control.body.id}/decline`, { token: buyer });
  });

  it('refuses a request that changes nothing', async () => {
    const profile = await profileOf(initechId);
    const response = await proposeChange(initechId, {
      changes: { 'po-method': profile['po-method'], diversities: profile.diversities },
    });
    expect(response.status).toBe(422);
    expect(response.body.errors.changes).toBeDefined();
    expect((await proposeChange(initechId, { changes: {} })).status).toBe(422);
  });

  it('answers 404 for another supplier customer, as for a missing one', async () => {
    const foreign = await h.request('GET', '/api/customers', { token: bluepeak });
    const foreignId = foreign.body[0].id;
    const response = await proposeChange(foreignId, { changes: { 'display-name': 'Hijack' } });
    const missing = await proposeChange(99_999, { changes: { 'display-name': 'Hijack' } });
    expect(response.status).toBe(404);
    expect(response.body).toEqual(missing.body);
    const owner = await proposeChange(foreignId, { changes: { 'display-name': 'Blue Peak' } }, bluepeak);
    expect(owner.status).toBe(201);
    expect(
      JSON.stringify(
        (await h.request('GET', `/api/supplier_profile?customer_id=${foreignId}`, { token: bluepeak })).body,
      ),
    ).not.toContain('Hijack');
  });
});

describe('change requests across tenants and roles', () => {
  it('hides another supplier change request on reads (404, same as missing); the owner reads it', async () => {
    const created = await proposeChange(initechId, { changes: { website: 'https://northwind.example' } });
    expect(created.status).toBe(201);
    const path = `/api/profile_change_requests/${created.body.id}`;
    const foreign = await h.request('GET', path, { token: bluepeak });
    const missing = await h.request('GET', '/api/profile_change_requests/99999', { token: bluepeak });
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual(missing.body);
    const list = await h.request('GET', '/api/profile_change_requests', { token: bluepeak });
    expect(list.body.map((request: { id: number }) => request.id)).not.toContain(created.body.id);
    const owner = await h.request('GET', path, { token: northwind });
    expect(owner.status).toBe(200);
    expect(owner.body.status).toBe('pending_approval');
    await h.request('PUT', `/sim/profile_change_requests/${created.body.id}/decline`, { token: buyer });
  });

  it('needs csp.profile.write for writes and the buyer role for /sim', async () => {
    const readOnly = await h.token('northwind', ['csp.profile.read']);
    const denied = await proposeChange(initechId, { changes: { 'po-method': 'xml' } }, readOnly);
    expect(denied.status).toBe(403);
    expect(denied.body.code).toBe('insufficient_scope');
    const asBuyer = await proposeChange(initechId, { changes: { 'po-method': 'xml' } }, buyer);
    expect(asBuyer.status).toBe(403);
    const writer = await h.token('northwind', ['csp.profile.write', 'csp.profile.read']);
    const allowed = await proposeChange(initechId, { changes: { 'po-method': 'xml' } }, writer);
    expect(allowed.status).toBe(201);

    const path = `/sim/profile_change_requests/${allowed.body.id}/approve`;
    const asSupplier = await h.request('PUT', path, { token: northwind });
    expect(asSupplier.status).toBe(403);
    expect(
      (await h.request('GET', `/api/profile_change_requests/${allowed.body.id}`, { token: northwind })).body
        .status,
    ).toBe('pending_approval');
    expect((await h.request('PUT', path, { token: buyer })).status).toBe(200);
    expect((await profileOf(initechId))['po-method']).toBe('xml');
  });

  it('answers 404 on /sim for an unknown change request', async () => {
    const response = await h.request('PUT', '/sim/profile_change_requests/99999/approve', { token: buyer });
    expect(response.status).toBe(404);
  });
});
