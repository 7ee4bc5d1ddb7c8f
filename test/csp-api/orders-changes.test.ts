import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Json, startWriteFixture, type WriteFixture } from './orders-support.ts';

let f: WriteFixture;
beforeAll(async () => {
  f = await startWriteFixture();
});
afterAll(async () => {
  await f.h.close();
});

const proposeChange = (body: Record<string, unknown>) =>
  f.send('POST', f.northwind, '/api/purchase_order_changes', body);

const flipAndSubmit = async (order: Json, lines: unknown[]) => {
  const flip = await f.send('POST', f.northwind, `/api/purchase_orders/${order.id}/flip_to_invoice`, {
    'invoice-number': `CHG-${order.id}`,
    lines,
  });
  expect(flip.status).toBe(201);
  expect((await f.send('PUT', f.northwind, `/api/invoices/${flip.body.id}/submit`)).status).toBe(200);
};

describe('POST /api/purchase_order_changes', () => {
  it('proposes a change (201, pending_approval); the order is untouched until approved', async () => {
    const order = await f.issueOrder('northwind');
    const response = await proposeChange({
      'order-header-id': order.id,
      'order-line-changes': [{ 'line-num': 1, quantity: 12, 'need-by-date': '2026-09-01' }],
      justification: 'Customer asked for two more.',
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      'order-header-id': order.id,
      'po-number': order['po-number'],
      status: 'pending_approval',
      'supplier-initiated': true,
      'pending-cancel': false,
      'order-line-changes': [{ 'line-num': 1, quantity: 12, 'need-by-date': '2026-09-01' }],
    });
    const listed = await f.get(f.northwind, `/api/purchase_order_changes/${response.body.id}`);
    expect(listed.body.status).toBe('pending_approval');
    const after = await f.get(f.northwind, `/api/purchase_orders/${order.id}`);
    expect(after.body['order-lines'][0].quantity).toBe(10);
  });

  it('allows one pending change per order (409), and a new one once it is decided', async () => {
    const order = await f.issueOrder('northwind');
    const body = { 'order-header-id': order.id, 'order-line-changes': [{ 'line-num': 2, price: 2.5 }] };
    const first = await proposeChange(body);
    expect(first.status).toBe(201);
    const second = await proposeChange(body);
    expect(second.status).toBe(409);
    const rejected = await f.send('PUT', f.buyer, `/sim/po_changes/${first.body.id}/reject`, {
      reason: 'No.',
    });
    expect(rejected.status).toBe(200);
    expect((await proposeChange(body)).status).toBe(201);
  });

  it('refuses orders that are not issued (409), while an issued one is accepted', async () => {
    const closed = (await f.get(f.northwind, '/api/purchase_orders?status=closed')).body[0];
    const refused = await proposeChange({ 'order-header-id': closed.id, 'pending-cancel': true });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('illegal_transition');
    const issued = await f.issueOrder('northwind');
    expect((await proposeChange({ 'order-header-id': issued.id, 'pending-cancel': true })).status).toBe(201);
  });

  it('names bad line changes: unknown line, nothing to change, quantity below what is invoiced', async () => {
    const order = await f.issueOrder('northwind');
    await flipAndSubmit(order, [{ 'line-num': 1, quantity: 6 }]);
    const response = await proposeChange({
      'order-header-id': order.id,
      'order-line-changes': [{ 'line-num': 7, price: 1 }, { 'line-num': 2 }, { 'line-num': 1, quantity: 5 }],
    });
    expect(response.status).toBe(422);
    expect(response.body.errors).toEqual({
      'order-line-changes[0].line-num': ['does not exist on this order'],
      'order-line-changes[1]': ['needs a quantity, price or need-by-date'],
      'order-line-changes[2].quantity': ['cannot be below the 6 already invoiced'],
    });
    const allowed = await proposeChange({
      'order-header-id': order.id,
      'order-line-changes': [{ 'line-num': 1, quantity: 6 }],
    });
    expect(allowed.status).toBe(201);
  });

  it("needs the customer's allow-change-requests (409), and proposes once it is set", async () => {
    const order = await f.issueOrder('northwind');
    const { customers } = f.h.server.stores;
    const customer = customers.get(order.supplier.id, order.customer.id)!;
    customers.update(order.supplier.id, { ...customer, 'allow-change-requests': false });
    const body = { 'order-header-id': order.id, 'order-line-changes': [{ 'line-num': 1, price: 12 }] };
    const refused = await proposeChange(body);
    expect(refused.status).toBe(409);
    expect(refused.body.errors['allow-change-requests']).toEqual(['is false for this customer']);
    customers.update(order.supplier.id, customer);
    expect((await proposeChange(body)).status).toBe(201);
  });

  it('takes the order by PO number too', async () => {
    const order = await f.issueOrder('northwind');
    const response = await proposeChange({
      'order-header-id': order['po-number'],
      'order-line-changes': [{ 'line-num': 1, price: 11 }],
    });
    expect(response.status).toBe(201);
    expect(response.body['order-header-id']).toBe(order.id);
  });
});

