import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  invoicedByLine,
  type Json,
  remainingByLine,
  startWriteFixture,
  type WriteFixture,
} from './orders-support.ts';

let f: WriteFixture;
beforeAll(async () => {
  f = await startWriteFixture();
});
afterAll(async () => {
  await f.h.close();
});

const invoiceable =
  '/api/purchase_orders?status=issued&invoice-stop=false&confirmation-status=pending_supplier_action';
const flip = (order: Json, body: unknown, token = f.northwind) =>
  f.send('POST', token, `/api/purchase_orders/${order.id}/flip_to_invoice`, body);
const reload = async (order: Json) => (await f.get(f.northwind, `/api/purchase_orders/${order.id}`)).body;
const cents = (amount: number) => Math.round(amount * 100) / 100;

describe('POST /api/purchase_orders/:id/flip_to_invoice', () => {
  it('creates a draft with every open line remaining, the customer tax rate and the term due date', async () => {
    const orders = (await f.get(f.northwind, invoiceable)).body as Json[];
    const order = orders.find((candidate) =>
      Object.values(remainingByLine(candidate)).every((left) => left > 0),
    )!;
    const customer = (await f.get(f.northwind, `/api/customers/${order.customer.id}`)).body;
    const response = await flip(order, { 'invoice-number': 'NWC-INV-T1' });
    expect(response.status).toBe(201);
    const invoice = response.body;
    expect(invoice).toMatchObject({
      'invoice-number': 'NWC-INV-T1',
      status: 'draft',
      'document-type': 'Invoice',
      'submitted-at': null,
      'po-number': order['po-number'],
      'order-header-id': order.id,
      'tax-rate': customer['tax-rate'],
      'invoice-date': '2026-07-01',
      paid: false,
      payments: [],
    });
    const termDays = Number(/\d+/.exec(customer['payment-term'].code)![0]);
    const due = new Date(Date.UTC(2026, 6, 1 + termDays)).toISOString().slice(0, 10);
    expect(invoice['net-due-date']).toBe(due);
    const expected = order['order-lines'].map((line: Json) => [
      line['line-num'],
      line.quantity - line.invoiced,
    ]);
    expect(invoice['invoice-lines'].map((line: Json) => [line['order-line-num'], line.quantity])).toEqual(
      expected,
    );
    expect(invoice['invoice-lines'][0].id).toBe(invoice.id * 1000 + 1);
    const gross = cents(
      invoice['invoice-lines'].reduce((sum: number, line: Json) => sum + line.quantity * line.price, 0),
    );
    expect(invoice['gross-total']).toBe(gross);
    expect(invoice['tax-amount']).toBe(cents(gross * customer['tax-rate']));
    expect(invoice['total-with-taxes']).toBe(cents(gross + invoice['tax-amount']));
    expect(invoicedByLine(await reload(order))).toEqual(invoicedByLine(order));
    const shown = await f.get(f.northwind, '/api/invoices/NWC-INV-T1');
    expect(shown.body.id).toBe(invoice.id);
  });

  it('takes chosen lines, a date, shipping and a tax rate', async () => {
    const order = await f.issueOrder('northwind');
    const response = await flip(order, {
      'invoice-number': 'NWC-INV-T2',
      'invoice-date': '2026-06-15',
      lines: [{ 'line-num': 2, quantity: 4 }],
      'shipping-amount': 25,
      'tax-rate': 0.1,
      'supplier-note': 'First delivery',
    });
    expect(response.status).toBe(201);
    expect(response.body['invoice-lines']).toHaveLength(1);
    expect(response.body['invoice-lines'][0]).toMatchObject({
      'order-line-num': 2,
      quantity: 4,
      price: 3,
      total: 12,
    });
    expect(response.body).toMatchObject({
      'gross-total': 12,
      'tax-amount': 1.2,
      'shipping-amount': 25,
      'total-with-taxes': 38.2,
      'supplier-note': 'First delivery',
      'invoice-date': '2026-06-15',
    });
    expect(response.body['net-due-date'] > '2026-06-15').toBe(true);
  });

  it('needs an invoice number (422), and the same request with one succeeds', async () => {
    const order = await f.issueOrder('northwind');
    const missing = await flip(order, { lines: [{ 'line-num': 1, quantity: 1 }] });
    expect(missing.status).toBe(422);
    expect(missing.body).toEqual({
      errors: { 'invoice-number': ['is required'] },
      code: 'validation_failed',
    });
    const fixed = await flip(order, {
      'invoice-number': 'NWC-INV-T3',
      lines: [{ 'line-num': 1, quantity: 1 }],
    });
    expect(fixed.status).toBe(201);
  });

  it('refuses more than what remains on a line (422), and exactly what remains is fine', async () => {
    const order = await f.issueOrder('northwind');
    const over = await flip(order, {
      'invoice-number': 'NWC-INV-T4',
      lines: [{ 'line-num': 1, quantity: 11 }],
    });
    expect(over.status).toBe(422);
    expect(over.body.errors['lines[0].quantity']).toEqual(['exceeds the 10 left to invoice on order line 1']);
    const exact = await flip(order, {
      'invoice-number': 'NWC-INV-T4',
      lines: [{ 'line-num': 1, quantity: 10 }],
    });
    expect(exact.status).toBe(201);
  });

  it('refuses an invoice number the customer already has (422); another customer may reuse it', async () => {
    const existing = (await f.get(f.northwind, '/api/invoices?status=approved')).body[0];
    const orders = (await f.get(f.northwind, invoiceable)).body as Json[];
    const sameCustomer = orders.find((order) => order.customer.id === existing.customer.id)!;
    const otherCustomer = orders.find((order) => order.customer.id !== existing.customer.id)!;
    const taken = await flip(sameCustomer, { 'invoice-number': existing['invoice-number'] });
    expect(taken.status).toBe(422);
    expect(taken.body).toEqual({
      errors: { 'invoice-number': ['has already been taken'] },
      code: 'validation_failed',
    });
    const reused = await flip(otherCustomer, { 'invoice-number': existing['invoice-number'] });
    expect(reused.status).toBe(201);
  });

  it('names an unknown line number (422)', async () => {
    const order = await f.issueOrder('northwind');
    const response = await flip(order, {
      'invoice-number': 'NWC-INV-T5',
      lines: [{ 'line-num': 3, quantity: 1 }],
    });
    expect(response.status).toBe(422);
    expect(response.body.errors['lines[0].line-num']).toEqual(['does not exist on this order']);
  });

  it('refuses orders with invoice-stop or not issued (409), while an issued order flips', async () => {
    const stopped = (await f.get(f.northwind, '/api/purchase_orders?invoice-stop=true')).body[0];
    const stoppedResponse = await flip(stopped, { 'invoice-number': 'NWC-INV-T6' });
    expect(stoppedResponse.status).toBe(409);
    expect(stoppedResponse.body.code).toBe('illegal_transition');
    for (const status of ['soft_closed', 'buyer_hold', 'cancelled']) {
      const order = (await f.get(f.northwind, `/api/purchase_orders?status=${status}`)).body[0];
      expect((await flip(order, { 'invoice-number': 'NWC-INV-T6' })).status, status).toBe(409);
    }
    const issued = await f.issueOrder('northwind');
    expect((await flip(issued, { 'invoice-number': 'NWC-INV-T6' })).status).toBe(201);
  });
});

