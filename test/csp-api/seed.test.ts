import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CspApiHarness, startCspApi } from '../../src/testing/csp-api-harness.ts';

let first: CspApiHarness;
let second: CspApiHarness;

beforeAll(async () => {
  [first, second] = await Promise.all([startCspApi(), startCspApi()]);
});
afterAll(async () => {
  await Promise.all([first.close(), second.close()]);
});

describe('seed', () => {
  it('creates the same documents in every data dir, with different secrets', async () => {
    for (const path of ['/api/purchase_orders?limit=50', '/api/invoices?limit=50', '/api/catalogs']) {
      const a = await first.request('GET', path, { token: await first.token('bluepeak') });
      const b = await second.request('GET', path, { token: await second.token('bluepeak') });
      expect(a.body).toEqual(b.body);
    }
    expect(first.credentials('northwind').clientSecret).not.toEqual(
      second.credentials('northwind').clientSecret,
    );
  });

  it('has at least 3 distinguishable tenants, each with 2 customers and the documented volumes', async () => {
    expect(first.tenants.map((tenant) => tenant.prefix)).toEqual(['NWC', 'BPO', 'HLS']);
    for (const tenant of first.tenants) {
      const token = await first.token(tenant.id);
      const get = async (path: string) => (await first.request('GET', path, { token })).body;
      const customers = await get('/api/customers');
      expect(customers.length).toBeGreaterThanOrEqual(2);
      for (const customer of customers) {
        const scope = `customer[id]=${customer.id}`;
        const orders = await get(`/api/purchase_orders?${scope}`);
        expect(orders.length).toBeGreaterThanOrEqual(20);
        expect(new Set(orders.map((order: { status: string }) => order.status)).size).toBeGreaterThanOrEqual(
          5,
        );
        expect(orders.every((order: { 'order-lines': unknown[] }) => order['order-lines'].length > 0)).toBe(
          true,
        );
        const invoices = await get(`/api/invoices?${scope}`);
        expect(invoices.length).toBeGreaterThanOrEqual(15);
        expect(invoices.some((invoice: { paid: boolean }) => invoice.paid)).toBe(true);
        expect(invoices.some((invoice: { status: string }) => invoice.status === 'disputed')).toBe(true);
        expect((await get(`/api/remit_to_addresses?${scope}`)).length).toBeGreaterThanOrEqual(1);
        const catalogs = await get(`/api/catalogs?${scope}`);
        const largest = Math.max(
          ...catalogs.map((catalog: { 'item-count': number }) => catalog['item-count']),
        );
        expect(largest).toBeGreaterThanOrEqual(30);
      }
      const numbers = (await get('/api/purchase_orders')).map(
        (order: { 'po-number': string }) => order['po-number'],
      );
      expect(numbers.every((number: string) => number.startsWith(`${tenant.prefix}-`))).toBe(true);
    }
  });

  it('keeps invoiced quantities consistent with the submitted invoices', async () => {
    const token = await first.token('northwind');
    const orders = (await first.request('GET', '/api/purchase_orders?limit=50', { token })).body;
    const invoices = [
      ...(await first.request('GET', '/api/invoices?limit=50', { token })).body,
      ...(await first.request('GET', '/api/invoices?limit=50&offset=50', { token })).body,
    ];
    const counted = new Map<number, number>();
    for (const invoice of invoices) {
      if (invoice.status === 'draft' || invoice.status === 'voided') continue;
      for (const line of invoice['invoice-lines'])
        counted.set(line['order-line-id'], (counted.get(line['order-line-id']) ?? 0) + line.quantity);
    }
    for (const order of orders) {
      for (const line of order['order-lines']) {
        expect(line.invoiced).toBe(counted.get(line.id) ?? 0);
        expect(line.invoiced).toBeLessThanOrEqual(line.quantity);
      }
    }
  });
});
