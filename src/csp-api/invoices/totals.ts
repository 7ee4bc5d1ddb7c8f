import { cents } from '../seed/random.ts';
import type { Invoice, InvoiceLine } from './types.ts';

/** Quantities keep four decimals (hours, kilograms), so repeated additions do not drift. */
export const roundQuantity = (quantity: number): number => Math.round(quantity * 10_000) / 10_000;

export type InvoiceAmounts = Pick<
  Invoice,
  'invoice-lines' | 'tax-rate' | 'shipping-amount' | 'handling-amount'
>;

export type InvoiceTotals = Pick<Invoice, 'gross-total' | 'tax-amount' | 'total-with-taxes'>;

/**
 * Line totals, gross total, tax and total with taxes, recomputed from quantities and prices. Tax is
 * charged on the goods only (as the seed does), shipping and handling are added after tax. Credit
 * notes carry negative quantities, so their totals come out negative.
 */
export function withTotals<T extends InvoiceAmounts>(invoice: T): T & InvoiceTotals {
  const lines: InvoiceLine[] = invoice['invoice-lines'].map((line) => ({
    ...line,
    total: cents(line.quantity * line.price),
  }));
  const gross = cents(lines.reduce((sum, line) => sum + line.total, 0));
  const tax = cents(gross * invoice['tax-rate']);
  return {
    ...invoice,
    'invoice-lines': lines,
    'gross-total': gross,
    'tax-amount': tax,
    'total-with-taxes': cents(gross + tax + invoice['shipping-amount'] + invoice['handling-amount']),
  };
}

/** What is still owed on an invoice after the payments recorded so far. */
export function amountOutstanding(invoice: Pick<Invoice, 'total-with-taxes' | 'payments'>): number {
  const paid = invoice.payments.reduce((sum, payment) => sum + payment['amount-paid'], 0);
  return cents(invoice['total-with-taxes'] - paid);
}
