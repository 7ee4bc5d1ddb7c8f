import { boundedList, describeFailure, humanize } from './answer-writing.ts';
import { describeLineChange, lineChangeProblems, requestedLineChanges } from './order-line-changes.ts';
import { changeText } from './order-summary.ts';
import {
  answer,
  call,
  calls,
  callsNamed,
  failureOf,
  hasCalled,
  lastCall,
  recordOf,
  recordsOf,
  resultOf,
} from './plan-helpers.ts';
import type { PlannerContext, PlanStep } from './planner-types.ts';
import { extractReason } from './text-extraction.ts';

/**
 * "propose new delivery date 2027-01-15 for PO X", "we can only ship 80 of line 1 of PO X",
 * "request cancellation of PO X": reads the order and its pending changes, then proposes one
 * change for the buyer to approve.
 */
export function planChangeProposal(context: PlannerContext, poNumbers: string[]): PlanStep {
  const id = poNumbers[0]!;
  const others = poNumbers.length > 1 ? ` (one order at a time: I only handled ${id})` : '';
  if (!hasCalled(context, 'purchase_orders_show')) {
    return calls(`Reading ${id} and its pending changes.`, [
      call('purchase_orders_show', { id }),
      call('purchase_order_changes_list', { po_number: id, status: 'pending_approval' }),
    ]);
  }
  const shown = lastCall(context, 'purchase_orders_show');
  const failure = failureOf(shown);
  if (failure) return answer(`${id}: ${describeFailure(failure)}.${others}`);
  const proposed = lastCall(context, 'purchase_orders_propose_change');
  if (proposed) {
    const proposeFailure = failureOf(proposed);
    if (proposeFailure)
      return answer(`The change to ${id} was not accepted: ${describeFailure(proposeFailure)}.${others}`);
    return answer(
      `Proposed to the buyer: ${changeText(recordOf(resultOf(proposed)))}. The buyer must approve it; until then the order is unchanged.${others}`,
    );
  }
  const order = recordOf(resultOf(shown));
  if (order.status !== 'issued') {
    return answer(
      `${id} is ${humanize(order.status)}: changes can only be proposed on issued orders.${others}`,
    );
  }
  const pending = recordsOf(resultOf(callsNamed(context, 'purchase_order_changes_list').at(-1)));
  if (pending.length > 0) {
    return answer(
      `${id} already has a change waiting for the buyer, and an order takes one at a time:\n${boundedList(pending.map(changeText))}${others}`,
    );
  }
  return proposeChange(context, order, id, others);
}

function proposeChange(
  context: PlannerContext,
  order: Record<string, unknown>,
  id: string,
  others: string,
): PlanStep {
  const reason = extractReason(context.text);
  if (/\bcancel/i.test(context.text)) {
    return calls(`Asking the buyer to cancel ${id}.`, [
      call('purchase_orders_propose_change', {
        id,
        cancel: true,
        justification: reason ?? 'The supplier asks to cancel this order.',
      }),
    ]);
  }
  const changes = requestedLineChanges(context.text, order);
  if (changes.length === 0) {
    return answer(
      `What should change on ${id}? Name a new date (YYYY-MM-DD), a quantity ("80 of line 1") or a price ("price of line 1 to 4.50").${others}`,
    );
  }
  const problems = lineChangeProblems(changes, order);
  if (problems.length > 0) return answer(`I did not propose the change:\n${boundedList(problems)}${others}`);
  const summary = changes.map(describeLineChange).join('; ');
  return calls(`Proposing a change to ${id}: ${summary}.`, [
    call('purchase_orders_propose_change', {
      id,
      lines: changes.map((change) => ({
        line_num: change.line,
        ...(change.quantity === undefined ? {} : { quantity: change.quantity }),
        ...(change.price === undefined ? {} : { price: change.price }),
        ...(change.date === undefined ? {} : { need_by_date: change.date }),
      })),
      justification: reason ?? `Supplier proposal: ${summary}.`,
    }),
  ]);
}
