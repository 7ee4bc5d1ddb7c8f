import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CspApiHarness, startCspApi } from '../../src/testing/csp-api-harness.ts';

let h: CspApiHarness;
let northwind: string;
let harbor: string;
let bluepeak: string;
let buyer: string;

const validIban = 'DE89 3704 0044 0532 0130 00';
const compactIban = 'DE89370400440532013000';

beforeAll(async () => {
  h = await startCspApi();
  [northwind, harbor, bluepeak, buyer] = await Promise.all([
    h.token('northwind'),
    h.token('harbor'),
    h.token('bluepeak'),
    h.buyerToken(),
  ]);
});

afterAll(async () => {
  await h.close();
});

const customerIdOf = async (token: string, namePrefix: string): Promise<number> => {
  const customers = await h.request('GET', '/api/customers', { token });
  return customers.body.find((customer: { name: string }) => customer.name.startsWith(namePrefix)).id;
};

const address = (
  customerId: number,
  bankAccount: Record<string, unknown>,
  extra: Record<string, unknown> = {},
) => ({
  'customer-id': customerId,
  name: 'Receivables',
  street1: 'Speicherstadt 5',
  city: 'Hamburg',
  'postal-code': '20457',
  country: 'DE',
  'bank-account': { 'name-on-bank-account': 'Harbor Lab Scientific GmbH', ...bankAccount },
  ...extra,
});

