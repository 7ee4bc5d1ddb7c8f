import { boundedList, count, describeFailure, formatMoney, humanize } from './answer-writing.ts';
import { planInvoiceFromOrder } from './invoice-from-order.ts';
import { invoiceHeadline } from './invoice-summary.ts';
import {
  answer,
  call,
  calls,
  collected,
  failureOf,
  hasCalled,
  lastCall,
  nextPage,
  recordOf,
  recordsOf,
  resultOf,
} from './plan-helpers.ts';
import type { Planner, PlannerContext, PlanStep } from './planner-types.ts';
import { invoiceNumbersOf, poNumbersOf } from './references.ts';
import { asksToSubmit } from './text-extraction.ts';

/**
 * invoice-create: "invoice PO NWC-PO-11001", "create an invoice for PO X and submit it", "invoice
 * 20 of line 1 of PO X", "submit invoice NWC-INV-11037", "what can I invoice?".
 */
export const planInvoiceCreate: Planner = (context) => {
  const poNumbers = poNumbersOf(context);
  if (poNumbers.length > 0) return planInvoiceFromOrder(context, poNumbers[0]!);
  const invoiceNumbers = invoiceNumbersOf(context);
  if (invoiceNumbers.length > 0 && asksToSubmit(context.text))
    return submitExisting(context, invoiceNumbers[0]!);
  return listInvoiceable(context);
};

function submitExisting(context: PlannerContext, number: string): PlanStep {
  if (!hasCalled(context, 'invoices_show'))
    return calls(`Reading ${number}.`, [call('invoices_show', { id: number })]);
  const shown = lastCall(context, 'invoices_show');
  const failure = failureOf(shown);
  if (failure) return answer(`${number}: ${describeFailure(failure)}.`);
  const invoice = recordOf(resultOf(shown));
  const submitted = lastCall(context, 'invoices_submit');
  if (!submitted) {
    if (invoice.status !== 'draft' && invoice.status !== 'disputed') {
      return answer(
        `${number} is ${humanize(invoice.status)}: only draft (or disputed) invoices can be submitted. ${invoiceHeadline(invoice)}.`,
      );
    }
    return calls(`Submitting ${number}.`, [call('invoices_submit', { id: invoice.id ?? number })]);
  }
  const submitFailure = failureOf(submitted);
  if (submitFailure) return answer(`Submitting ${number} failed: ${describeFailure(submitFailure)}.`);
  const result = recordOf(resultOf(submitted));
  return answer(
    `Submitted ${number} to ${recordOf(result.customer).name ?? 'the customer'}: it is now ${humanize(result.status)}, total ${formatMoney(result['total-with-taxes'], result.currency)}.`,
  );
}

function listInvoiceable(context: PlannerContext): PlanStep {
  if (!/\b(what|which|anything|can i|ready)\b/i.test(context.text)) {
    return answer(
      'Which purchase order should I invoice? Name it by number, e.g. "invoice PO NWC-PO-11001".',
    );
  }
  const query = { status: 'issued' };
  const next = nextPage(context, 'purchase_orders_list', query);
  if (next) return calls('Finding issued orders with quantities left to invoice.', [next]);
  const failure = failureOf(context.calls.at(-1));
  if (failure) return answer(`I could not search your orders: ${describeFailure(failure)}.`);
  const candidates = collected(context, 'purchase_orders_list', query)
    .filter((order) => order['invoice-stop'] !== true)
    .map((order) => {
      const left = recordsOf(order['order-lines']).reduce(
        (sum, line) => sum + Math.max(0, Number(line.quantity) - Number(line.invoiced)) * Number(line.price),
        0,
      );
      return { order, left };
    })
    .filter(({ left }) => left > 0);
  if (candidates.length === 0) return answer('No issued order has anything left to invoice.');
  return answer(
    `${count(candidates.length, 'issued order')} with quantities left to invoice (before tax, drafts not counted):\n${boundedList(
      candidates.map(
        ({ order, left }) =>
          `${order['po-number']} (${recordOf(order.customer).name}): ${formatMoney(Math.round(left * 100) / 100, order.currency)} left`,
      ),
    )}\nSay "invoice PO <number>" to create a draft.`,
  );
}
