import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CspApiHarness, startCspApi } from '../../src/testing/csp-api-harness.ts';

let api: CspApiHarness;
let token: string;
const get = (path: string) => api.request('GET', path, { token });

beforeAll(async () => {
  api = await startCspApi();
  token = await api.token('northwind');
});
afterAll(() => api.close());

describe('list and show', () => {
  it.each([
    ['/api/customers', 2],
    ['/api/purchase_orders', 44],
    ['/api/purchase_order_changes', 2],
    ['/api/invoices', 34],
    ['/api/supplier_profiles', 2],
    ['/api/profile_change_requests', 2],
    ['/api/remit_to_addresses', 4],
    ['/api/catalogs', 4],
  ])('%s lists the seed and shows each record by id', async (path, count) => {
    const all: { id: number }[] = [];
    for (let offset = 0; ; offset += 50) {
      const page = await get(`${path}?offset=${offset}`);
      expect(page.status).toBe(200);
      all.push(...page.body);
      if (page.body.length < 50) break;
    }
    expect(all.length).toBeGreaterThanOrEqual(count);
    const shown = await get(`${path}/${all[0]!.id}`);
    expect(shown.status).toBe(200);
    expect(shown.body).toEqual(all[0]);
  });

  it('shows documents by their number as well as their id', async () => {
    const byNumber = await get('/api/purchase_orders/NWC-PO-11001');
    expect(byNumber.status).toBe(200);
    expect((await get(`/api/purchase_orders/${byNumber.body.id}`)).body['po-number']).toBe('NWC-PO-11001');
    const invoice = (await get('/api/invoices?limit=1')).body[0];
    expect((await get(`/api/invoices/${invoice['invoice-number']}`)).body.id).toBe(invoice.id);
  });

  it('lists and shows catalog items within their catalog, by id or part number', async () => {
    const catalog = (await get('/api/catalogs?status=draft&limit=1')).body[0];
    const items = await get(`/api/catalogs/${catalog.id}/items`);
    expect(items.body).toHaveLength(32);
    const item = items.body[5];
    expect((await get(`/api/catalogs/${catalog.id}/items/${item['supplier-part-num']}`)).body.id).toBe(
      item.id,
    );
    const other = (await get('/api/catalogs?status=accepted&limit=1')).body[0];
    expect((await get(`/api/catalogs/${other.id}/items/${item.id}`)).status).toBe(404);
  });

  it('returns the profile a given customer sees; customer_id is required', async () => {
    const customer = (await get('/api/customers?limit=1')).body[0];
    const profile = await get(`/api/supplier_profile?customer_id=${customer.id}`);
    expect(profile.body.customer.id).toBe(customer.id);
    const missing = await get('/api/supplier_profile');
    expect(missing.status).toBe(400);
    expect(missing.body.errors.customer_id).toBeDefined();
  });

  it('masks bank numbers on remit-to addresses', async () => {
    const response = await api.request('GET', '/api/remit_to_addresses', { token });
    for (const address of response.body) {
      for (const key of ['bank-account-number', 'bank-routing-number', 'iban-number']) {
        const value = address['bank-account'][key];
        if (value !== null) expect(value).toMatch(/^\*{4}.{4}$/);
      }
    }
  });
});

