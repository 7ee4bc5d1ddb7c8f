import { validationError } from '../../errors/index.ts';
import { found, illegalTransition } from '../http/body.ts';
import type { RouteKit, SupplierRouteRequest } from '../http/route-kit.ts';
import { hasErrors } from '../orders/order-lines.ts';
import type { CspStores } from '../store/stores.ts';
import { applyInvoicedQuantities } from './invoiced-quantities.ts';
import { quantityErrors } from './quantity-checks.ts';
import type { Invoice, StoredInvoice } from './types.ts';

/**
 * A draft's first submission: its quantities are checked again (other drafts may have been submitted
 * since it was made) and only then added to the order lines' `invoiced`.
 */
function submitDraft(stores: CspStores, request: SupplierRouteRequest, invoice: Invoice): void {
  const { supplierId } = request;
  const order = found(stores.purchaseOrders.get(supplierId, invoice['order-header-id']));
  const errors = quantityErrors(
    stores,
    supplierId,
    invoice,
    order,
    (index) => `invoice-lines[${index}].quantity`,
  );
  if (hasErrors(errors)) throw validationError(errors);
  const updatedOrder = applyInvoicedQuantities(order, invoice, 1);
  stores.purchaseOrders.update(supplierId, { ...updatedOrder, 'updated-at': request.now.toISOString() });
}

/**
 * `PUT /api/invoices/:id/submit`: a draft goes to the customer for approval; a disputed invoice,
 * corrected, goes back to approval (its quantities already count, so they are not added again).
 */
export function registerInvoiceSubmit(kit: RouteKit): void {
  const { stores } = kit;
  kit.write('PUT', '/api/invoices/:id/submit', 'csp.invoices.write', (request) => {
    const invoice = found(stores.invoices.find(request.supplierId, request.params.id ?? ''));
    if (invoice.status !== 'draft' && invoice.status !== 'disputed') {
      throw illegalTransition(
        `A ${invoice.status} invoice cannot be submitted: only drafts and disputed invoices.`,
      );
    }
    if (invoice.status === 'draft') submitDraft(stores, request, invoice);
    const timestamp = request.now.toISOString();
    const submitted: StoredInvoice = {
      ...invoice,
      status: 'pending_approval',
      'dispute-reasons': [],
      'submitted-at': timestamp,
      'updated-at': timestamp,
    };
    return { body: stores.invoices.update(request.supplierId, submitted) };
  });
}
