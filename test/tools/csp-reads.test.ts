import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CspTestKit, errorLine, startCspKit } from './csp-kit.ts';

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON documents
type Doc = any;

let kit: CspTestKit;
beforeAll(async () => {
  kit = await startCspKit();
});
afterAll(async () => {
  await kit.close();
});

describe('csp reads', () => {
  it('lists purchase orders with the same result as the API for the same filters', async () => {
    const orders = (await kit.json([
      'purchase-orders',
      'list',
      '--status',
      'issued',
      '--customer',
      'globex',
    ])) as Doc[];
    expect(orders.length).toBeGreaterThan(0);
    for (const order of orders) {
      expect(order.status).toBe('issued');
      expect(order.customer.name).toBe('Globex Manufacturing');
    }
    const token = await kit.api.token('northwind');
    const direct = await kit.api.request(
      'GET',
      '/api/purchase_orders?status=issued&customer[name][contains]=globex',
      {
        token,
      },
    );
    expect(orders.map((order) => order.id)).toEqual(direct.body.map((order: Doc) => order.id));
  });

  it('maps a numeric --customer to the customer id, a name to a contains filter', async () => {
    const byId = (await kit.json([
      'purchase-orders',
      'list',
      '--customer',
      '2',
      '--fields',
      '["id"]',
    ])) as Doc[];
    const byName = (await kit.json([
      'purchase-orders',
      'list',
      '--customer',
      'initech',
      '--fields',
      '["id"]',
    ])) as Doc[];
    expect(byId.length).toBeGreaterThan(0);
    expect(byId).toEqual(byName);
  });

  it('filters by part, acknowledgement and creation date', async () => {
    const byPart = (await kit.json(['purchase-orders', 'list', '--part', 'NWC-BRG-6204'])) as Doc[];
    expect(byPart.length).toBeGreaterThan(0);
    for (const order of byPart) {
      expect(order['order-lines'].some((line: Doc) => line['source-part-num'] === 'NWC-BRG-6204')).toBe(true);
    }
    const unacknowledged = (await kit.json(['purchase-orders', 'list', '--acknowledged', 'false'])) as Doc[];
    expect(unacknowledged.length).toBeGreaterThan(0);
    expect(unacknowledged.every((order) => order['acknowledged-flag'] === false)).toBe(true);
    const recent = (await kit.json(['purchase-orders', 'list', '--created-after', '2026-08-01'])) as Doc[];
    expect(recent.length).toBeGreaterThan(0);
    expect(recent.every((order) => order['created-at'] >= '2026-08-01')).toBe(true);
  });

  it('pages with --limit/--offset and sorts with --order-by/--dir', async () => {
    const all = (await kit.json(['purchase-orders', 'list', '--fields', '["id"]'])) as Doc[];
    const page = (await kit.json([
      'purchase-orders',
      'list',
      '--limit',
      '3',
      '--offset',
      '2',
      '--fields',
      '["id"]',
    ])) as Doc[];
    expect(page).toEqual(all.slice(2, 5));
    const sorted = (await kit.json([
      'purchase-orders',
      'list',
      '--order-by',
      'total',
      '--dir',
      'desc',
      '--limit',
      '5',
    ])) as Doc[];
    const totals = sorted.map((order) => order.total);
    expect(totals).toEqual([...totals].sort((a, b) => b - a));
  });

  it('shows a record by document number or id', async () => {
    const byNumber = (await kit.json(['purchase-orders', 'show', 'NWC-PO-11001'])) as Doc;
    const byId = (await kit.json(['purchase-orders', 'show', String(byNumber.id)])) as Doc;
    expect(byId['po-number']).toBe('NWC-PO-11001');
    const catalog = (await kit.json(['catalogs', 'show', 'Globex 2027 catalog'])) as Doc;
    expect(catalog.status).toBe('draft');
  });

  it('reads invoices, catalog items, customers, profiles and remit-to addresses', async () => {
    const paid = (await kit.json(['invoices', 'list', '--paid', 'true', '--customer', 'globex'])) as Doc[];
    expect(paid.length).toBeGreaterThan(0);
    expect(paid.every((invoice) => invoice.paid === true)).toBe(true);
    const missing = (await kit.json([
      'catalog',
      'items',
      'list',
      '--catalog',
      'Globex 2027 catalog',
      '--missing',
      'unspsc-code',
    ])) as Doc[];
    expect(missing.length).toBeGreaterThan(0);
    expect(missing.every((item) => item['unspsc-code'] === null)).toBe(true);
    const customers = (await kit.json(['customers', 'list'])) as Doc[];
    expect(customers.map((customer) => customer.name)).toEqual([
      'Globex Manufacturing',
      'Initech Health Systems',
    ]);
    const profile = (await kit.json(['profile', 'show', '--customer', String(customers[0].id)])) as Doc;
    expect(profile.customer.id).toBe(customers[0].id);
    const addresses = (await kit.json(['remit-to', 'list', '--active', 'true'])) as Doc[];
    const masked = addresses.flatMap((address) => Object.values(address['bank-account']).filter(Boolean));
    expect(masked.length).toBeGreaterThan(0);
    expect(JSON.stringify(addresses)).toMatch(/\*\*\*\*/);
    await kit.json(['profile', 'change-requests', 'list']);
    await kit.json(['purchase-order-changes', 'list']);
  });
});