/** The raw response text, so a bank number cannot hide in any field. */
const rawText = async (
  method: string,
  path: string,
  token: string,
  body?: unknown,
): Promise<{ status: number; text: string }> => {
  const response = await fetch(`${h.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, text: await response.text() };
};

describe('POST /api/remit_to_addresses', () => {
  it('creates a pending address with masked bank details; the full IBAN is never returned', async () => {
    const umbrella = await customerIdOf(harbor, 'Umbrella');
    const created = await rawText(
      'POST',
      '/api/remit_to_addresses',
      harbor,
      address(umbrella, { 'iban-number': validIban, 'swift-code': 'COBADEFFXXX' }),
    );
    expect(created.status).toBe(201);
    expect(created.text).not.toContain(compactIban);
    expect(created.text).not.toContain('0532013000');
    const body = JSON.parse(created.text);
    expect(body).toMatchObject({
      status: 'pending_approval',
      active: false,
      customer: { id: umbrella },
      'bank-account': {
        'iban-number': '****3000',
        'swift-code': 'COBADEFFXXX',
        'name-on-bank-account': 'Harbor Lab Scientific GmbH',
      },
    });
    expect(body['remit-to-code']).toMatch(/^HLS-RT-/);

    for (const path of [
      `/api/remit_to_addresses/${body.id}`,
      `/api/remit_to_addresses/${body['remit-to-code']}`,
      '/api/remit_to_addresses',
    ]) {
      const read = await rawText('GET', path, harbor);
      expect(read.status).toBe(200);
      expect(read.text).toContain('****3000');
      expect(read.text).not.toContain(compactIban);
    }
    // Stored write-only beside the document, normalized.
    const secret = h.server.stores.remitToAddresses.secret<Record<string, string>>(3, body.id);
    expect(secret?.['iban-number']).toBe(compactIban);

    const approved = await rawText('PUT', `/sim/remit_to_addresses/${body.id}/approve`, buyer);
    expect(approved.status).toBe(200);
    expect(approved.text).not.toContain(compactIban);
    expect(JSON.parse(approved.text)).toMatchObject({ status: 'active', active: true });
    expect(
      (await h.request('PUT', `/sim/remit_to_addresses/${body.id}/approve`, { token: buyer })).status,
    ).toBe(409);
  });

  it('rejects an IBAN with a bad checksum (positive control: a valid one)', async () => {
    const umbrella = await customerIdOf(harbor, 'Umbrella');
    const bad = await h.request('POST', '/api/remit_to_addresses', {
      token: harbor,
      body: address(umbrella, { 'iban-number': 'DE89370400440532013001' }),
    });
    expect(bad.status).toBe(422);
    expect(bad.body.code).toBe('validation_failed');
    expect(Object.keys(bad.body.errors)).toEqual(['bank-account.iban-number']);
    expect(JSON.stringify(bad.body)).not.toContain('DE89370400440532013001');
    const good = await h.request('POST', '/api/remit_to_addresses', {
      token: harbor,
      body: address(umbrella, { 'iban-number': compactIban }),
    });
    expect(good.status).toBe(201);
  });

  it('checks US routing numbers; the account number is masked everywhere', async () => {
    const globex = await customerIdOf(northwind, 'Globex');
    const usAddress = (routing: string) =>
      address(
        globex,
        { 'bank-account-number': '987654321012', 'bank-routing-number': routing, 'bank-name': 'Lake Bank' },
        { country: 'US', city: 'Cleveland', 'postal-code': '44114', street1: 'PO Box 77' },
      );
    const bad = await h.request('POST', '/api/remit_to_addresses', {
      token: northwind,
      body: usAddress('041000125'),
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors['bank-account.bank-routing-number']).toBeDefined();
    const good = await rawText('POST', '/api/remit_to_addresses', northwind, usAddress('041000124'));
    expect(good.status).toBe(201);
    expect(good.text).not.toContain('987654321012');
    expect(good.text).not.toContain('041000124');
    expect(JSON.parse(good.text)['bank-account']).toMatchObject({
      'bank-account-number': '****1012',
      'bank-routing-number': '****0124',
      'bank-name': 'Lake Bank',
    });
  });

  it('takes a UK sort code with an 8-digit account', async () => {
    const contoso = await customerIdOf(bluepeak, 'Contoso');
    const ukAddress = (account: string) =>
      address(
        contoso,
        { 'sort-code': '20-00-00', 'bank-account-number': account },
        { country: 'GB', city: 'Leeds', 'postal-code': 'LS1 4AP' },
      );
    const bad = await h.request('POST', '/api/remit_to_addresses', {
      token: bluepeak,
      body: ukAddress('5577991'),
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors['bank-account.bank-account-number']).toBeDefined();
    const good = await h.request('POST', '/api/remit_to_addresses', {
      token: bluepeak,
      body: ukAddress('55779911'),
    });
    expect(good.status).toBe(201);
    expect(good.body['bank-account']).toMatchObject({
      'sort-code': '****0000',
      'bank-account-number': '****9911',
    });
    expect(good.body['remit-to-code']).toMatch(/^BPO-RT-/);
  });

  it('names missing bank details and address fields', async () => {
    const globex = await customerIdOf(northwind, 'Globex');
    const response = await h.request('POST', '/api/remit_to_addresses', {
      token: northwind,
      body: {
        'customer-id': globex,
        name: 'X',
        street1: 'Y',
        'postal-code': '1',
        country: 'ZZ',
        'bank-account': {},
      },
    });
    expect(response.status).toBe(422);
    expect(Object.keys(response.body.errors).sort()).toEqual(['city', 'country']);
    const noAccount = await h.request('POST', '/api/remit_to_addresses', {
      token: northwind,
      body: address(globex, {}, { country: 'US' }),
    });
    expect(noAccount.status).toBe(422);
    expect(noAccount.body.errors['bank-account']).toBeDefined();
  });

  it('accepts only the caller customers, with one answer for foreign and missing ids', async () => {
    const foreignCustomer = await customerIdOf(harbor, 'Umbrella');
    const foreign = await h.request('POST', '/api/remit_to_addresses', {
      token: northwind,
      body: address(foreignCustomer, { 'iban-number': compactIban }),
    });
    const missing = await h.request('POST', '/api/remit_to_addresses', {
      token: northwind,
      body: address(99_999, { 'iban-number': compactIban }),
    });
    expect(foreign.status).toBe(422);
    expect(foreign.body).toEqual(missing.body);
    expect(foreign.body.errors['customer-id']).toEqual(['is not one of your customers']);
    const own = await h.request('POST', '/api/remit_to_addresses', {
      token: northwind,
      body: address(await customerIdOf(northwind, 'Initech'), { 'iban-number': compactIban }),
    });
    expect(own.status).toBe(201);
  });

  it('keeps remit-to codes unique per supplier', async () => {
    const globex = await customerIdOf(northwind, 'Globex');
    const taken = await h.request('POST', '/api/remit_to_addresses', {
      token: northwind,
      body: address(globex, { 'iban-number': compactIban }, { 'remit-to-code': 'NWC-RT-11' }),
    });
    expect(taken.status).toBe(422);
    expect(taken.body.errors['remit-to-code']).toBeDefined();
    // Codes are per supplier: Harbor may use the same text as a code of its own.
    const elsewhere = await h.request('POST', '/api/remit_to_addresses', {
      token: harbor,
      body: address(
        await customerIdOf(harbor, 'Umbrella'),
        { 'iban-number': compactIban },
        { 'remit-to-code': 'NWC-RT-11' },
      ),
    });
    expect(elsewhere.status).toBe(201);
    const fresh = await h.request('POST', '/api/remit_to_addresses', {
      token: northwind,
      body: address(globex, { 'iban-number': compactIban }, { 'remit-to-code': 'NWC-RT-NEW' }),
    });
    expect(fresh.status).toBe(201);
    expect(fresh.body['remit-to-code']).toBe('NWC-RT-NEW');
  });

  it('replays a retried create with the same Idempotency-Key instead of creating twice', async () => {
    const initech = await customerIdOf(northwind, 'Initech');
    const body = address(initech, { 'iban-number': compactIban }, { name: 'Idempotent lockbox' });
    const headers = { 'idempotency-key': 'remit-to-create-1' };
    const first = await h.request('POST', '/api/remit_to_addresses', { token: northwind, body, headers });
    const second = await h.request('POST', '/api/remit_to_addresses', { token: northwind, body, headers });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.body.id).toBe(first.body.id);
    const list = await h.request('GET', '/api/remit_to_addresses?name=Idempotent%20lockbox', {
      token: northwind,
    });
    expect(list.body).toHaveLength(1);
  });
});

describe('remit-to addresses across tenants and roles', () => {
  it('hides another supplier address (404 like a missing one) and leaves it unchanged', async () => {
    const globex = await customerIdOf(northwind, 'Globex');
    const created = await h.request('POST', '/api/remit_to_addresses', {
      token: northwind,
      body: address(globex, { 'iban-number': compactIban }, { name: 'Tenant check' }),
    });
    const foreign = await h.request('GET', `/api/remit_to_addresses/${created.body.id}`, { token: bluepeak });
    const byCode = await h.request('GET', `/api/remit_to_addresses/${created.body['remit-to-code']}`, {
      token: bluepeak,
    });
    const missing = await h.request('GET', '/api/remit_to_addresses/99999', { token: bluepeak });
    expect(foreign.status).toBe(404);
    expect(byCode.status).toBe(404);
    expect(foreign.body).toEqual(missing.body);
    const owner = await h.request('GET', `/api/remit_to_addresses/${created.body.id}`, { token: northwind });
    expect(owner.status).toBe(200);
    expect(owner.body).toEqual(created.body);
  });

  it('lets only the buyer decide, and only while pending', async () => {
    const globex = await customerIdOf(northwind, 'Globex');
    const created = await h.request('POST', '/api/remit_to_addresses', {
      token: northwind,
      body: address(globex, { 'iban-number': compactIban }, { name: 'Decline me' }),
    });
    const path = `/sim/remit_to_addresses/${created.body.id}/decline`;
    expect((await h.request('PUT', path, { token: northwind, body: { reason: 'x' } })).status).toBe(403);
    const declined = await h.request('PUT', path, { token: buyer, body: { reason: 'Unknown bank' } });
    expect(declined.status).toBe(200);
    expect(declined.body).toMatchObject({
      status: 'declined',
      active: false,
      'decline-reason': 'Unknown bank',
    });
    expect(
      (await h.request('PUT', `/sim/remit_to_addresses/${created.body.id}/approve`, { token: buyer })).status,
    ).toBe(409);
  });

  it('needs csp.profile.write; a buyer token cannot create', async () => {
    const globex = await customerIdOf(northwind, 'Globex');
    const body = address(globex, { 'iban-number': compactIban });
    const readOnly = await h.token('northwind', ['csp.profile.read']);
    expect((await h.request('POST', '/api/remit_to_addresses', { token: readOnly, body })).status).toBe(403);
    expect((await h.request('POST', '/api/remit_to_addresses', { token: buyer, body })).status).toBe(403);
    const writer = await h.token('northwind', ['csp.profile.write']);
    expect((await h.request('POST', '/api/remit_to_addresses', { token: writer, body })).status).toBe(201);
  });
});
