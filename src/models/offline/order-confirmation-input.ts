import { openLineNumbers, requestedLineChanges } from './order-line-changes.ts';
import { defined, type JsonRecord } from './plan-helpers.ts';
import { extractReason } from './text-extraction.ts';

/**
 * The `purchase_orders_confirm` input for a request: a rejection, or a line-level confirmation of
 * the order's own open lines, each accepted as ordered unless the request changes it (then that
 * line proposes the change).
 */
export function orderConfirmationInput(text: string, order: JsonRecord): JsonRecord {
  const id = order['po-number'];
  const reason = extractReason(text);
  if (/\b(reject|decline)\b/i.test(text)) {
    const code = /\breason code\s*:?\s*([A-Za-z0-9_-]+)/i.exec(text)?.[1] ?? 'supplier_declined';
    return defined({ id, action: 'reject', reason_code: code, comment: reason });
  }
  const open = openLineNumbers(order);
  if (open.length === 0) return defined({ id, action: 'accept', comment: reason });
  const changes = new Map(requestedLineChanges(text, order).map((change) => [change.line, change]));
  const lines = open.map((line) => {
    const change = changes.get(line);
    if (!change) return { line_num: line, action: 'accept' };
    return defined({
      line_num: line,
      action: 'propose_change',
      quantity: change.quantity,
      price: change.price,
      promised_date: change.date,
    });
  });
  return defined({ id, action: 'line_level', comment: reason, lines });
}
