import { AppError } from '../../errors/index.ts';
import { illegalTransition, parseBody } from '../http/body.ts';
import { findForBuyer } from '../http/buyer-lookup.ts';
import type { RouteKit } from '../http/route-kit.ts';
import { withOrderTotals } from './order-lines.ts';
import { reasonBody } from './schemas.ts';
import type { Confirmation, OrderLine, PurchaseOrder, StoredPurchaseOrder } from './types.ts';

function awaitingBuyer(order: PurchaseOrder): void {
  if (order.status !== 'issued' || order['confirmation-status'] !== 'pending_buyer_action') {
    throw illegalTransition(
      `The order's confirmation is ${order['confirmation-status']}: there is no proposal awaiting the buyer.`,
      'confirmation-status',
    );
  }
}

/** The newest proposal awaiting the buyer (seeded orders may be waiting without one on record). */
function pendingIndex(order: PurchaseOrder): number {
  return order.confirmations.findLastIndex((confirmation) => confirmation.status === 'pending_buyer_action');
}

function decide(order: PurchaseOrder, decision: Partial<Confirmation>): Confirmation[] {
  const index = pendingIndex(order);
  return order.confirmations.map((confirmation, position) =>
    position === index ? { ...confirmation, ...decision } : confirmation,
  );
}

/** The order's lines with the proposal's quantities, prices and promised dates applied. */
function applyProposal(order: PurchaseOrder): OrderLine[] {
  const proposal = order.confirmations[pendingIndex(order)];
  return order['order-lines'].map((line) => {
    const change = proposal?.lines.find(
      (candidate) => candidate['line-num'] === line['line-num'] && candidate.action === 'propose_change',
    );
    if (!change) return line;
    if (change.quantity !== undefined && change.quantity < line.invoiced) {
      throw new AppError(
        'conflict',
        `Line ${line['line-num']} is already invoiced beyond the proposed quantity.`,
      );
    }
    return {
      ...line,
      quantity: change.quantity ?? line.quantity,
      price: change.price ?? line.price,
      'need-by-date': change['promised-date'] ?? line['need-by-date'],
    };
  });
}

/**
 * `PUT /sim/purchase_orders/:id/confirmations/{accept,reject}`: the buyer's answer to a supplier's
 * proposal. Accepting applies it and issues a new version; rejecting sends it back to the supplier.
 */
export function registerSimConfirmations(kit: RouteKit): void {
  const { purchaseOrders } = kit.stores;
  kit.buyer('PUT', '/sim/purchase_orders/:id/confirmations/accept', (request) => {
    const { supplierId, doc: order } = findForBuyer(purchaseOrders, request.params.id);
    awaitingBuyer(order);
    const updated = withOrderTotals({
      ...order,
      'order-lines': applyProposal(order),
      confirmations: decide(order, { status: 'accepted' }),
      'confirmation-status': 'confirmed',
      version: order.version + 1,
      'updated-at': request.now.toISOString(),
    });
    return { body: purchaseOrders.update(supplierId, updated) };
  });
  kit.buyer('PUT', '/sim/purchase_orders/:id/confirmations/reject', (request) => {
    const { supplierId, doc: order } = findForBuyer(purchaseOrders, request.params.id);
    const body = parseBody(reasonBody, request.body);
    awaitingBuyer(order);
    const updated: StoredPurchaseOrder = {
      ...order,
      confirmations: decide(order, { status: 'rejected', 'reject-reason': body.reason }),
      'confirmation-status': 'pending_supplier_action',
      'updated-at': request.now.toISOString(),
    };
    return { body: purchaseOrders.update(supplierId, updated) };
  });
}
