import type { PurchaseOrder } from '../orders/types.ts';
import { roundQuantity } from './totals.ts';
import type { Invoice } from './types.ts';

/**
 * Adds an invoice's quantities to its order lines' `invoiced` (`direction` 1, on submit) or takes
 * them off again (-1, on void). Credit notes carry negative quantities, so submitting one reduces
 * what is invoiced and voiding it restores it.
 */
export function applyInvoicedQuantities<T extends PurchaseOrder>(
  order: T,
  invoice: Pick<Invoice, 'invoice-lines'>,
  direction: 1 | -1,
): T {
  const change = new Map<number, number>();
  for (const line of invoice['invoice-lines']) {
    change.set(line['order-line-num'], (change.get(line['order-line-num']) ?? 0) + direction * line.quantity);
  }
  return {
    ...order,
    'order-lines': order['order-lines'].map((line) => {
      const delta = change.get(line['line-num']);
      return delta === undefined ? line : { ...line, invoiced: roundQuantity(line.invoiced + delta) };
    }),
  };
}
