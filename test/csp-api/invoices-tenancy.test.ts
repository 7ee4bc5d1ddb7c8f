import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Json, startWriteFixture, type WriteFixture } from './orders-support.ts';

/**
 * Every order and invoice write, tried by another supplier with the owner's id and document number:
 * each answers exactly like a record that does not exist, and changes nothing; the owner succeeds.
 */
let f: WriteFixture;
let counter = 0;
beforeAll(async () => {
  f = await startWriteFixture();
});
afterAll(async () => {
  await f.h.close();
});

const rowCount = (table: string) =>
  (f.h.server.db.prepare(`SELECT count(*) AS count FROM ${table}`).get() as { count: number }).count;
const counts = () => ['purchase_orders', 'purchase_order_changes', 'invoices'].map(rowCount);

async function northwindInvoice(submit: boolean, approve = false): Promise<Json> {
  const order = await f.issueOrder('northwind');
  counter += 1;
  const flip = await f.send('POST', f.northwind, `/api/purchase_orders/${order.id}/flip_to_invoice`, {
    'invoice-number': `NWC-INV-X${counter}`,
    lines: [{ 'line-num': 1, quantity: 2 }],
  });
  if (submit) await f.send('PUT', f.northwind, `/api/invoices/${flip.body.id}/submit`);
  if (approve) await f.send('PUT', f.buyer, `/sim/invoices/${flip.body.id}/approve`);
  return (await f.get(f.northwind, `/api/invoices/${flip.body.id}`)).body;
}

interface WriteCase {
  name: string;
  kind: 'order' | 'invoice';
  /** The owner's record the write targets. */
  target: () => Promise<Json>;
  method: 'POST' | 'PUT';
  path: (reference: string) => string;
  body: (reference: string, target: Json) => unknown;
  ownerStatus: number;
}

const numberOf = (kind: WriteCase['kind'], record: Json): string =>
  kind === 'order' ? record['po-number'] : record['invoice-number'];

const cases: WriteCase[] = [
  {
    name: 'acknowledge',
    kind: 'order',
    target: () => f.issueOrder('northwind'),
    method: 'PUT',
    path: (reference) => `/api/purchase_orders/${reference}/acknowledge`,
    body: () => ({ 'acknowledged-flag': true }),
    ownerStatus: 200,
  },
  {
    name: 'confirm',
    kind: 'order',
    target: () => f.issueOrder('northwind'),
    method: 'POST',
    path: (reference) => `/api/purchase_orders/${reference}/confirmations`,
    body: () => ({ action: 'accept' }),
    ownerStatus: 201,
  },
  {
    name: 'flip to invoice',
    kind: 'order',
    target: () => f.issueOrder('northwind'),
    method: 'POST',
    path: (reference) => `/api/purchase_orders/${reference}/flip_to_invoice`,
    body: () => ({ 'invoice-number': 'X-FLIP-1' }),
    ownerStatus: 201,
  },
  {
    name: 'flip to credit note',
    kind: 'order',
    target: async () => {
      const invoice = await northwindInvoice(true);
      const order = (await f.get(f.northwind, `/api/purchase_orders/${invoice['order-header-id']}`)).body;
      return { ...order, original: invoice['invoice-number'] };
    },
    method: 'POST',
    path: (reference) => `/api/purchase_orders/${reference}/flip_to_credit_note`,
    body: (_reference, order) => ({ 'invoice-number': 'X-CN-1', 'original-invoice-number': order.original }),
    ownerStatus: 201,
  },
  {
    name: 'propose a change',
    kind: 'order',
    target: () => f.issueOrder('northwind'),
    method: 'POST',
    path: () => '/api/purchase_order_changes',
    body: (reference) => ({
      'order-header-id': /^\d+$/.test(reference) ? Number(reference) : reference,
      'pending-cancel': true,
    }),
    ownerStatus: 201,
  },
  {
    name: 'edit invoice',
    kind: 'invoice',
    target: () => northwindInvoice(false),
    method: 'PUT',
    path: (reference) => `/api/invoices/${reference}`,
    body: () => ({ 'supplier-note': 'changed' }),
    ownerStatus: 200,
  },
  {
    name: 'submit invoice',
    kind: 'invoice',
    target: () => northwindInvoice(false),
    method: 'PUT',
    path: (reference) => `/api/invoices/${reference}/submit`,
    body: () => undefined,
    ownerStatus: 200,
  },
  {
    name: 'void invoice',
    kind: 'invoice',
    target: () => northwindInvoice(true, true),
    method: 'PUT',
    path: (reference) => `/api/invoices/${reference}/void`,
    body: () => undefined,
    ownerStatus: 200,
  },
  {
    name: 'comment on invoice',
    kind: 'invoice',
    target: () => northwindInvoice(true),
    method: 'POST',
    path: (reference) => `/api/invoices/${reference}/comments`,
    body: () => ({ comment: 'hello' }),
    ownerStatus: 201,
  },
];

