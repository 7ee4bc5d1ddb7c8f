import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoicedByLine, type Json, startWriteFixture, type WriteFixture } from './orders-support.ts';

let f: WriteFixture;
let counter = 0;
beforeAll(async () => {
  f = await startWriteFixture();
});
afterAll(async () => {
  await f.h.close();
});

const reloadOrder = async (id: number) => (await f.get(f.northwind, `/api/purchase_orders/${id}`)).body;
const put = (path: string, body?: unknown) => f.send('PUT', f.northwind, path, body);
const sim = (path: string, body?: unknown) => f.send('PUT', f.buyer, path, body);

/** A fresh order and a draft invoice on it for `quantity` of line 1. */
async function draftInvoice(quantity = 4, order?: Json): Promise<{ order: Json; invoice: Json }> {
  const target = order ?? (await f.issueOrder('northwind'));
  counter += 1;
  const response = await f.send('POST', f.northwind, `/api/purchase_orders/${target.id}/flip_to_invoice`, {
    'invoice-number': `NWC-INV-L${counter}`,
    lines: [{ 'line-num': 1, quantity }],
  });
  expect(response.status).toBe(201);
  return { order: target, invoice: response.body };
}

async function submittedInvoice(quantity = 4): Promise<{ order: Json; invoice: Json }> {
  const { order, invoice } = await draftInvoice(quantity);
  const submitted = await put(`/api/invoices/${invoice.id}/submit`);
  expect(submitted.status).toBe(200);
  return { order, invoice: submitted.body };
}

describe('PUT /api/invoices/:id (drafts only)', () => {
  it('edits a draft and recomputes its totals', async () => {
    const { invoice } = await draftInvoice(4);
    const response = await put(`/api/invoices/${invoice.id}`, {
      'invoice-number': `${invoice['invoice-number']}-R`,
      'shipping-amount': 10,
      'handling-amount': 5,
      'tax-rate': 0.1,
      lines: [{ 'line-num': 1, quantity: 6, description: 'Bearings, batch 2' }],
    });
    expect(response.status).toBe(200);
    expect(response.body['invoice-lines'][0]).toMatchObject({
      quantity: 6,
      total: 75,
      description: 'Bearings, batch 2',
    });
    expect(response.body).toMatchObject({ 'gross-total': 75, 'tax-amount': 7.5, 'total-with-taxes': 97.5 });
    const byNewNumber = await f.get(f.northwind, `/api/invoices/${invoice['invoice-number']}-R`);
    expect(byNewNumber.body.id).toBe(invoice.id);
  });

  it('names over-invoicing and unknown lines (422) and keeps the draft as it was', async () => {
    const { invoice } = await draftInvoice(4);
    const response = await put(`/api/invoices/${invoice.id}`, {
      lines: [
        { 'line-num': 1, quantity: 11 },
        { 'line-num': 5, quantity: 1 },
      ],
    });
    expect(response.status).toBe(422);
    expect(response.body.errors['lines[1].line-num']).toEqual(['does not exist on this invoice']);
    const over = await put(`/api/invoices/${invoice.id}`, { lines: [{ 'line-num': 1, quantity: 11 }] });
    expect(over.body.errors['lines[0].quantity']).toEqual(['exceeds the 10 left to invoice on order line 1']);
    const unchanged = await f.get(f.northwind, `/api/invoices/${invoice.id}`);
    expect(unchanged.body).toEqual(invoice);
  });

  it('refuses to edit a submitted invoice (409), while a draft is editable', async () => {
    const { invoice } = await submittedInvoice();
    const refused = await put(`/api/invoices/${invoice.id}`, { 'supplier-note': 'late change' });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('illegal_transition');
    const draft = (await f.get(f.northwind, '/api/invoices?status=draft')).body[0];
    expect((await put(`/api/invoices/${draft.id}`, { 'supplier-note': 'late change' })).status).toBe(200);
  });
});

describe('PUT /api/invoices/:id/submit', () => {
  it('sends a draft for approval and adds its quantities to the order', async () => {
    const { order, invoice } = await draftInvoice(4);
    const response = await put(`/api/invoices/${invoice.id}/submit`);
    expect(response.status).toBe(200);
    expect(response.body.status).toBe('pending_approval');
    expect(response.body['submitted-at']).toBe(f.now.toISOString());
    expect(invoicedByLine(await reloadOrder(order.id))).toEqual({ 1: 4, 2: 0 });
    const again = await put(`/api/invoices/${invoice.id}/submit`);
    expect(again.status).toBe(409);
  });

  it('catches two drafts that together exceed what remains when the second is submitted', async () => {
    const { order, invoice: first } = await draftInvoice(7);
    const { invoice: second } = await draftInvoice(6, order);
    expect((await put(`/api/invoices/${first.id}/submit`)).status).toBe(200);
    const refused = await put(`/api/invoices/${second.id}/submit`);
    expect(refused.status).toBe(422);
    expect(refused.body.errors['invoice-lines[0].quantity']).toEqual([
      'exceeds the 3 left to invoice on order line 1',
    ]);
    expect((await f.get(f.northwind, `/api/invoices/${second.id}`)).body.status).toBe('draft');
    expect(invoicedByLine(await reloadOrder(order.id))).toEqual({ 1: 7, 2: 0 });
    await put(`/api/invoices/${second.id}`, { lines: [{ 'line-num': 1, quantity: 3 }] });
    expect((await put(`/api/invoices/${second.id}/submit`)).status).toBe(200);
    expect(invoicedByLine(await reloadOrder(order.id))).toEqual({ 1: 10, 2: 0 });
  });

  it('resubmits a disputed invoice to approval without counting its quantities twice', async () => {
    const { order, invoice } = await submittedInvoice(5);
    const disputed = await sim(`/sim/invoices/${invoice.id}/dispute`, {
      code: 'PRICE_MISMATCH',
      comment: 'Unit price is wrong.',
    });
    expect(disputed.body.status).toBe('disputed');
    const resubmitted = await put(`/api/invoices/${invoice.id}/submit`);
    expect(resubmitted.status).toBe(200);
    expect(resubmitted.body).toMatchObject({ status: 'pending_approval', 'dispute-reasons': [] });
    expect(invoicedByLine(await reloadOrder(order.id))).toEqual({ 1: 5, 2: 0 });
  });
});

