import { describe, expect, it } from 'vitest';
import { invoiceListQuery, planInvoiceStatus } from './invoice-status.ts';
import {
  answerText,
  contextFor,
  failure,
  invoiceFixture,
  orderFixture,
  plannedCalls,
  withResults,
} from './planner-test-kit.ts';

const showing = (invoice: Record<string, unknown>) => [
  { name: 'invoices_show', input: { id: invoice['invoice-number'] }, result: invoice },
];

describe('invoice-status planner', () => {
  it('shows the invoice named, then states status, amounts and dispute', () => {
    const text = 'status of invoice NWC-INV-11035';
    expect(plannedCalls(planInvoiceStatus(contextFor(text)))).toEqual([
      { name: 'invoices_show', input: { id: 'NWC-INV-11035' } },
    ]);
    const disputed = invoiceFixture({
      status: 'disputed',
      'dispute-reasons': [
        { code: 'PRICE_MISMATCH', description: 'Unit price differs from the purchase order' },
      ],
      comments: [{ comment: 'Please correct and resubmit.' }],
    });
    const summary = answerText(planInvoiceStatus(contextFor(text, showing(disputed))));
    expect(summary).toContain(
      'NWC-INV-11035 (Globex Manufacturing, PO NWC-PO-11017), disputed, unpaid, total USD 696.35',
    );
    expect(summary).toContain(
      'The customer disputes it (PRICE_MISMATCH: Unit price differs from the purchase order)',
    );
    expect(summary).toContain('It has 1 comment(s)');
  });

  it.each([
    [
      {
        paid: true,
        'payment-date': '2026-08-08',
        payments: [{ 'amount-paid': 696.35, 'payment-date': '2026-08-08' }],
      },
      'It was paid on 2026-08-08 (USD 696.35 on 2026-08-08).',
    ],
    [
      { status: 'approved', 'net-due-date': '2026-12-20' },
      'The customer approved it; payment is due by 2026-12-20 (Net 30).',
    ],
    [
      { status: 'approved', 'net-due-date': '2026-11-08' },
      'its due date 2026-11-08 (Net 30) passed 26 days ago, so it is overdue.',
    ],
    [
      { status: 'pending_approval', 'net-due-date': '2026-12-20' },
      'It is pending approval, not approved yet',
    ],
    [{ status: 'draft' }, 'It is a draft: the customer has not received it'],
    [{ status: 'voided' }, 'It is voided: it will not be paid.'],
  ])('says when invoice %j will be paid', (overrides, expected) => {
    const text = 'when will invoice NWC-INV-11035 be paid?';
    expect(answerText(planInvoiceStatus(contextFor(text, showing(invoiceFixture(overrides)))))).toContain(
      expected,
    );
  });

  it('explains an invoice that is not found', () => {
    const text = 'status of invoice BPO-INV-12001';
    const calls = withResults([], planInvoiceStatus(contextFor(text)), () => ({
      error: failure(404, 'not_found', 'No results match your search criteria.'),
    }));
    expect(answerText(planInvoiceStatus(contextFor(text, calls)))).toBe(
      'BPO-INV-12001: not found: it does not exist or is not one of your records (not_found).',
    );
  });

  it('builds the filters of unpaid, overdue, disputed and large-invoice questions', () => {
    expect(invoiceListQuery('which invoices are unpaid?', '2026-12-04')).toEqual({
      paid: false,
      document_type: 'Invoice',
      filters: ['status[not_in]=draft,voided,abandoned'],
    });
    expect(invoiceListQuery('which invoices from Globex are overdue?', '2026-12-04')).toEqual({
      paid: false,
      customer: 'Globex',
      document_type: 'Invoice',
      filters: ['status[not_in]=draft,voided,abandoned', 'net-due-date[lt]=2026-12-04'],
    });
    expect(invoiceListQuery('disputed invoices', '2026-12-04')).toEqual({ status: 'disputed' });
    expect(invoiceListQuery('paid invoices over 1000', '2026-12-04')).toEqual({
      paid: true,
      filters: ['total-with-taxes[gt]=1000'],
    });
  });

  it('lists overdue invoices with days overdue and totals per currency', () => {
    const text = 'which invoices are overdue?';
    const first = planInvoiceStatus(contextFor(text));
    const calls = withResults([], first, () => ({
      result: [
        invoiceFixture({
          'invoice-number': 'NWC-INV-1',
          'net-due-date': '2026-11-04',
          'total-with-taxes': 100,
        }),
        invoiceFixture({
          'invoice-number': 'NWC-INV-2',
          'net-due-date': '2026-12-01',
          'total-with-taxes': 50.5,
        }),
      ],
    }));
    const summary = answerText(planInvoiceStatus(contextFor(text, calls)));
    expect(summary).toContain('Found 2 invoices');
    expect(summary).toContain('together USD 150.50');
    expect(summary).toContain(
      'NWC-INV-1 (Globex Manufacturing, PO NWC-PO-11017), approved, unpaid, total USD 100.00, due 2026-11-04, 30 days overdue',
    );
  });

  it('answers for a PO with its invoices and its invoiced quantities', () => {
    const text = 'which invoices do I have for NWC-PO-11001?';
    const first = plannedCalls(planInvoiceStatus(contextFor(text)));
    expect(first.map((call) => call.name)).toEqual(['invoices_list', 'purchase_orders_show']);
    const calls = withResults([], { kind: 'calls', note: '', calls: first }, (call) =>
      call.name === 'invoices_list'
        ? { result: [invoiceFixture({ 'po-number': 'NWC-PO-11001' })] }
        : { result: orderFixture() },
    );
    const summary = answerText(planInvoiceStatus(contextFor(text, calls)));
    expect(summary).toContain('1 invoice against NWC-PO-11001');
    expect(summary).toContain('line 1: 89 of 179 invoiced');
  });

  it('does without purchase_orders_show when it is not offered', () => {
    const context = contextFor('invoices for NWC-PO-11001', [], {
      offered: ['invoices_list', 'invoices_show'],
    });
    expect(plannedCalls(planInvoiceStatus(context)).map((call) => call.name)).toEqual(['invoices_list']);
  });
});
