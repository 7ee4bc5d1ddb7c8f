import { describe, expect, it } from 'vitest';
import { netDueDate, paymentTermDays } from './due-date.ts';
import { amountOutstanding, withTotals } from './totals.ts';
import type { InvoiceLine } from './types.ts';

const lines = (...pairs: [number, number][]) =>
  pairs.map(([quantity, price]) => ({ quantity, price, total: 0 }) as InvoiceLine);

describe('withTotals', () => {
  it('taxes the goods and adds shipping and handling after tax', () => {
    const invoice = withTotals({
      'invoice-lines': lines([3, 12.5], [2, 0.335]),
      'tax-rate': 0.0825,
      'shipping-amount': 25,
      'handling-amount': 5,
    });
    expect(invoice['invoice-lines'].map((line) => line.total)).toEqual([37.5, 0.67]);
    expect(invoice['gross-total']).toBe(38.17);
    expect(invoice['tax-amount']).toBe(3.15);
    expect(invoice['total-with-taxes']).toBe(71.32);
  });

  it('comes out negative for a credit note', () => {
    const credit = withTotals({
      'invoice-lines': lines([-4, 12.5]),
      'tax-rate': 0.1,
      'shipping-amount': 0,
      'handling-amount': 0,
    });
    expect(credit['total-with-taxes']).toBe(-55);
  });
});

describe('amountOutstanding', () => {
  it('is the total less the payments so far', () => {
    const payment = { 'payment-date': '2026-07-01', notes: null };
    const payments = [
      { ...payment, 'amount-paid': 10.1 },
      { ...payment, 'amount-paid': 0.2 },
    ];
    expect(amountOutstanding({ 'total-with-taxes': 20, payments })).toBe(9.7);
  });
});

describe('due dates', () => {
  it('reads the days of a payment term, and adds them across month ends', () => {
    expect(paymentTermDays('Net 45')).toBe(45);
    expect(paymentTermDays('Due on receipt')).toBe(0);
    expect(netDueDate('2026-01-31', { code: 'Net 30' })).toBe('2026-03-02');
  });
});