describe('filters', () => {
  it('filters on status, nested customer fields and line fields', async () => {
    const issued = await get('/api/purchase_orders?status=issued');
    expect(issued.body.length).toBeGreaterThan(0);
    expect(issued.body.every((order: { status: string }) => order.status === 'issued')).toBe(true);
    const globex = await get('/api/purchase_orders?customer[name][contains]=globex&limit=50');
    expect(
      globex.body.every(
        (order: { customer: { name: string } }) => order.customer.name === 'Globex Manufacturing',
      ),
    ).toBe(true);
    const bearings = await get('/api/purchase_orders?order-lines[source-part-num][starts_with]=NWC-BRG');
    expect(bearings.body.length).toBeGreaterThan(0);
    for (const order of bearings.body) {
      expect(
        order['order-lines'].some((line: { 'source-part-num': string }) =>
          line['source-part-num'].startsWith('NWC-BRG'),
        ),
      ).toBe(true);
    }
  });

  it('supports every operator', async () => {
    const all = (await get('/api/invoices?limit=50')).body as {
      id: number;
      status: string;
      'gross-total': number;
      paid: boolean;
      'invoice-number': string;
      'supplier-note': string | null;
    }[];
    const pivot = all[3]!['gross-total'];
    const cases: [string, (invoice: (typeof all)[number]) => boolean][] = [
      ['status[eq]=approved', (i) => i.status === 'approved'],
      ['status[not_eq]=approved', (i) => i.status !== 'approved'],
      [`gross-total[gt]=${pivot}`, (i) => i['gross-total'] > pivot],
      [`gross-total[lt]=${pivot}`, (i) => i['gross-total'] < pivot],
      [`gross-total[gt_or_eq]=${pivot}`, (i) => i['gross-total'] >= pivot],
      [`gross-total[lt_or_eq]=${pivot}`, (i) => i['gross-total'] <= pivot],
      ['invoice-number[contains]=inv-110', (i) => i['invoice-number'].toLowerCase().includes('inv-110')],
      ['invoice-number[starts_with]=NWC-INV-1105', (i) => i['invoice-number'].startsWith('NWC-INV-1105')],
      ['status[in]=draft,voided', (i) => ['draft', 'voided'].includes(i.status)],
      ['status[not_in]=draft,voided', (i) => !['draft', 'voided'].includes(i.status)],
      ['paid=true', (i) => i.paid],
    ];
    for (const [query, predicate] of cases) {
      const response = await get(`/api/invoices?${query}&limit=50`);
      expect(response.status, query).toBe(200);
      const expected = all.filter(predicate).map((i) => i.id);
      expect(
        response.body.map((i: { id: number }) => i.id),
        query,
      ).toEqual(expected);
    }
    const blank = await get('/api/catalogs/2/items?unspsc-code[blank]=true');
    expect(blank.body.length).toBeGreaterThan(0);
    expect(blank.body.every((item: { 'unspsc-code': string | null }) => item['unspsc-code'] === null)).toBe(
      true,
    );
  });

  it('pages with offset and limit, and sorts with order_by and dir', async () => {
    const first = await get('/api/purchase_orders?limit=5');
    const second = await get('/api/purchase_orders?limit=5&offset=5');
    expect(first.body).toHaveLength(5);
    expect(second.body[0].id).toBeGreaterThan(first.body[4].id);
    const sorted = await get('/api/purchase_orders?order_by=total&dir=desc&limit=10');
    const totals = sorted.body.map((order: { total: number }) => order.total);
    expect(totals).toEqual([...totals].sort((a, b) => b - a));
    expect((await get('/api/purchase_orders?status=no_such_status')).body).toEqual([]);
  });

  it('shapes responses with return_object and fields', async () => {
    expect((await get('/api/invoices?limit=2&return_object=limited')).body).toEqual([
      { id: expect.any(Number) },
      { id: expect.any(Number) },
    ]);
    const picked = await get(
      '/api/purchase_orders?limit=1&fields=["po-number",{"order-lines":["line-num"]}]',
    );
    expect(Object.keys(picked.body[0])).toEqual(['po-number', 'order-lines']);
  });

  it.each([
    ['/api/purchase_orders?limit=51', 'invalid_argument', 'limit'],
    ['/api/purchase_orders?limit=0', 'invalid_argument', 'limit'],
    ['/api/purchase_orders?offset=-1', 'invalid_argument', 'offset'],
    ['/api/purchase_orders?supplier_id=2', 'invalid_filter', 'supplier_id'],
    ['/api/purchase_orders?total[gt]=abc', 'invalid_filter', 'total[gt]'],
    ['/api/purchase_orders?status[like]=x', 'invalid_filter', 'status[like]'],
    ['/api/purchase_orders?order_by=secret', 'invalid_argument', 'order_by'],
    ['/api/purchase_orders?fields=nope', 'invalid_argument', 'fields'],
  ])('%s is a 400 %s naming %s', async (path, code, field) => {
    const response = await get(path);
    expect(response.status).toBe(400);
    expect(response.body.code).toBe(code);
    expect(Object.keys(response.body.errors)).toContain(field);
  });
});
