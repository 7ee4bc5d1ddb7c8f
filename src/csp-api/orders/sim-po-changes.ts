import { AppError } from '../../errors/index.ts';
import { found, illegalTransition, parseBody } from '../http/body.ts';
import { findForBuyer } from '../http/buyer-lookup.ts';
import type { RouteKit } from '../http/route-kit.ts';
import { withOrderTotals } from './order-lines.ts';
import { reasonBody } from './schemas.ts';
import type { PurchaseOrderChange, StoredPurchaseOrder, StoredPurchaseOrderChange } from './types.ts';

function assertPending(change: PurchaseOrderChange): void {
  if (change.status !== 'pending_approval') {
    throw illegalTransition(`The change is ${change.status}: only a pending change can be decided.`);
  }
}

/** The order as the approved change makes it: new line values or cancelled, and one version up. */
function changedOrder(
  order: StoredPurchaseOrder,
  change: PurchaseOrderChange,
  timestamp: string,
): StoredPurchaseOrder {
  if (order.status !== 'issued') {
    throw illegalTransition(`The order is ${order.status} now: the change can no longer be applied.`);
  }
  const lines = order['order-lines'].map((line) => {
    if (change['pending-cancel'])
      return line.status === 'open' ? { ...line, status: 'cancelled' as const } : line;
    const lineChange = change['order-line-changes'].find(
      (candidate) => candidate['line-num'] === line['line-num'],
    );
    if (!lineChange) return line;
    if (lineChange.quantity !== undefined && lineChange.quantity < line.invoiced) {
      throw new AppError('conflict', `Line ${line['line-num']} is now invoiced beyond the changed quantity.`);
    }
    return {
      ...line,
      quantity: lineChange.quantity ?? line.quantity,
      price: lineChange.price ?? line.price,
      'need-by-date': lineChange['need-by-date'] ?? line['need-by-date'],
    };
  });
  return withOrderTotals({
    ...order,
    status: change['pending-cancel'] ? 'cancelled' : order.status,
    'order-lines': lines,
    version: order.version + 1,
    'updated-at': timestamp,
  });
}

/** `PUT /sim/po_changes/:id/{approve,reject}`: the customer's decision on a supplier's change. */
export function registerSimPurchaseOrderChanges(kit: RouteKit): void {
  const { purchaseOrderChanges, purchaseOrders } = kit.stores;
  kit.buyer('PUT', '/sim/po_changes/:id/approve', (request) => {
    const { supplierId, doc: change } = findForBuyer(purchaseOrderChanges, request.params.id);
    assertPending(change);
    const timestamp = request.now.toISOString();
    const order = found(purchaseOrders.get(supplierId, change['order-header-id']));
    purchaseOrders.update(supplierId, changedOrder(order, change, timestamp));
    const approved: StoredPurchaseOrderChange = { ...change, status: 'approved', 'updated-at': timestamp };
    return { body: purchaseOrderChanges.update(supplierId, approved) };
  });
  kit.buyer('PUT', '/sim/po_changes/:id/reject', (request) => {
    const { supplierId, doc: change } = findForBuyer(purchaseOrderChanges, request.params.id);
    const body = parseBody(reasonBody, request.body);
    assertPending(change);
    const rejected: StoredPurchaseOrderChange = {
      ...change,
      status: 'rejected',
      'reject-reason': body.reason,
      'updated-at': request.now.toISOString(),
    };
    return { body: purchaseOrderChanges.update(supplierId, rejected) };
  });
}
