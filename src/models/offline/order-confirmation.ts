import { boundedList, count, describeFailure, formatDate, humanize } from './answer-writing.ts';
import { planChangeProposal } from './order-change-proposal.ts';
import { orderConfirmationInput } from './order-confirmation-input.ts';
import { describeQuery, orderListQuery } from './order-status.ts';
import { orderDetails, orderHeadline } from './order-summary.ts';
import {
  answer,
  call,
  calls,
  callsNamed,
  collected,
  failureOf,
  hasCalled,
  type JsonRecord,
  nextPage,
  recordOf,
  resultOf,
} from './plan-helpers.ts';
import type { ExecutedCall, Planner, PlannerContext, PlanStep } from './planner-types.ts';
import { poNumbersOf } from './references.ts';

/** Confirmation statuses in which an order waits for the supplier's decision. */
export const awaitingSupplier = ['pending_supplier_action', 'supplier_draft', 'partially_confirmed'];
const acknowledgeable = ['issued', 'buyer_hold', 'supplier_hold'];

/**
 * order-confirmation: "acknowledge PO X", "confirm PO X" (every open line accepted as ordered),
 * "reject PO X because ...", "propose new delivery date 2027-01-15 for PO X", "we can only ship 80
 * of line 1 of PO X", "acknowledge all new orders", "which orders need confirmation?".
 */
export const planOrderConfirmation: Planner = (context) => {
  const lower = context.text.toLowerCase();
  const poNumbers = poNumbersOf(context);
  const wantsConfirm = /\b(confirm|accept|reject|decline)\b/.test(lower);
  const wantsProposal =
    /\b(propose|proposal|can only|only (ship|deliver|supply)|new (delivery|need[- ]?by|ship(ping)?) date|delay|postpone|push back|reschedule|reduce|cancel\w*)\b/.test(
      lower,
    );
  if (poNumbers.length > 0 && wantsProposal && !wantsConfirm) return planChangeProposal(context, poNumbers);
  if (poNumbers.length > 0) return decideOrders(context, poNumbers, wantsConfirm);
  if (/\backnowledge\b/.test(lower) && /\b(all|every|each)\b/.test(lower)) return acknowledgeAll(context);
  return listAwaiting(context);
};

function decideOrders(context: PlannerContext, poNumbers: string[], wantsConfirm: boolean): PlanStep {
  const wantsAcknowledge = /\backnowledg/i.test(context.text);
  if (!hasCalled(context, 'purchase_orders_show')) {
    return calls(
      `Reading ${poNumbers.join(', ')} before acting on it.`,
      poNumbers.map((id) => call('purchase_orders_show', { id })),
    );
  }
  const acted =
    hasCalled(context, 'purchase_orders_acknowledge') || hasCalled(context, 'purchase_orders_confirm');
  const shown = callsNamed(context, 'purchase_orders_show');
  if (!acted) {
    const planned = shown.flatMap((executed) => {
      const order = recordOf(resultOf(executed));
      if (failureOf(executed)) return [];
      const actions = [];
      if (
        wantsAcknowledge &&
        order['acknowledged-flag'] !== true &&
        acknowledgeable.includes(String(order.status))
      ) {
        actions.push(call('purchase_orders_acknowledge', { id: order['po-number'] }));
      }
      if (
        wantsConfirm &&
        order.status === 'issued' &&
        awaitingSupplier.includes(String(order['confirmation-status']))
      ) {
        actions.push(call('purchase_orders_confirm', orderConfirmationInput(context.text, order)));
      }
      return actions;
    });
    if (planned.length > 0) return calls('Recording your decision on the order.', planned);
  }
  return answer(
    shown.map((executed) => reportOrder(context, executed, wantsAcknowledge, wantsConfirm)).join('\n\n'),
  );
}

function reportOrder(
  context: PlannerContext,
  shown: ExecutedCall,
  wantsAcknowledge: boolean,
  wantsConfirm: boolean,
): string {
  const failure = failureOf(shown);
  if (failure) return `${shown.input.id}: ${describeFailure(failure)}.`;
  const order = recordOf(resultOf(shown));
  const number = String(order['po-number']);
  const forOrder = (name: string) =>
    callsNamed(context, name).find((executed) => executed.input.id === number);
  const parts: string[] = [];
  if (wantsAcknowledge) parts.push(acknowledgeReport(order, forOrder('purchase_orders_acknowledge')));
  if (wantsConfirm) parts.push(confirmReport(order, forOrder('purchase_orders_confirm')));
  if (parts.length === 0) {
    return `${orderDetails(order)}\nSay "acknowledge", "confirm", "reject ... because ..." or "propose ..." with the PO number to act on it.`;
  }
  return `${number}: ${parts.join(' ')}`;
}

