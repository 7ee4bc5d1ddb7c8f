import { registerDocumentReads } from '../http/document-reads.ts';
import type { RouteKit } from '../http/route-kit.ts';
import { purchaseOrderChangeFields, purchaseOrderFields } from './fields.ts';

/** Purchase orders and supplier-initiated PO changes. */
export function registerOrderRoutes(kit: RouteKit): void {
  registerDocumentReads(kit, {
    path: '/api/purchase_orders',
    scope: 'csp.orders.read',
    table: kit.stores.purchaseOrders,
    fields: purchaseOrderFields,
  });
  registerDocumentReads(kit, {
    path: '/api/purchase_order_changes',
    scope: 'csp.orders.read',
    table: kit.stores.purchaseOrderChanges,
    fields: purchaseOrderChangeFields,
  });
}
