import type { PurchaseOrder } from '../orders/types.ts';
import { daysAfter } from './random.ts';
import type { SeedContext } from './seed-orders.ts';

/**
 * Requests awaiting or past the customer's decision: a pending PO change on one issued order and
 * an approved profile change, so both lists have history to show.
 */
export function seedRequests(context: SeedContext, orders: PurchaseOrder[]): void {
  const { stores, supplier, customer } = context;
  const order = orders.filter((candidate) => candidate.status === 'issued' && !candidate['invoice-stop'])[3];
  if (order) {
    const line = order['order-lines'][0]!;
    const created = daysAfter(order['created-at'].slice(0, 10), 2);
    stores.purchaseOrderChanges.insert(supplier.supplierId, {
      customerId: customer.id,
      number: order['po-number'],
      doc: {
        'order-header-id': order.id,
        'po-number': order['po-number'],
        customer: { id: customer.id, name: customer.name },
        status: 'pending_approval',
        'supplier-initiated': true,
        'pending-cancel': false,
        justification: 'Raw material shortage: can ship the balance two weeks later.',
        'order-line-changes': [
          { 'line-num': line['line-num'], 'need-by-date': daysAfter(line['need-by-date'], 14).slice(0, 10) },
        ],
        'reject-reason': null,
        'created-at': created,
        'updated-at': created,
      },
    });
  }
  const profile = stores.supplierProfiles.all(supplier.supplierId, { customerId: customer.id })[0];
  if (profile) {
    stores.profileChangeRequests.insert(supplier.supplierId, {
      customerId: customer.id,
      doc: {
        customer: { id: customer.id, name: customer.name },
        'supplier-profile-id': profile.id,
        status: 'approved',
        changes: { website: profile.website },
        'previous-values': { website: null },
        justification: 'Add our website.',
        'decline-reason': null,
        'created-at': daysAfter('2026-02-20', supplier.supplierId),
        'decided-at': daysAfter('2026-02-22', supplier.supplierId),
      },
    });
  }
}