function acknowledgeReport(order: JsonRecord, executed: ExecutedCall | undefined): string {
  if (!executed) {
    if (order['acknowledged-flag'] === true) {
      return `It was already acknowledged on ${formatDate(order['acknowledged-at'])}; nothing to do.`;
    }
    return `It cannot be acknowledged: its status is ${humanize(order.status)}.`;
  }
  const failure = failureOf(executed);
  if (failure) return `Acknowledging it failed: ${describeFailure(failure)}.`;
  const updated = recordOf(resultOf(executed));
  return `Acknowledged (recorded at ${updated['acknowledged-at'] ?? 'unknown time'}).`;
}

function confirmReport(order: JsonRecord, executed: ExecutedCall | undefined): string {
  if (!executed) {
    if (order.status !== 'issued') return `It cannot be confirmed: its status is ${humanize(order.status)}.`;
    return `Nothing to confirm: its confirmation status is already ${humanize(order['confirmation-status'])}.`;
  }
  const failure = failureOf(executed);
  if (failure) return `The confirmation failed: ${describeFailure(failure)}.`;
  const updated = recordOf(resultOf(executed));
  const decision = String(executed.input.action);
  const lines = Array.isArray(executed.input.lines) ? executed.input.lines.length : 0;
  const what =
    decision === 'reject'
      ? 'Rejected'
      : decision === 'line_level'
        ? `Confirmed line by line (${count(lines, 'line')})`
        : 'Accepted';
  return `${what}; its confirmation status is now ${humanize(updated['confirmation-status'])}.`;
}

function acknowledgeAll(context: PlannerContext): PlanStep {
  const query = { status: 'issued', acknowledged: false };
  const next = nextPage(context, 'purchase_orders_list', query);
  if (next) return calls('Finding orders that are not acknowledged yet.', [next]);
  const orders = collected(context, 'purchase_orders_list', query);
  const attempted = new Set(
    callsNamed(context, 'purchase_orders_acknowledge').map((executed) => executed.input.id),
  );
  const remaining = orders.filter((order) => !attempted.has(order['po-number']));
  if (remaining.length > 0) {
    return calls(
      `Acknowledging ${count(Math.min(remaining.length, 10), 'order')}.`,
      remaining.slice(0, 10).map((order) => call('purchase_orders_acknowledge', { id: order['po-number'] })),
    );
  }
  const acknowledged = callsNamed(context, 'purchase_orders_acknowledge');
  if (acknowledged.length === 0) {
    const failure = failureOf(context.calls.at(-1));
    return answer(
      failure
        ? `I could not list your orders: ${describeFailure(failure)}.`
        : 'Every issued order is already acknowledged.',
    );
  }
  const failed = acknowledged.filter((executed) => failureOf(executed));
  const done = acknowledged.length - failed.length;
  const failures = failed.map((executed) => `${executed.input.id}: ${describeFailure(failureOf(executed)!)}`);
  return answer(
    `Acknowledged ${count(done, 'order')}: ${acknowledged
      .filter((executed) => !failureOf(executed))
      .map((executed) => executed.input.id)
      .join(
        ', ',
      )}.${failed.length > 0 ? `\n${count(failed.length, 'order')} failed:\n${boundedList(failures)}` : ''}`,
  );
}

function listAwaiting(context: PlannerContext): PlanStep {
  const named = orderListQuery(context.text);
  const query = /\backnowledg/i.test(context.text)
    ? { ...named, status: 'issued', acknowledged: false }
    : {
        ...named,
        status: 'issued',
        confirmation_status: named.confirmation_status ?? 'pending_supplier_action',
      };
  const next = nextPage(context, 'purchase_orders_list', query);
  if (next) return calls('Finding orders that wait for you.', [next]);
  const failure = failureOf(context.calls.at(-1));
  if (failure) return answer(`I could not search your orders: ${describeFailure(failure)}.`);
  const orders = collected(context, 'purchase_orders_list', query);
  if (orders.length === 0) return answer(`No orders wait for you (${describeQuery(query)}).`);
  return answer(
    `${count(orders.length, 'order')} wait for you (${describeQuery(query)}):\n${boundedList(
      orders.map(orderHeadline),
    )}\nSay "acknowledge PO <number>" or "confirm PO <number>" to act on one.`,
  );
}
