import type { FieldErrors } from '../../errors/index.ts';
import { findLine, lineNumberErrors } from './order-lines.ts';
import type { ConfirmationBody } from './schemas.ts';
import type { ConfirmationStatus, LineConfirmation, PurchaseOrder } from './types.ts';

/** Confirmation statuses in which the order waits for the supplier's answer. */
export const awaitingSupplierStatuses: readonly ConfirmationStatus[] = [
  'pending_supplier_action',
  'supplier_draft',
  'partially_confirmed',
];

const changeFields = ['quantity', 'price', 'promised-date'] as const;

function lineErrors(order: PurchaseOrder, line: LineConfirmation, index: number): FieldErrors {
  const errors: FieldErrors = {};
  const field = (name: string) => `lines[${index}].${name}`;
  if (line.action === 'reject' && !line['reason-code'])
    errors[field('reason-code')] = ['is required to reject'];
  const proposed = changeFields.filter((name) => line[name] !== undefined);
  if (line.action === 'propose_change' && proposed.length === 0) {
    errors[`lines[${index}]`] = ['a proposed change needs a quantity, price or promised-date'];
  }
  if (line.action !== 'propose_change') {
    for (const name of proposed) errors[field(name)] = ['is only allowed with action propose_change'];
  }
  const invoiced = findLine(order, line['line-num'])?.invoiced ?? 0;
  if (line.quantity !== undefined && line.quantity < invoiced) {
    errors[field('quantity')] = [`cannot be below the ${invoiced} already invoiced`];
  }
  return errors;
}

/** Field errors of a confirmation the order's lines and the action's rules do not allow. */
export function confirmationErrors(order: PurchaseOrder, body: ConfirmationBody): FieldErrors {
  const lines = body.lines ?? [];
  const errors: FieldErrors = {};
  if (body.action === 'reject' && !body['reason-code']) errors['reason-code'] = ['is required to reject'];
  if (body.action === 'line_level' && lines.length === 0) {
    errors.lines = ['are required for a line-level confirmation'];
  }
  if (body.action !== 'line_level' && lines.length > 0)
    errors.lines = ['are only allowed with action line_level'];
  Object.assign(
    errors,
    lineNumberErrors(
      order,
      lines.map((line) => line['line-num']),
      (index) => `lines[${index}].line-num`,
    ),
    ...lines.map((line, index) => lineErrors(order, line as LineConfirmation, index)),
  );
  return errors;
}

/**
 * The order's confirmation status after a valid confirmation: any proposal waits for the buyer;
 * otherwise all accepted is `confirmed`, all rejected `rejected`, a mix `partially_confirmed`.
 */
export function confirmationOutcome(body: ConfirmationBody): ConfirmationStatus {
  if (body.action === 'accept') return 'confirmed';
  if (body.action === 'reject') return 'rejected';
  const actions = new Set((body.lines ?? []).map((line) => line.action));
  if (actions.has('propose_change')) return 'pending_buyer_action';
  if (!actions.has('reject')) return 'confirmed';
  return actions.has('accept') ? 'partially_confirmed' : 'rejected';
}
