import { found, illegalTransition, parseBody } from '../http/body.ts';
import type { RouteKit } from '../http/route-kit.ts';
import { acknowledgeBody } from './schemas.ts';
import type { PurchaseOrderStatus } from './types.ts';

const finishedStatuses: readonly PurchaseOrderStatus[] = ['closed', 'soft_closed', 'cancelled'];

/**
 * `PUT /api/purchase_orders/:id/acknowledge`: a toggle. Setting the flag again records a new
 * `acknowledged-at` (the portal does the same), clearing it forgets when it was set.
 */
export function registerAcknowledge(kit: RouteKit): void {
  const { purchaseOrders } = kit.stores;
  kit.write('PUT', '/api/purchase_orders/:id/acknowledge', 'csp.orders.write', (request) => {
    const order = found(purchaseOrders.find(request.supplierId, request.params.id ?? ''));
    const body = parseBody(acknowledgeBody, request.body);
    if (finishedStatuses.includes(order.status)) {
      throw illegalTransition(`A ${order.status} order cannot be acknowledged.`);
    }
    const timestamp = request.now.toISOString();
    const acknowledged = body['acknowledged-flag'];
    return {
      body: purchaseOrders.update(request.supplierId, {
        ...order,
        'acknowledged-flag': acknowledged,
        'acknowledged-at': acknowledged ? timestamp : null,
        'updated-at': timestamp,
      }),
    };
  });
}
