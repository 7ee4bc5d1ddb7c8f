import { describe, expect, it } from 'vitest';
import type { PurchaseOrder } from '../orders/types.ts';
import { creditLimits, excessErrors, invoiceLimits } from './quantity-checks.ts';
import type { Invoice } from './types.ts';

const order = {
  id: 7,
  'order-lines': [
    { 'line-num': 1, quantity: 10, invoiced: 4 },
    { 'line-num': 2, quantity: 2.5, invoiced: 2.5 },
  ],
} as PurchaseOrder;

const document = (...lines: [number, number][]) =>
  ({
    'invoice-lines': lines.map(([orderLine, quantity]) => ({ 'order-line-num': orderLine, quantity })),
  }) as Invoice;

describe('invoiceLimits', () => {
  it('is ordered minus invoiced per line', () => {
    expect(invoiceLimits(order)).toEqual(
      new Map([
        [1, 6],
        [2, 0],
      ]),
    );
  });
});

describe('excessErrors', () => {
  const field = (index: number) => `lines[${index}].quantity`;

  it('allows exactly what is left', () => {
    expect(excessErrors(document([1, 6])['invoice-lines'], invoiceLimits(order), 'invoice', field)).toEqual(
      {},
    );
  });

  it('adds up several lines on the same order line', () => {
    const lines = document([1, 4], [1, 3])['invoice-lines'];
    expect(excessErrors(lines, invoiceLimits(order), 'invoice', field)).toEqual({
      'lines[0].quantity': ['exceeds the 6 left to invoice on order line 1'],
      'lines[1].quantity': ['exceeds the 6 left to invoice on order line 1'],
    });
  });

  it('treats an order line without a limit as having nothing left', () => {
    expect(excessErrors(document([9, 1])['invoice-lines'], invoiceLimits(order), 'invoice', field)).toEqual({
      'lines[0].quantity': ['exceeds the 0 left to invoice on order line 9'],
    });
  });
});

describe('creditLimits', () => {
  it('is what the original invoiced less earlier credits, capped at what the line has invoiced', () => {
    const original = document([1, 4], [2, 2.5]);
    const earlier = [document([1, -1])];
    expect(creditLimits(original, order, earlier)).toEqual(
      new Map([
        [1, 3],
        [2, 2.5],
      ]),
    );
    const reduced = {
      ...order,
      'order-lines': [{ 'line-num': 1, quantity: 10, invoiced: 2 }],
    } as PurchaseOrder;
    expect(creditLimits(original, reduced, earlier).get(1)).toBe(2);
  });
});
