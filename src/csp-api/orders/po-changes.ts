import { AppError, type FieldErrors, validationError } from '../../errors/index.ts';
import { found, illegalTransition, parseBody } from '../http/body.ts';
import type { RouteKit } from '../http/route-kit.ts';
import type { CspStores } from '../store/stores.ts';
import { definedOnly } from './defined-only.ts';
import { findLine, hasErrors, lineNumberErrors } from './order-lines.ts';
import { type OrderChangeBody, orderChangeBody } from './schemas.ts';
import type { OrderLineChange, PurchaseOrder } from './types.ts';

function changeErrors(order: PurchaseOrder, body: OrderChangeBody): FieldErrors {
  const changes = body['order-line-changes'] ?? [];
  const field = (index: number, name?: string) => `order-line-changes[${index}]${name ? `.${name}` : ''}`;
  const errors: FieldErrors = lineNumberErrors(
    order,
    changes.map((change) => change['line-num']),
    (index) => field(index, 'line-num'),
  );
  if (changes.length === 0 && !body['pending-cancel']) {
    errors['order-line-changes'] = ['needs at least one line change, unless pending-cancel is true'];
  }
  changes.forEach((change, index) => {
    if (change.quantity === undefined && change.price === undefined && change['need-by-date'] === undefined) {
      errors[field(index)] = ['needs a quantity, price or need-by-date'];
    }
    const invoiced = findLine(order, change['line-num'])?.invoiced ?? 0;
    if (change.quantity !== undefined && change.quantity < invoiced) {
      errors[field(index, 'quantity')] = [`cannot be below the ${invoiced} already invoiced`];
    }
  });
  if (body['pending-cancel'] && order['order-lines'].some((line) => line.invoiced > 0)) {
    errors['pending-cancel'] = ['an order with invoiced quantities cannot be cancelled'];
  }
  return errors;
}

/** Refuses a change the customer does not take, on an order not open, or beside a pending one. */
function assertChangeable(stores: CspStores, supplierId: number, order: PurchaseOrder): void {
  const customer = found(stores.customers.get(supplierId, order.customer.id));
  if (!customer['allow-change-requests']) {
    throw new AppError('conflict', `${customer.name} does not accept change requests from suppliers.`, {
      fields: { 'allow-change-requests': ['is false for this customer'] },
    });
  }
  if (order.status !== 'issued') {
    throw illegalTransition(`A ${order.status} order cannot be changed: only issued orders can.`);
  }
  const pending = stores.purchaseOrderChanges
    .all(supplierId, { customerId: order.customer.id })
    .find((change) => change['order-header-id'] === order.id && change.status === 'pending_approval');
  if (pending) {
    throw new AppError('conflict', `Change ${pending.id} on this order is still pending approval.`, {
      fields: { 'order-header-id': [`already has a pending change (${pending.id})`] },
    });
  }
}

/**
 * `POST /api/purchase_order_changes`: the supplier proposes new quantities, prices or dates, or a
 * cancellation. Nothing changes on the order until the customer approves.
 */
export function registerPurchaseOrderChanges(kit: RouteKit): void {
  const { stores } = kit;
  kit.write('POST', '/api/purchase_order_changes', 'csp.orders.write', (request) => {
    const { supplierId } = request;
    const body = parseBody(orderChangeBody, request.body);
    const order = found(stores.purchaseOrders.find(supplierId, String(body['order-header-id'])));
    assertChangeable(stores, supplierId, order);
    const errors = changeErrors(order, body);
    if (hasErrors(errors)) throw validationError(errors);
    const timestamp = request.now.toISOString();
    const change = stores.purchaseOrderChanges.insert(supplierId, {
      customerId: order.customer.id,
      number: order['po-number'],
      doc: {
        'order-header-id': order.id,
        'po-number': order['po-number'],
        customer: order.customer,
        status: 'pending_approval',
        'supplier-initiated': true,
        'pending-cancel': body['pending-cancel'] ?? false,
        justification: body.justification ?? '',
        'order-line-changes': (body['order-line-changes'] ?? []).map(
          (line) => definedOnly(line) as OrderLineChange,
        ),
        'reject-reason': null,
        'created-at': timestamp,
        'updated-at': timestamp,
      },
    });
    return { status: 201, body: change };
  });
}
