import { registerDocumentReads } from '../http/document-reads.ts';
import type { RouteKit } from '../http/route-kit.ts';
import { registerAcknowledge } from './acknowledge.ts';
import { registerConfirmations } from './confirmations.ts';
import { purchaseOrderChangeFields, purchaseOrderFields } from './fields.ts';
import { registerFlipToCreditNote } from './flip-to-credit-note.ts';
import { registerFlipToInvoice } from './flip-to-invoice.ts';
import { registerPurchaseOrderChanges } from './po-changes.ts';
import { registerOrderSimRoutes } from './sim-routes.ts';

/** Purchase orders and supplier-initiated PO changes: reads, supplier writes and the buyer's `/sim` side. */
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
  registerAcknowledge(kit);
  registerConfirmations(kit);
  registerFlipToInvoice(kit);
  registerFlipToCreditNote(kit);
  registerPurchaseOrderChanges(kit);
  registerOrderSimRoutes(kit);
}
