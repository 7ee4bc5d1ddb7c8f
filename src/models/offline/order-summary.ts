import { formatDate, formatMoney, humanize } from './answer-writing.ts';
import { type JsonRecord, recordOf, recordsOf } from './plan-helpers.ts';

/** How the demo model words purchase orders and PO changes (shared by the order skills). */

export const customerName = (record: JsonRecord): string =>
  String(recordOf(record.customer).name ?? 'unknown customer');

export function orderLines(order: JsonRecord): JsonRecord[] {
  return recordsOf(order['order-lines']);
}

/** One line per order: number, customer, status, confirmation, acknowledgement, total. */
export function orderHeadline(order: JsonRecord): string {
  const acknowledged = order['acknowledged-flag'] === true ? 'acknowledged' : 'not acknowledged';
  return [
    `${order['po-number']} (${customerName(order)})`,
    `status ${humanize(order.status)}`,
    `confirmation ${humanize(order['confirmation-status'])}`,
    acknowledged,
    `total ${formatMoney(order.total, order.currency)}`,
  ].join(', ');
}

export function orderLineText(line: JsonRecord): string {
  const unit = String(recordOf(line.uom).code ?? '');
  return [
    `line ${line['line-num']}: ${line.description} (${line['source-part-num']})`,
    `${line.quantity} ${unit} at ${formatMoney(line.price)}`,
    `received ${line.received}, invoiced ${line.invoiced}`,
    `need by ${formatDate(line['need-by-date'])}`,
    humanize(line.status),
  ].join(', ');
}

/** The order in full: headline, then its lines. */
export function orderDetails(order: JsonRecord): string {
  const lines = orderLines(order).map((line) => `  - ${orderLineText(line)}`);
  const stop =
    order['invoice-stop'] === true ? '\n  (invoice stop: the customer does not accept invoices on it)' : '';
  return `${orderHeadline(order)}. Created ${formatDate(order['created-at'])}, payment term ${
    recordOf(order['payment-term']).code ?? 'unknown'
  }.${stop}\n${lines.join('\n')}`;
}

export function changeText(change: JsonRecord): string {
  const lines = recordsOf(change['order-line-changes']).map((line) => {
    const parts = [
      line.quantity === undefined ? undefined : `quantity ${line.quantity}`,
      line.price === undefined ? undefined : `price ${formatMoney(line.price)}`,
      line['need-by-date'] === undefined ? undefined : `need-by ${formatDate(line['need-by-date'])}`,
    ].filter((part) => part !== undefined);
    return `line ${line['line-num']}: ${parts.join(', ')}`;
  });
  const cancel = change['pending-cancel'] === true ? 'cancel the order' : lines.join('; ');
  const rejected = change['reject-reason'] ? ` (buyer's reason: ${change['reject-reason']})` : '';
  return `change ${change.id} on ${change['po-number']} (${customerName(change)}): ${humanize(change.status)}${rejected}, proposed ${formatDate(change['created-at'])}: ${cancel || 'no line changes'}`;
}