describe('csp connection and errors', () => {
  it('fetches a token with --client-id/--client-secret', async () => {
    const { clientId, clientSecret } = kit.api.credentials('bluepeak');
    const argv = ['customers', 'list', '--api-url', kit.api.url, '--client-id', clientId];
    const ok = await kit.csp([...argv, '--client-secret', clientSecret], { run: { env: {} } });
    expect(ok.exitCode).toBe(0);
    expect(JSON.parse(ok.stdout).map((customer: Doc) => customer.name)).toContain('Contoso Retail plc');
    const refused = await kit.csp([...argv, '--client-secret', 'wrong'], { run: { env: {} } });
    expect(refused.exitCode).toBe(1);
    expect(errorLine(refused)).toMatchObject({ status: 401, code: 'invalid_client' });
  });

  it("answers 404 for another supplier's record, exactly as for a missing one", async () => {
    const own = await kit.csp(['purchase-orders', 'show', 'BPO-PO-12001'], { tenant: 'bluepeak' });
    expect(own.exitCode).toBe(0);
    const foreign = await kit.csp(['purchase-orders', 'show', 'BPO-PO-12001'], { tenant: 'northwind' });
    expect(foreign.exitCode).toBe(1);
    expect(foreign.stdout).toBe('');
    const missing = await kit.csp(['purchase-orders', 'show', 'NWC-PO-99999'], { tenant: 'northwind' });
    expect(foreign.stderr).toBe(missing.stderr);
    expect(errorLine(foreign)).toEqual({
      status: 404,
      code: 'not_found',
      errors: { base: ['No results match your search criteria.'] },
    });
  });

  it("prints the API's error on stderr and exits 1", async () => {
    const result = await kit.csp(['purchase-orders', 'list', '--filter', 'colour=red']);
    expect(result.exitCode).toBe(1);
    const error = errorLine(result);
    expect(error).toMatchObject({ status: 400, code: 'invalid_filter' });
    expect(Object.keys(error.errors)).toEqual(['colour']);
    const scoped = await kit.api.token('northwind', ['csp.orders.read']);
    const env = { CSP_API_URL: kit.api.url, CSP_TOKEN: scoped };
    const denied = await kit.csp(['invoices', 'list'], { run: { env } });
    expect(errorLine(denied)).toMatchObject({ status: 403, code: 'insufficient_scope' });
    const allowed = await kit.csp(['purchase-orders', 'list', '--limit', '1'], { run: { env } });
    expect(allowed.exitCode).toBe(0);
  });

  it('exits 2 naming the flag on usage errors, without calling the API', async () => {
    const result = await kit.csp(['purchase-orders', 'list', '--limit', '500']);
    expect(result).toMatchObject({ exitCode: 2, stdout: '' });
    expect(result.stderr).toMatch(/--limit: must be at most 50/);
    expect(result.stderr).toMatch(/csp purchase-orders list --help/);
    const noApi = await kit.csp(['customers', 'list'], { run: { env: {} } });
    expect(noApi.exitCode).toBe(2);
    expect(noApi.stderr).toMatch(/--api-url/);
    const badUrl = await kit.csp(['customers', 'list', '--api-url', 'localhost:4010'], { run: { env: {} } });
    expect(badUrl.exitCode).toBe(2);
    expect(badUrl.stderr).toMatch(/--api-url: "localhost:4010" is not an http\(s\) URL/);
    const noToken = await kit.csp(['customers', 'list', '--api-url', kit.api.url], { run: { env: {} } });
    expect(noToken.exitCode).toBe(2);
    expect(noToken.stderr).toMatch(/--token/);
  });

  it('exits 3 when the API cannot be reached', async () => {
    const result = await kit.csp(['customers', 'list'], {
      run: { env: { CSP_API_URL: 'http://127.0.0.1:1', CSP_TOKEN: 'x' } },
    });
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toMatch(/cannot reach the CSP API/);
  });

  it('prints help on stdout and exits 0', async () => {
    const result = await kit.csp(['invoices', 'flip', '--help'], { run: { env: {} } });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/POST \/api\/purchase_orders\/:id\/flip_to_invoice/);
  });
});