describe('PUT /api/invoices/:id/void', () => {
  it('voids an approved, unpaid invoice and releases its quantities', async () => {
    const { order, invoice } = await submittedInvoice(4);
    const pending = await put(`/api/invoices/${invoice.id}/void`);
    expect(pending.status).toBe(409);
    await sim(`/sim/invoices/${invoice.id}/approve`);
    const voided = await put(`/api/invoices/${invoice.id}/void`);
    expect(voided.status).toBe(200);
    expect(voided.body.status).toBe('voided');
    expect(invoicedByLine(await reloadOrder(order.id))).toEqual({ 1: 0, 2: 0 });
    expect((await put(`/api/invoices/${invoice.id}/void`)).status).toBe(409);
  });

  it('refuses a paid invoice (409)', async () => {
    const paid = (await f.get(f.northwind, '/api/invoices?paid=true')).body[0];
    const response = await put(`/api/invoices/${paid.id}/void`);
    expect(response.status).toBe(409);
    expect((await f.get(f.northwind, `/api/invoices/${paid.id}`)).body.status).toBe(paid.status);
  });
});

describe('POST /api/invoices/:id/comments', () => {
  it('adds a supplier comment; an empty one is a 422', async () => {
    const invoice = (await f.get(f.northwind, '/api/invoices?status=disputed')).body[0];
    const empty = await f.send('POST', f.northwind, `/api/invoices/${invoice.id}/comments`, { comment: ' ' });
    expect(empty.status).toBe(422);
    const response = await f.send('POST', f.northwind, `/api/invoices/${invoice.id}/comments`, {
      comment: 'Corrected price attached.',
    });
    expect(response.status).toBe(201);
    expect(response.body.comments.at(-1)).toMatchObject({
      comment: 'Corrected price attached.',
      'created-by': 'supplier',
      'created-at': f.now.toISOString(),
    });
    expect(response.body.comments).toHaveLength(invoice.comments.length + 1);
  });
});

describe('/sim/invoices/:id/{approve,dispute,withdraw_dispute,pay}', () => {
  it('approves only invoices awaiting the customer (409 on a draft)', async () => {
    const { invoice } = await draftInvoice(1);
    expect((await sim(`/sim/invoices/${invoice.id}/approve`)).status).toBe(409);
    await put(`/api/invoices/${invoice.id}/submit`);
    const approved = await sim(`/sim/invoices/${invoice.id}/approve`);
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('approved');
  });

  it('disputes with a reason code (422 without one) and withdraws the dispute', async () => {
    const { invoice } = await submittedInvoice(2);
    expect((await sim(`/sim/invoices/${invoice.id}/dispute`, {})).status).toBe(422);
    expect((await sim(`/sim/invoices/${invoice.id}/withdraw_dispute`)).status).toBe(409);
    const disputed = await sim(`/sim/invoices/${invoice.id}/dispute`, {
      code: 'QTY_NOT_RECEIVED',
      description: 'Only one box arrived',
      comment: 'Please check.',
    });
    expect(disputed.body['dispute-reasons']).toEqual([
      { code: 'QTY_NOT_RECEIVED', description: 'Only one box arrived' },
    ]);
    expect(disputed.body.comments.at(-1)).toMatchObject({ comment: 'Please check.', 'created-by': 'buyer' });
    const withdrawn = await sim(`/sim/invoices/${invoice.id}/withdraw_dispute`);
    expect(withdrawn.body).toMatchObject({ status: 'pending_approval', 'dispute-reasons': [] });
  });

  it('pays in parts: partial payments accumulate and the last one marks it paid', async () => {
    const { invoice } = await submittedInvoice(4);
    expect((await sim(`/sim/invoices/${invoice.id}/pay`, {})).status).toBe(409);
    await sim(`/sim/invoices/${invoice.id}/approve`);
    const total = invoice['total-with-taxes'];
    const over = await sim(`/sim/invoices/${invoice.id}/pay`, { amount: total + 1 });
    expect(over.status).toBe(422);
    const part = await sim(`/sim/invoices/${invoice.id}/pay`, { amount: 20, 'payment-date': '2026-07-10' });
    expect(part.body).toMatchObject({ paid: false, 'payment-date': null });
    expect(part.body.payments).toEqual([{ 'amount-paid': 20, 'payment-date': '2026-07-10', notes: null }]);
    const rest = await sim(`/sim/invoices/${invoice.id}/pay`, { notes: 'ACH 42' });
    expect(rest.body).toMatchObject({ paid: true, 'payment-date': '2026-07-01', 'payment-notes': 'ACH 42' });
    expect(rest.body.payments[1]['amount-paid']).toBe(Math.round((total - 20) * 100) / 100);
    expect((await sim(`/sim/invoices/${invoice.id}/pay`, {})).status).toBe(409);
  });
});
