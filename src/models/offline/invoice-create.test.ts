import { describe, expect, it } from 'vitest';
import { planInvoiceCreate } from './invoice-create.ts';
import { nextInvoiceNumber, remainingLines } from './invoice-remaining.ts';
import {
  answerText,
  type CallFixture,
  contextFor,
  failure,
  invoiceFixture,
  orderFixture,
  plannedCalls,
  withResults,
} from './planner-test-kit.ts';

const reading = (order = orderFixture(), invoices: unknown[] = []): CallFixture[] => [
  { name: 'purchase_orders_show', input: { id: order['po-number'] }, result: order },
  { name: 'invoices_list', input: { po_number: order['po-number'], limit: 50, offset: 0 }, result: invoices },
];

const draft = (overrides: Record<string, unknown> = {}) =>
  invoiceFixture({
    id: 40,
    'invoice-number': 'NWC-INV-11001-1',
    status: 'draft',
    'po-number': 'NWC-PO-11001',
    'invoice-date': '2026-12-04',
    'gross-total': 1035.9,
    'tax-amount': 85.46,
    'total-with-taxes': 1121.36,
    'net-due-date': '2027-01-03',
    'invoice-lines': [
      { 'line-num': 1, 'order-line-num': 1, description: 'V-belt A42', quantity: 90, price: 8.6, total: 774 },
      {
        'line-num': 2,
        'order-line-num': 2,
        description: 'Ball bearing 6204',
        quantity: 54,
        price: 4.85,
        total: 261.9,
      },
    ],
    ...overrides,
  });

