import { validationError } from '../../errors/index.ts';
import { illegalTransition, parseBody } from '../http/body.ts';
import { findForBuyer } from '../http/buyer-lookup.ts';
import type { RouteKit } from '../http/route-kit.ts';
import { cents } from '../seed/random.ts';
import { today } from './due-date.ts';
import { paymentBody } from './schemas.ts';
import { amountOutstanding } from './totals.ts';
import type { StoredInvoice } from './types.ts';

/**
 * `PUT /sim/invoices/:id/pay`: the customer pays an approved invoice, in full by default. Partial
 * payments accumulate in `payments`; `paid` turns true once nothing is outstanding.
 */
export function registerSimInvoicePayments(kit: RouteKit): void {
  const { invoices } = kit.stores;
  kit.buyer('PUT', '/sim/invoices/:id/pay', (request) => {
    const { supplierId, doc: invoice } = findForBuyer(invoices, request.params.id);
    const body = parseBody(paymentBody, request.body ?? {});
    if (invoice['document-type'] !== 'Invoice') throw illegalTransition('A credit note is not paid.');
    if (invoice.status !== 'approved' || invoice.paid) {
      throw illegalTransition(
        invoice.paid
          ? 'The invoice is already paid.'
          : `A ${invoice.status} invoice cannot be paid: approve it first.`,
      );
    }
    const outstanding = amountOutstanding(invoice);
    const amount = cents(body.amount ?? outstanding);
    if (amount > outstanding) throw validationError({ amount: [`exceeds the ${outstanding} outstanding`] });
    const paymentDate = body['payment-date'] ?? today(request.now);
    const notes = body.notes ?? null;
    const paidInFull = amount >= outstanding;
    const paid: StoredInvoice = {
      ...invoice,
      payments: [...invoice.payments, { 'amount-paid': amount, 'payment-date': paymentDate, notes }],
      paid: paidInFull,
      'payment-date': paidInFull ? paymentDate : invoice['payment-date'],
      'payment-notes': paidInFull ? notes : invoice['payment-notes'],
      'updated-at': request.now.toISOString(),
    };
    return { body: invoices.update(supplierId, paid) };
  });
}
