import type { FieldErrors } from '../../errors/index.ts';
import { cents } from '../seed/random.ts';
import type { OrderLine, PurchaseOrder } from './types.ts';

export const findLine = (order: PurchaseOrder, lineNumber: number): OrderLine | undefined =>
  order['order-lines'].find((line) => line['line-num'] === lineNumber);

/** Line totals and the order total, recomputed after quantities or prices changed. */
export function withOrderTotals<T extends PurchaseOrder>(order: T): T {
  const lines = order['order-lines'].map((line) => ({ ...line, total: cents(line.quantity * line.price) }));
  return {
    ...order,
    'order-lines': lines,
    total: cents(lines.reduce((sum, line) => sum + line.total, 0)),
  };
}

/**
 * Field errors for line numbers named in a request: each must exist on the order, be open, and be
 * named once. `fieldOf(index)` is the request field of the index-th line (`lines[2].line-num`).
 */
export function lineNumberErrors(
  order: PurchaseOrder,
  lineNumbers: readonly number[],
  fieldOf: (index: number) => string,
): FieldErrors {
  const errors: FieldErrors = {};
  const seen = new Set<number>();
  lineNumbers.forEach((lineNumber, index) => {
    const line = findLine(order, lineNumber);
    const problem = !line
      ? 'does not exist on this order'
      : line.status !== 'open'
        ? `is a ${line.status} line`
        : seen.has(lineNumber)
          ? 'appears more than once'
          : undefined;
    seen.add(lineNumber);
    if (problem) errors[fieldOf(index)] = [problem];
  });
  return errors;
}

export const hasErrors = (errors: FieldErrors): boolean => Object.keys(errors).length > 0;