describe('invoice-create planner', () => {
  it('reads the PO and its invoices in parallel first', () => {
    expect(plannedCalls(planInvoiceCreate(contextFor('invoice PO NWC-PO-11001')))).toEqual([
      { name: 'purchase_orders_show', input: { id: 'NWC-PO-11001' } },
      { name: 'invoices_list', input: { po_number: 'NWC-PO-11001', limit: 50, offset: 0 } },
    ]);
  });

  it('flips the remaining quantities, and leaves the draft unsubmitted unless asked', () => {
    const text = 'invoice PO NWC-PO-11001';
    const step = planInvoiceCreate(contextFor(text, reading()));
    expect(plannedCalls(step)).toEqual([
      {
        name: 'invoices_create_from_po',
        input: {
          po: 'NWC-PO-11001',
          invoice_number: 'NWC-INV-11001-1',
          lines: [
            { line_num: 1, quantity: 90 },
            { line_num: 2, quantity: 54 },
          ],
        },
      },
    ]);
    const calls = withResults(reading(), step, () => ({ result: draft() }));
    const summary = answerText(planInvoiceCreate(contextFor(text, calls)));
    expect(summary).toContain(
      'Created invoice NWC-INV-11001-1 for NWC-PO-11001 (Globex Manufacturing), dated 2026-12-04',
    );
    expect(summary).toContain('PO line 1: V-belt A42, 90 x 8.60 = 774.00');
    expect(summary).toContain('Gross USD 1,035.90, tax USD 85.46, total USD 1,121.36; due 2027-01-03.');
    expect(summary).toContain('It is a draft and was not submitted');
  });

  it('submits the new draft when asked, by its id', () => {
    const text = 'create an invoice for PO NWC-PO-11001 and submit it';
    const created = withResults(reading(), planInvoiceCreate(contextFor(text, reading())), () => ({
      result: draft(),
    }));
    const step = planInvoiceCreate(contextFor(text, created));
    expect(plannedCalls(step)).toEqual([{ name: 'invoices_submit', input: { id: 40 } }]);
    const submitted = withResults(created, step, () => ({ result: draft({ status: 'pending_approval' }) }));
    expect(answerText(planInvoiceCreate(contextFor(text, submitted)))).toContain(
      'Submitted: it is now pending approval.',
    );
  });

  it('does not bill what draft invoices already hold, and uses the next free number', () => {
    const invoices = [draft({ 'invoice-lines': [{ 'order-line-num': 1, quantity: 40 }] })];
    const step = planInvoiceCreate(contextFor('invoice PO NWC-PO-11001', reading(orderFixture(), invoices)));
    expect(plannedCalls(step)[0]!.input).toMatchObject({
      invoice_number: 'NWC-INV-11001-2',
      lines: [
        { line_num: 1, quantity: 50 },
        { line_num: 2, quantity: 54 },
      ],
    });
  });

  it('uses the quantities and the invoice number the supplier gives', () => {
    const text = 'invoice 20 of line 2 of NWC-PO-11001 with invoice number 2027-0042 dated 2026-12-01';
    expect(plannedCalls(planInvoiceCreate(contextFor(text, reading())))[0]!.input).toEqual({
      po: 'NWC-PO-11001',
      invoice_number: '2027-0042',
      invoice_date: '2026-12-01',
      lines: [{ line_num: 2, quantity: 20 }],
    });
  });

  it.each([
    ['invoice 60 of line 2 of NWC-PO-11001', orderFixture(), 'line 2: 60 asked, but only 54 remain'],
    [
      'invoice NWC-PO-11001',
      orderFixture({
        'order-lines': [
          { 'line-num': 1, quantity: 10, invoiced: 10, status: 'open', description: 'x' },
          { 'line-num': 2, quantity: 5, invoiced: 5, status: 'open', description: 'y' },
        ],
      }),
      'it is fully invoiced',
    ],
    ['invoice NWC-PO-11001 in EUR', orderFixture(), 'you asked for EUR, but the order is in USD'],
    [
      'invoice NWC-PO-11001',
      orderFixture({ 'invoice-stop': true }),
      'the customer set an invoice stop on it',
    ],
    [
      'invoice NWC-PO-11001',
      orderFixture({ status: 'closed' }),
      'it is closed, and only issued orders can be invoiced',
    ],
  ])('refuses "%s" when it would over-invoice or break a rule', (text, order, reason) => {
    const summary = answerText(planInvoiceCreate(contextFor(text, reading(order))));
    expect(summary).toContain('I did not invoice NWC-PO-11001');
    expect(summary).toContain(reason);
  });

  it('explains an API refusal of the draft', () => {
    const text = 'invoice PO NWC-PO-11001';
    const calls = withResults(reading(), planInvoiceCreate(contextFor(text, reading())), () => ({
      error: failure(422, 'validation_failed', 'invoice-number: is already used for this customer'),
    }));
    expect(answerText(planInvoiceCreate(contextFor(text, calls)))).toBe(
      'Creating the invoice for NWC-PO-11001 failed: the API rejected the input (validation_failed): invoice-number: is already used for this customer.',
    );
  });

  it('submits an existing draft, but not an invoice already submitted', () => {
    const text = 'submit invoice NWC-INV-11037';
    expect(plannedCalls(planInvoiceCreate(contextFor(text)))).toEqual([
      { name: 'invoices_show', input: { id: 'NWC-INV-11037' } },
    ]);
    const shownDraft = [{ name: 'invoices_show', input: { id: 'NWC-INV-11037' }, result: draft({ id: 15 }) }];
    expect(plannedCalls(planInvoiceCreate(contextFor(text, shownDraft)))).toEqual([
      { name: 'invoices_submit', input: { id: 15 } },
    ]);
    const shownApproved = [
      { name: 'invoices_show', input: { id: 'NWC-INV-11037' }, result: draft({ status: 'approved' }) },
    ];
    expect(answerText(planInvoiceCreate(contextFor(text, shownApproved)))).toContain(
      'only draft (or disputed) invoices can be submitted',
    );
  });

  it('asks which PO when none is named, and lists what can be invoiced when asked', () => {
    expect(answerText(planInvoiceCreate(contextFor('create an invoice')))).toContain(
      'Which purchase order should I invoice?',
    );
    const text = 'what can I invoice?';
    const calls = withResults([], planInvoiceCreate(contextFor(text)), () => ({
      result: [orderFixture(), orderFixture({ 'po-number': 'NWC-PO-11012', 'invoice-stop': true })],
    }));
    const summary = answerText(planInvoiceCreate(contextFor(text, calls)));
    expect(summary).toContain('1 issued order with quantities left to invoice');
    expect(summary).toContain('NWC-PO-11001 (Globex Manufacturing): USD 1,035.90 left');
  });
});

describe('invoice numbers and remaining quantities', () => {
  it('derives the invoice number from the PO number', () => {
    expect(nextInvoiceNumber('NWC-PO-11001', [])).toBe('NWC-INV-11001-1');
    expect(nextInvoiceNumber('NWC-PO-11001', [{ 'invoice-number': 'NWC-INV-11001-1' }])).toBe(
      'NWC-INV-11001-2',
    );
  });

  it('skips lines that are not open', () => {
    const order = orderFixture({
      'order-lines': [
        { 'line-num': 1, quantity: 10, invoiced: 0, status: 'cancelled' },
        { 'line-num': 2, quantity: 10, invoiced: 4, status: 'open' },
      ],
    });
    expect(remainingLines(order, []).map((line) => [line.line, line.remaining])).toEqual([[2, 6]]);
  });
});
