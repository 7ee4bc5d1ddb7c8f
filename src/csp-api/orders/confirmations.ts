import { validationError } from '../../errors/index.ts';
import { found, illegalTransition, parseBody } from '../http/body.ts';
import type { RouteKit } from '../http/route-kit.ts';
import { awaitingSupplierStatuses, confirmationErrors, confirmationOutcome } from './confirmation-rules.ts';
import { definedOnly } from './defined-only.ts';
import { hasErrors } from './order-lines.ts';
import { confirmationBody } from './schemas.ts';
import type { Confirmation, LineConfirmation } from './types.ts';

/**
 * `POST /api/purchase_orders/:id/confirmations`: the supplier accepts, rejects or answers line by
 * line. The confirmation is appended to the order's history; a proposal waits for the buyer.
 */
export function registerConfirmations(kit: RouteKit): void {
  const { purchaseOrders } = kit.stores;
  kit.write('POST', '/api/purchase_orders/:id/confirmations', 'csp.orders.write', (request) => {
    const order = found(purchaseOrders.find(request.supplierId, request.params.id ?? ''));
    const body = parseBody(confirmationBody, request.body);
    if (order.status !== 'issued' || !awaitingSupplierStatuses.includes(order['confirmation-status'])) {
      throw illegalTransition(
        `The order is ${order.status} with confirmation ${order['confirmation-status']}: it is not awaiting the supplier's confirmation.`,
        'confirmation-status',
      );
    }
    const errors = confirmationErrors(order, body);
    if (hasErrors(errors)) throw validationError(errors);
    const outcome = confirmationOutcome(body);
    const timestamp = request.now.toISOString();
    const confirmation: Confirmation = {
      id: order.confirmations.length + 1,
      action: body.action,
      'reason-code': body['reason-code'] ?? null,
      comment: body.comment ?? null,
      lines: (body.lines ?? []).map((line) => definedOnly(line) as LineConfirmation),
      status: outcome === 'pending_buyer_action' ? 'pending_buyer_action' : 'recorded',
      'reject-reason': null,
      'created-at': timestamp,
    };
    const updated = purchaseOrders.update(request.supplierId, {
      ...order,
      'confirmation-status': outcome,
      confirmations: [...order.confirmations, confirmation],
      'updated-at': timestamp,
    });
    return { status: 201, body: updated };
  });
}