describe('/sim/po_changes/:id/{approve,reject}', () => {
  it('approving applies the line changes and increments the version', async () => {
    const order = await f.issueOrder('northwind');
    const change = await proposeChange({
      'order-header-id': order.id,
      'order-line-changes': [{ 'line-num': 1, quantity: 12, price: 10, 'need-by-date': '2026-09-01' }],
    });
    const approved = await f.send('PUT', f.buyer, `/sim/po_changes/${change.body.id}/approve`);
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('approved');
    const after = (await f.get(f.northwind, `/api/purchase_orders/${order.id}`)).body;
    expect(after.version).toBe(order.version + 1);
    expect(after['order-lines'][0]).toMatchObject({
      quantity: 12,
      price: 10,
      total: 120,
      'need-by-date': '2026-09-01',
    });
    expect(after.total).toBe(150);
    const again = await f.send('PUT', f.buyer, `/sim/po_changes/${change.body.id}/approve`);
    expect(again.status).toBe(409);
  });

  it('approving a pending cancellation cancels the order', async () => {
    const order = await f.issueOrder('northwind');
    const change = await proposeChange({
      'order-header-id': order.id,
      'pending-cancel': true,
      justification: 'Discontinued',
    });
    await f.send('PUT', f.buyer, `/sim/po_changes/${change.body.id}/approve`);
    const after = (await f.get(f.northwind, `/api/purchase_orders/${order.id}`)).body;
    expect(after.status).toBe('cancelled');
    expect(after.version).toBe(2);
    expect(after['order-lines'].map((line: Json) => line.status)).toEqual(['cancelled', 'cancelled']);
  });

  it('answers 404 for a change that does not exist, on both decisions', async () => {
    for (const decision of ['approve', 'reject']) {
      const response = await f.send('PUT', f.buyer, `/sim/po_changes/999999/${decision}`, { reason: 'x' });
      expect(response.status, decision).toBe(404);
    }
    const invoice = await f.send('PUT', f.buyer, '/sim/invoices/999999/approve');
    expect(invoice.status).toBe(404);
  });

  it('rejecting needs a reason (422), records it, and leaves the order alone', async () => {
    const seeded = (await f.get(f.northwind, '/api/purchase_order_changes?status=pending_approval')).body[0];
    const order = (await f.get(f.northwind, `/api/purchase_orders/${seeded['order-header-id']}`)).body;
    const missing = await f.send('PUT', f.buyer, `/sim/po_changes/${seeded.id}/reject`, {});
    expect(missing.status).toBe(422);
    const rejected = await f.send('PUT', f.buyer, `/sim/po_changes/${seeded.id}/reject`, {
      reason: 'Date is firm.',
    });
    expect(rejected.body).toMatchObject({ status: 'rejected', 'reject-reason': 'Date is firm.' });
    const after = (await f.get(f.northwind, `/api/purchase_orders/${order.id}`)).body;
    expect(after.version).toBe(order.version);
    expect(after['order-lines']).toEqual(order['order-lines']);
    const again = await f.send('PUT', f.buyer, `/sim/po_changes/${seeded.id}/approve`);
    expect(again.status).toBe(409);
  });
});

describe('POST /sim/purchase_orders', () => {
  it('issues an order numbered after the supplier prefix, awaiting confirmation', async () => {
    const supplier = f.h.tenants.find((tenant) => tenant.id === 'northwind')!;
    const customer = (await f.get(f.northwind, '/api/customers')).body[1];
    const response = await f.send('POST', f.buyer, '/sim/purchase_orders', {
      'supplier-id': supplier.supplierId,
      'customer-id': customer.id,
      lines: [
        { description: 'Gear motor', quantity: 3, price: 410, uom: 'EA', 'need-by-date': '2026-08-01' },
      ],
    });
    expect(response.status).toBe(201);
    expect(response.body['po-number']).toMatch(/^NWC-PO-\d+$/);
    expect(response.body).toMatchObject({
      status: 'issued',
      version: 1,
      'confirmation-status': 'pending_supplier_action',
      'acknowledged-flag': false,
      currency: customer.currency,
      total: 1230,
      customer: { id: customer.id, name: customer.name },
      supplier: { id: supplier.supplierId, name: supplier.name },
      'payment-term': customer['payment-term'],
    });
    expect(response.body['order-lines'][0]).toMatchObject({ id: response.body.id * 1000 + 1, invoiced: 0 });
    const listed = await f.get(f.northwind, `/api/purchase_orders/${response.body['po-number']}`);
    expect(listed.body.id).toBe(response.body.id);
    const other = await f.get(f.bluepeak, `/api/purchase_orders/${response.body.id}`);
    expect(other.status).toBe(404);
  });

  it('refuses a customer the supplier does not serve (404) and a taken po-number (422)', async () => {
    const northwindCustomer = (await f.get(f.northwind, '/api/customers')).body[0];
    const northwindId = f.h.tenants.find((tenant) => tenant.id === 'northwind')!.supplierId;
    const bluepeakId = f.h.tenants.find((tenant) => tenant.id === 'bluepeak')!.supplierId;
    const existing = (await f.get(f.northwind, '/api/purchase_orders?limit=1')).body[0];
    const lines = [{ description: 'Paper', quantity: 1, price: 1 }];
    const foreign = await f.send('POST', f.buyer, '/sim/purchase_orders', {
      'supplier-id': bluepeakId,
      'customer-id': northwindCustomer.id,
      lines,
    });
    expect(foreign.status).toBe(404);
    const taken = await f.send('POST', f.buyer, '/sim/purchase_orders', {
      'supplier-id': northwindId,
      'customer-id': northwindCustomer.id,
      'po-number': existing['po-number'],
      lines,
    });
    expect(taken.status).toBe(422);
    expect(taken.body.errors['po-number']).toEqual(['has already been taken']);
    const own = await f.send('POST', f.buyer, '/sim/purchase_orders', {
      'supplier-id': northwindId,
      'customer-id': northwindCustomer.id,
      'po-number': 'NWC-PO-99001',
      lines,
    });
    expect(own.status).toBe(201);
  });
});