describe('cross-tenant writes', () => {
  for (const write of cases) {
    it(`${write.name}: another supplier gets the not-found answer and changes nothing`, async () => {
      const target = await write.target();
      const show =
        write.kind === 'order' ? `/api/purchase_orders/${target.id}` : `/api/invoices/${target.id}`;
      const before = (await f.get(f.northwind, show)).body;
      const rowsBefore = counts();
      const attempt = (token: string, reference: string) =>
        f.send(write.method, token, write.path(reference), write.body(reference, target));
      const missing = await attempt(f.bluepeak, '999999');
      expect(missing.status).toBe(404);
      expect(missing.body).toEqual({
        errors: { base: ['No results match your search criteria.'] },
        code: 'not_found',
      });
      for (const reference of [String(target.id), numberOf(write.kind, target)]) {
        const foreign = await attempt(f.bluepeak, reference);
        expect(foreign.status, reference).toBe(404);
        expect(foreign.body).toEqual(missing.body);
      }
      expect((await f.get(f.northwind, show)).body).toEqual(before);
      expect(counts()).toEqual(rowsBefore);
      const owner = await attempt(f.northwind, String(target.id));
      expect(owner.status, JSON.stringify(owner.body)).toBe(write.ownerStatus);
    });
  }
});

describe('Idempotency-Key on flip_to_invoice', () => {
  it('replays the first answer for a retry and creates no second invoice', async () => {
    const order = await f.issueOrder('northwind');
    const path = `/api/purchase_orders/${order.id}/flip_to_invoice`;
    const body = { 'invoice-number': 'NWC-INV-IDEM', lines: [{ 'line-num': 1, quantity: 3 }] };
    const headers = { 'idempotency-key': 'flip-once-1' };
    const first = await f.send('POST', f.northwind, path, body, headers);
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const invoicesAfterFirst = rowCount('invoices');
    const retry = await f.send('POST', f.northwind, path, body, headers);
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body.id).toBe(first.body.id);
    expect(rowCount('invoices')).toBe(invoicesAfterFirst);
    const reused = await f.send(
      'POST',
      f.northwind,
      path,
      { ...body, 'invoice-number': 'NWC-INV-IDEM-2' },
      headers,
    );
    expect(reused.status).toBe(422);
    expect(reused.body.code).toBe('idempotency_key_reused');
    expect(rowCount('invoices')).toBe(invoicesAfterFirst);
    const freshKey = await f.send(
      'POST',
      f.northwind,
      path,
      { ...body, 'invoice-number': 'NWC-INV-IDEM-2' },
      {
        'idempotency-key': 'flip-once-2',
      },
    );
    expect(freshKey.status).toBe(201);
    expect(rowCount('invoices')).toBe(invoicesAfterFirst + 1);
  });
});

describe('roles and scopes', () => {
  it('a supplier token cannot use /sim routes (403); the buyer token can', async () => {
    const invoice = await northwindInvoice(true);
    const denied = await f.send('PUT', f.northwind, `/sim/invoices/${invoice.id}/approve`);
    expect(denied.status).toBe(403);
    expect(denied.body).toEqual({ errors: { scope: ['insufficient scope'] }, code: 'insufficient_scope' });
    expect((await f.get(f.northwind, `/api/invoices/${invoice.id}`)).body.status).toBe('pending_approval');
    expect((await f.send('PUT', f.buyer, `/sim/invoices/${invoice.id}/approve`)).status).toBe(200);
  });

  it('the buyer token cannot use /api writes (403); the supplier can', async () => {
    const order = await f.issueOrder('northwind');
    const body = { 'acknowledged-flag': true };
    const denied = await f.send('PUT', f.buyer, `/api/purchase_orders/${order.id}/acknowledge`, body);
    expect(denied.status).toBe(403);
    expect(denied.body.code).toBe('insufficient_scope');
    const allowed = await f.send('PUT', f.northwind, `/api/purchase_orders/${order.id}/acknowledge`, body);
    expect(allowed.status).toBe(200);
  });

  it('flipping needs csp.invoices.write (403 without it, 201 with it)', async () => {
    const order = await f.issueOrder('northwind');
    const path = `/api/purchase_orders/${order.id}/flip_to_invoice`;
    const readOnly = await f.h.token('northwind', [
      'csp.orders.read',
      'csp.orders.write',
      'csp.invoices.read',
    ]);
    const invoicesBefore = rowCount('invoices');
    const denied = await f.send('POST', readOnly, path, { 'invoice-number': 'NWC-INV-SCOPE' });
    expect(denied.status).toBe(403);
    expect(denied.body.code).toBe('insufficient_scope');
    expect(rowCount('invoices')).toBe(invoicesBefore);
    const writer = await f.h.token('northwind', ['csp.invoices.write']);
    const allowed = await f.send('POST', writer, path, { 'invoice-number': 'NWC-INV-SCOPE' });
    expect(allowed.status).toBe(201);
  });
});
