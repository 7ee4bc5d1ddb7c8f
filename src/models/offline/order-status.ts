import { boundedList, count, describeFailure, humanize } from './answer-writing.ts';
import { changeText, customerName, orderDetails, orderHeadline } from './order-summary.ts';
import {
  answer,
  call,
  calls,
  collected,
  defined,
  failureOf,
  hasCalled,
  type JsonRecord,
  nextPage,
  recordOf,
  recordsOf,
  resultOf,
} from './plan-helpers.ts';
import type { Planner, PlannerContext, PlanStep } from './planner-types.ts';
import { poNumbersOf } from './references.ts';
import { extractAmountFilter, extractCustomerName, extractOrderStatus } from './text-extraction.ts';

/**
 * order-status: "status of PO NWC-PO-11001", "list my open orders", "orders from Globex",
 * "any change requests pending?", "which customers do I have?".
 */
export const planOrderStatus: Planner = (context) => {
  const poNumbers = poNumbersOf(context);
  if (poNumbers.length > 0) return showOrders(context, poNumbers);
  if (/\bchange(s| requests?)?\b|\bproposed\b/i.test(context.text)) return listChanges(context);
  if (
    /\bcustomers\b|\bbuyers\b|\bwho do (i|we) (sell|supply)/i.test(context.text) &&
    !/\borders?\b|\bpos?\b/i.test(context.text)
  ) {
    return listCustomers(context);
  }
  return listOrders(context);
};

function showOrders(context: PlannerContext, poNumbers: string[]): PlanStep {
  const wantsChanges = /\bchange/i.test(context.text);
  if (!hasCalled(context, 'purchase_orders_show')) {
    return calls(`Looking up ${poNumbers.join(', ')}.`, [
      ...poNumbers.map((id) => call('purchase_orders_show', { id })),
      ...(wantsChanges ? poNumbers.map((po) => call('purchase_order_changes_list', { po_number: po })) : []),
    ]);
  }
  const parts = context.calls
    .filter((executed) => executed.name === 'purchase_orders_show')
    .map((executed) => {
      const failure = failureOf(executed);
      if (failure) return `${executed.input.id}: ${describeFailure(failure)}.`;
      return orderDetails(recordOf(resultOf(executed)));
    });
  for (const executed of context.calls.filter(
    (candidate) => candidate.name === 'purchase_order_changes_list',
  )) {
    const failure = failureOf(executed);
    const changes = recordsOf(resultOf(executed));
    parts.push(
      failure
        ? `Changes of ${executed.input.po_number}: ${describeFailure(failure)}.`
        : changes.length === 0
          ? `No proposed changes on ${executed.input.po_number}.`
          : `Proposed changes on ${executed.input.po_number}:\n${boundedList(changes.map(changeText))}`,
    );
  }
  return answer(parts.join('\n\n'));
}

function listChanges(context: PlannerContext): PlanStep {
  const lower = context.text.toLowerCase();
  const status = /\b(pending|open|waiting|outstanding)\b/.test(lower)
    ? 'pending_approval'
    : /\bapproved\b/.test(lower)
      ? 'approved'
      : /\brejected\b/.test(lower)
        ? 'rejected'
        : undefined;
  const query = defined({ status, customer: extractCustomerName(context.text) });
  const next = nextPage(context, 'purchase_order_changes_list', query);
  if (next) return calls('Listing the PO changes you proposed.', [next]);
  const failure = failureOf(context.calls.at(-1));
  if (failure) return answer(`I could not list your PO changes: ${describeFailure(failure)}.`);
  const changes = collected(context, 'purchase_order_changes_list', query);
  const scope = `${status ? `${humanize(status)} ` : ''}PO change requests${query.customer ? ` for ${query.customer}` : ''}`;
  if (changes.length === 0) return answer(`There are no ${scope}.`);
  return answer(
    `You have ${count(changes.length, 'change request')} (${scope}):\n${boundedList(changes.map(changeText))}`,
  );
}

function listCustomers(context: PlannerContext): PlanStep {
  const next = nextPage(context, 'customers_list', {});
  if (next) return calls('Listing your customers.', [next]);
  const failure = failureOf(context.calls.at(-1));
  if (failure) return answer(`I could not list your customers: ${describeFailure(failure)}.`);
  const customers = collected(context, 'customers_list', {});
  const lines = customers.map(
    (customer) =>
      `${customer.name} (id ${customer.id}): currency ${customer.currency}, payment term ${recordOf(customer['payment-term']).code ?? 'unknown'}`,
  );
  return answer(`You serve ${count(customers.length, 'customer')}:\n${boundedList(lines)}`);
}

/** The list filters a request names. */
export function orderListQuery(text: string): JsonRecord {
  const lower = text.toLowerCase();
  const amount = extractAmountFilter(text);
  return defined({
    status: extractOrderStatus(text),
    customer: extractCustomerName(text),
    acknowledged: /\bun-?acknowledged\b|(\bnot|n't)( yet| been)? acknowledged\b/.test(lower)
      ? false
      : /\backnowledged\b/.test(lower)
        ? true
        : undefined,
    confirmation_status: /\b(need|needs|awaiting|await|pending|to) (my |our )?confirm/.test(lower)
      ? 'pending_supplier_action'
      : /\bpartially confirmed\b/.test(lower)
        ? 'partially_confirmed'
        : /\b(unconfirmed|not confirmed)\b/.test(lower)
          ? 'pending_supplier_action'
          : undefined,
    filters: amount ? [`total[${amount.op}]=${amount.amount}`] : undefined,
  });
}

function listOrders(context: PlannerContext): PlanStep {
  const query = orderListQuery(context.text);
  const next = nextPage(context, 'purchase_orders_list', query);
  if (next) return calls('Searching your purchase orders.', [next]);
  const failure = failureOf(context.calls.at(-1));
  if (failure) return answer(`I could not search your orders: ${describeFailure(failure)}.`);
  const orders = collected(context, 'purchase_orders_list', query);
  const scope = describeQuery(query);
  if (orders.length === 0) return answer(`No purchase orders match (${scope}).`);
  const byCustomer = new Map<string, number>();
  for (const order of orders)
    byCustomer.set(customerName(order), (byCustomer.get(customerName(order)) ?? 0) + 1);
  const split = [...byCustomer].map(([name, amount]) => `${amount} for ${name}`).join(', ');
  return answer(
    `Found ${count(orders.length, 'purchase order')} (${scope}): ${split}.\n${boundedList(orders.map(orderHeadline))}`,
  );
}

export function describeQuery(query: JsonRecord): string {
  const parts = [
    query.status ? `status ${humanize(query.status)}` : undefined,
    query.customer ? `customer "${query.customer}"` : undefined,
    query.acknowledged === undefined ? undefined : query.acknowledged ? 'acknowledged' : 'not acknowledged',
    query.confirmation_status ? `confirmation ${humanize(query.confirmation_status)}` : undefined,
    ...(Array.isArray(query.filters) ? query.filters.map(String) : []),
  ].filter((part) => part !== undefined);
  return parts.length > 0 ? parts.join(', ') : 'all orders';
}