describe('POST /api/purchase_orders/:id/flip_to_credit_note', () => {
  const invoiceAndSubmit = async (order: Json, number: string) => {
    const invoice = await flip(order, { 'invoice-number': number, lines: [{ 'line-num': 1, quantity: 10 }] });
    const submitted = await f.send('PUT', f.northwind, `/api/invoices/${invoice.body.id}/submit`);
    expect(submitted.status).toBe(200);
    return submitted.body;
  };
  const creditNote = (order: Json, body: unknown) =>
    f.send('POST', f.northwind, `/api/purchase_orders/${order.id}/flip_to_credit_note`, body);

  it('credits part of a submitted invoice; submitting it reduces what is invoiced', async () => {
    const order = await f.issueOrder('northwind');
    const original = await invoiceAndSubmit(order, 'NWC-INV-C1');
    expect(invoicedByLine(await reload(order))).toEqual({ 1: 10, 2: 0 });
    const response = await creditNote(order, {
      'invoice-number': 'NWC-CN-C1',
      'original-invoice-number': original['invoice-number'],
      lines: [{ 'line-num': 1, quantity: 4 }],
      'supplier-note': 'Four returned damaged',
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      'document-type': 'Credit Note',
      status: 'draft',
      'original-invoice-number': 'NWC-INV-C1',
      'gross-total': -50,
      'tax-rate': original['tax-rate'],
    });
    expect(response.body['invoice-lines'][0]).toMatchObject({
      'order-line-num': 1,
      quantity: -4,
      price: 12.5,
    });
    expect(invoicedByLine(await reload(order))).toEqual({ 1: 10, 2: 0 });
    const submitted = await f.send('PUT', f.northwind, `/api/invoices/${response.body.id}/submit`);
    expect(submitted.status).toBe(200);
    expect(invoicedByLine(await reload(order))).toEqual({ 1: 6, 2: 0 });
  });

  it('credits at most what the original has left uncredited (422)', async () => {
    const order = await f.issueOrder('northwind');
    const original = await invoiceAndSubmit(order, 'NWC-INV-C2');
    const first = await creditNote(order, {
      'invoice-number': 'NWC-CN-C2a',
      'original-invoice-number': original['invoice-number'],
      lines: [{ 'line-num': 1, quantity: 7 }],
    });
    await f.send('PUT', f.northwind, `/api/invoices/${first.body.id}/submit`);
    const over = await creditNote(order, {
      'invoice-number': 'NWC-CN-C2b',
      'original-invoice-number': original['invoice-number'],
      lines: [{ 'line-num': 1, quantity: 4 }],
    });
    expect(over.status).toBe(422);
    expect(over.body.errors['lines[0].quantity']).toEqual(['exceeds the 3 left to credit on order line 1']);
    const rest = await creditNote(order, {
      'invoice-number': 'NWC-CN-C2b',
      'original-invoice-number': original['invoice-number'],
    });
    expect(rest.status).toBe(201);
    expect(rest.body['invoice-lines'].map((line: Json) => line.quantity)).toEqual([-3]);
  });

  it('needs a submitted invoice of the same order as the original (422)', async () => {
    const order = await f.issueOrder('northwind');
    const draft = await flip(order, {
      'invoice-number': 'NWC-INV-C3',
      lines: [{ 'line-num': 1, quantity: 2 }],
    });
    const response = await creditNote(order, {
      'invoice-number': 'NWC-CN-C3',
      'original-invoice-number': draft.body['invoice-number'],
    });
    expect(response.status).toBe(422);
    expect(response.body.errors['original-invoice-number']).toEqual([
      'is not a submitted invoice of this order',
    ]);
    await f.send('PUT', f.northwind, `/api/invoices/${draft.body.id}/submit`);
    const allowed = await creditNote(order, {
      'invoice-number': 'NWC-CN-C3',
      'original-invoice-number': draft.body['invoice-number'],
    });
    expect(allowed.status).toBe(201);
  });
});
