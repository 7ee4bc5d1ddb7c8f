import { bulletList, formatDate, formatMoney, humanize } from './answer-writing.ts';
import { type JsonRecord, recordOf, recordsOf } from './plan-helpers.ts';

/** How the demo model words invoices (shared by the invoice skills). */

export function invoiceHeadline(invoice: JsonRecord): string {
  const paid = invoice.paid === true ? `paid ${formatDate(invoice['payment-date'])}` : 'unpaid';
  return [
    `${invoice['invoice-number']} (${recordOf(invoice.customer).name ?? 'unknown customer'}, PO ${invoice['po-number']})`,
    humanize(invoice.status),
    paid,
    `total ${formatMoney(invoice['total-with-taxes'], invoice.currency)}`,
    `due ${formatDate(invoice['net-due-date'])}`,
  ].join(', ');
}

/** Whole days from `from` to `to` (both `YYYY-MM-DD`). */
export function daysBetween(from: string, to: string): number {
  return Math.round(
    (Date.parse(`${to.slice(0, 10)}T00:00:00Z`) - Date.parse(`${from.slice(0, 10)}T00:00:00Z`)) / 86_400_000,
  );
}

/** When the invoice will be (or was) paid, from its status, payments and due date. */
export function paymentOutlook(invoice: JsonRecord, today: string): string {
  const due = formatDate(invoice['net-due-date']);
  const term = recordOf(invoice['payment-term']).code ?? 'its payment term';
  const status = String(invoice.status);
  if (invoice.paid === true) {
    const payments = recordsOf(invoice.payments)
      .map(
        (payment) =>
          `${formatMoney(payment['amount-paid'], invoice.currency)} on ${formatDate(payment['payment-date'])}`,
      )
      .join(', ');
    return `It was paid on ${formatDate(invoice['payment-date'])}${payments ? ` (${payments})` : ''}.`;
  }
  if (status === 'draft')
    return 'It is a draft: the customer has not received it, so it will not be paid until you submit it.';
  if (status === 'voided' || status === 'abandoned') return `It is ${status}: it will not be paid.`;
  if (status === 'disputed') {
    const reasons = recordsOf(invoice['dispute-reasons']).map(
      (reason) => `${reason.code}: ${reason.description}`,
    );
    return `The customer disputes it${reasons.length > 0 ? ` (${reasons.join('; ')})` : ''}: it will not be paid until it is corrected and resubmitted.`;
  }
  const late = daysBetween(due, today);
  const dueText =
    late > 0 ? `its due date ${due} (${term}) passed ${late} days ago` : `payment is due by ${due} (${term})`;
  if (status === 'approved')
    return `The customer approved it; ${dueText}${late > 0 ? ', so it is overdue' : ''}.`;
  return `It is ${humanize(status)}, not approved yet, and the customer pays only approved invoices; ${dueText}.`;
}

export function invoiceDetails(invoice: JsonRecord, today: string): string {
  const lines = recordsOf(invoice['invoice-lines']).map(
    (line) =>
      `line ${line['line-num']} (PO line ${line['order-line-num']}): ${line.description}, ${line.quantity} x ${formatMoney(line.price)} = ${formatMoney(line.total)}`,
  );
  const comments = recordsOf(invoice.comments).length;
  return [
    `${invoiceHeadline(invoice)}.`,
    `Invoice date ${formatDate(invoice['invoice-date'])}; gross ${formatMoney(invoice['gross-total'], invoice.currency)}, tax ${formatMoney(invoice['tax-amount'], invoice.currency)}, shipping ${formatMoney(invoice['shipping-amount'], invoice.currency)}.`,
    paymentOutlook(invoice, today),
    comments > 0 ? `It has ${comments} comment(s) on the portal.` : undefined,
    lines.length > 0 ? bulletList(lines) : undefined,
  ]
    .filter((part) => part !== undefined)
    .join('\n');
}

/** `USD 1,200.00 + EUR 300.00`: totals per currency. */
export function totalsByCurrency(invoices: readonly JsonRecord[]): string {
  const totals = new Map<string, number>();
  for (const invoice of invoices) {
    const currency = String(invoice.currency ?? '');
    totals.set(
      currency,
      Math.round(((totals.get(currency) ?? 0) + Number(invoice['total-with-taxes'] ?? 0)) * 100) / 100,
    );
  }
  return [...totals].map(([currency, total]) => formatMoney(total, currency)).join(' + ');
}
