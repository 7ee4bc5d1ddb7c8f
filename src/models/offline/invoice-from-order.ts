import { boundedList, describeFailure, formatDate, formatMoney, humanize } from './answer-writing.ts';
import { nextInvoiceNumber, type RemainingLine, remainingLines } from './invoice-remaining.ts';
import {
  answer,
  call,
  calls,
  defined,
  failureOf,
  hasCalled,
  type JsonRecord,
  lastCall,
  recordOf,
  recordsOf,
  resultOf,
} from './plan-helpers.ts';
import type { PlannerContext, PlanStep } from './planner-types.ts';
import {
  asksToSubmit,
  extractCurrency,
  extractDates,
  extractInvoiceNumbers,
  extractLineQuantities,
} from './text-extraction.ts';

/**
 * Invoices one order: reads it and its invoices, refuses what would over-invoice (or bill in
 * another currency), creates the draft, and submits it only when asked.
 */
export function planInvoiceFromOrder(context: PlannerContext, poNumber: string): PlanStep {
  if (!hasCalled(context, 'purchase_orders_show')) {
    return calls(`Reading ${poNumber} and the invoices already made against it.`, [
      call('purchase_orders_show', { id: poNumber }),
      call('invoices_list', { po_number: poNumber, limit: 50, offset: 0 }),
    ]);
  }
  const created = lastCall(context, 'invoices_create_from_po');
  if (created) return afterCreate(context, poNumber);
  const shown = lastCall(context, 'purchase_orders_show');
  const showFailure = failureOf(shown);
  if (showFailure) return answer(`${poNumber}: ${describeFailure(showFailure)}.`);
  const listed = lastCall(context, 'invoices_list');
  const listFailure = failureOf(listed);
  if (listFailure) {
    return answer(
      `I did not invoice ${poNumber}: I could not check its existing invoices (${describeFailure(listFailure)}).`,
    );
  }
  return createDraft(context, recordOf(resultOf(shown)), recordsOf(resultOf(listed)));
}

function createDraft(context: PlannerContext, order: JsonRecord, invoices: JsonRecord[]): PlanStep {
  const number = String(order['po-number']);
  const refusal = orderRefusal(context.text, order);
  if (refusal) return answer(`I did not invoice ${number}: ${refusal}`);
  const remaining = remainingLines(order, invoices);
  const requested = extractLineQuantities(context.text);
  const lines =
    requested.length > 0
      ? requested.map(({ line, value }) => ({ line_num: line, quantity: value }))
      : remaining
          .filter((line) => line.remaining > 0)
          .map((line) => ({ line_num: line.line, quantity: line.remaining }));
  const problems = requested.flatMap(({ line, value }) => {
    const open = remaining.find((candidate) => candidate.line === line);
    if (!open) return [`${number} has no open line ${line}`];
    return value > open.remaining
      ? [`line ${line}: ${value} asked, but only ${open.remaining} remain (${remainingText(open)})`]
      : [];
  });
  if (problems.length > 0)
    return answer(
      `I did not invoice ${number}; the quantities exceed what remains:\n${boundedList(problems)}`,
    );
  if (lines.length === 0) {
    return answer(
      `I did not invoice ${number}: it is fully invoiced.\n${boundedList(remaining.map((line) => `line ${line.line}: ${remainingText(line)}`))}`,
    );
  }
  const invoiceNumber =
    extractInvoiceNumbers(context.text).find((candidate) => candidate.toUpperCase() !== number) ??
    nextInvoiceNumber(number, invoices);
  return calls(`Creating draft invoice ${invoiceNumber} from ${number}.`, [
    call(
      'invoices_create_from_po',
      defined({
        po: number,
        invoice_number: invoiceNumber,
        invoice_date: extractDates(context.text)[0],
        lines,
      }),
    ),
  ]);
}

function remainingText(line: RemainingLine): string {
  const drafts = line.inDrafts > 0 ? `, ${line.inDrafts} on draft invoices` : '';
  return `ordered ${line.ordered}, invoiced ${line.invoiced}${drafts}, ${line.remaining} left`;
}

/** Why the order cannot be invoiced as asked, if it cannot. */
function orderRefusal(text: string, order: JsonRecord): string | undefined {
  if (order.status !== 'issued')
    return `it is ${humanize(order.status)}, and only issued orders can be invoiced.`;
  if (order['invoice-stop'] === true)
    return 'the customer set an invoice stop on it, so it does not accept invoices.';
  const currency = extractCurrency(text);
  if (currency && currency !== order.currency) {
    return `you asked for ${currency}, but the order is in ${order.currency}; an invoice must be in the order's currency.`;
  }
  return undefined;
}

function afterCreate(context: PlannerContext, poNumber: string): PlanStep {
  const created = lastCall(context, 'invoices_create_from_po')!;
  const failure = failureOf(created);
  if (failure) return answer(`Creating the invoice for ${poNumber} failed: ${describeFailure(failure)}.`);
  const invoice = recordOf(resultOf(created));
  const submitted = lastCall(context, 'invoices_submit');
  if (asksToSubmit(context.text) && !submitted) {
    return calls(`Submitting ${invoice['invoice-number']}.`, [
      call('invoices_submit', { id: invoice.id ?? invoice['invoice-number'] }),
    ]);
  }
  const draft = describeInvoice(invoice, poNumber);
  if (!submitted) {
    return answer(
      `${draft}\nIt is a draft and was not submitted: say "submit invoice ${invoice['invoice-number']}" to send it to the customer.`,
    );
  }
  const submitFailure = failureOf(submitted);
  if (submitFailure)
    return answer(`${draft}\nSubmitting it failed: ${describeFailure(submitFailure)}. It stays a draft.`);
  const result = recordOf(resultOf(submitted));
  return answer(`${draft}\nSubmitted: it is now ${humanize(result.status)}.`);
}

function describeInvoice(invoice: JsonRecord, poNumber: string): string {
  const lines = recordsOf(invoice['invoice-lines']).map(
    (line) =>
      `PO line ${line['order-line-num']}: ${line.description}, ${line.quantity} x ${formatMoney(line.price)} = ${formatMoney(line.total)}`,
  );
  return [
    `Created invoice ${invoice['invoice-number']} for ${poNumber} (${recordOf(invoice.customer).name ?? 'customer'}), dated ${formatDate(invoice['invoice-date'])}:`,
    boundedList(lines),
    `Gross ${formatMoney(invoice['gross-total'], invoice.currency)}, tax ${formatMoney(invoice['tax-amount'], invoice.currency)}, total ${formatMoney(invoice['total-with-taxes'], invoice.currency)}; due ${formatDate(invoice['net-due-date'])}.`,
  ].join('\n');
}
