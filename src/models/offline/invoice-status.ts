import { boundedList, count, describeFailure, humanize } from './answer-writing.ts';
import { daysBetween, invoiceDetails, invoiceHeadline, totalsByCurrency } from './invoice-summary.ts';
import { orderLines } from './order-summary.ts';
import {
  answer,
  call,
  calls,
  callsNamed,
  collected,
  defined,
  failureOf,
  hasCalled,
  type JsonRecord,
  lastCall,
  nextPage,
  recordOf,
  recordsOf,
  resultOf,
} from './plan-helpers.ts';
import type { Planner, PlannerContext, PlanStep } from './planner-types.ts';
import { invoiceNumbersOf, poNumbersOf } from './references.ts';
import { extractAmountFilter, extractCustomerName, extractInvoiceStatus } from './text-extraction.ts';

/**
 * invoice-status: "status of invoice NWC-INV-11035", "when will invoice X be paid", "which
 * invoices are unpaid/overdue/disputed", "invoices for PO NWC-PO-11001", "invoices from Globex".
 */
export const planInvoiceStatus: Planner = (context) => {
  const invoiceNumbers = invoiceNumbersOf(context);
  if (invoiceNumbers.length > 0) return showInvoices(context, invoiceNumbers);
  const poNumbers = poNumbersOf(context);
  if (poNumbers.length > 0) return invoicesOfOrder(context, poNumbers[0]!);
  return listInvoices(context);
};

function showInvoices(context: PlannerContext, numbers: string[]): PlanStep {
  if (!hasCalled(context, 'invoices_show')) {
    return calls(
      `Looking up ${numbers.join(', ')}.`,
      numbers.map((id) => call('invoices_show', { id })),
    );
  }
  return answer(
    callsNamed(context, 'invoices_show')
      .map((executed) => {
        const failure = failureOf(executed);
        if (failure) return `${executed.input.id}: ${describeFailure(failure)}.`;
        return invoiceDetails(recordOf(resultOf(executed)), context.today);
      })
      .join('\n\n'),
  );
}

function invoicesOfOrder(context: PlannerContext, poNumber: string): PlanStep {
  if (!hasCalled(context, 'invoices_list')) {
    const lookups = [call('invoices_list', { po_number: poNumber, limit: 50, offset: 0 })];
    if (context.offered.has('purchase_orders_show'))
      lookups.push(call('purchase_orders_show', { id: poNumber }));
    return calls(`Looking up the invoices of ${poNumber}.`, lookups);
  }
  const listed = lastCall(context, 'invoices_list');
  const failure = failureOf(listed);
  if (failure) return answer(`I could not list the invoices of ${poNumber}: ${describeFailure(failure)}.`);
  const invoices = recordsOf(resultOf(listed));
  const parts = [
    invoices.length === 0
      ? `There are no invoices against ${poNumber}.`
      : `${count(invoices.length, 'invoice')} against ${poNumber}:\n${boundedList(invoices.map(invoiceHeadline))}`,
  ];
  const order = recordOf(resultOf(lastCall(context, 'purchase_orders_show')));
  if (order['po-number']) {
    const lines = orderLines(order).map(
      (line) =>
        `line ${line['line-num']}: ${line.invoiced} of ${line.quantity} invoiced (submitted invoices)`,
    );
    parts.push(`On the order:\n${boundedList(lines)}`);
  }
  return answer(parts.join('\n'));
}

/** The invoice list filters a request names; `overdue` and `unpaid` leave drafts and voided out. */
export function invoiceListQuery(text: string, today: string): JsonRecord {
  const lower = text.toLowerCase();
  const overdue = /\b(overdue|late|past due)\b/.test(lower);
  const unpaid = overdue || /\b(unpaid|not (been )?paid|outstanding|open)\b/.test(lower);
  const paid = !unpaid && /\bpaid\b/.test(lower) && !/\bbe paid\b/.test(lower);
  const status = extractInvoiceStatus(text);
  const amount = extractAmountFilter(text);
  const filters = [
    ...(unpaid && !status ? ['status[not_in]=draft,voided,abandoned'] : []),
    ...(overdue ? [`net-due-date[lt]=${today}`] : []),
    ...(amount ? [`total-with-taxes[${amount.op}]=${amount.amount}`] : []),
  ];
  return defined({
    status,
    paid: unpaid ? false : paid ? true : undefined,
    customer: extractCustomerName(text),
    document_type: unpaid ? 'Invoice' : /\bcredit notes?\b/.test(lower) ? 'Credit Note' : undefined,
    filters: filters.length > 0 ? filters : undefined,
  });
}

function listInvoices(context: PlannerContext): PlanStep {
  const query = invoiceListQuery(context.text, context.today);
  const next = nextPage(context, 'invoices_list', query);
  if (next) return calls('Searching your invoices.', [next]);
  const failure = failureOf(context.calls.at(-1));
  if (failure) return answer(`I could not search your invoices: ${describeFailure(failure)}.`);
  const invoices = collected(context, 'invoices_list', query);
  const scope = describeInvoiceQuery(query);
  if (invoices.length === 0) return answer(`No invoices match (${scope}).`);
  const overdue =
    Array.isArray(query.filters) && query.filters.some((filter) => String(filter).startsWith('net-due-date'));
  const lines = invoices.map((invoice) => {
    const late = daysBetween(String(invoice['net-due-date']), context.today);
    return overdue ? `${invoiceHeadline(invoice)}, ${late} days overdue` : invoiceHeadline(invoice);
  });
  return answer(
    `Found ${count(invoices.length, 'invoice')} (${scope}), together ${totalsByCurrency(invoices)}:\n${boundedList(lines)}`,
  );
}

function describeInvoiceQuery(query: JsonRecord): string {
  const parts = [
    query.status ? `status ${humanize(query.status)}` : undefined,
    query.paid === undefined ? undefined : query.paid ? 'paid' : 'unpaid',
    query.customer ? `customer "${query.customer}"` : undefined,
    query.document_type ? String(query.document_type) : undefined,
    ...(Array.isArray(query.filters) ? query.filters.map(String) : []),
  ].filter((part) => part !== undefined);
  return parts.length > 0 ? parts.join(', ') : 'all invoices';
}
