import { type FieldErrors, validationError } from '../../errors/index.ts';
import { found, parseBody } from '../http/body.ts';
import type { RouteKit } from '../http/route-kit.ts';
import { addDays, today } from '../invoices/due-date.ts';
import { cents } from '../seed/random.ts';
import { lineId } from '../seed/seed-orders.ts';
import type { Address } from '../shared-types.ts';
import type { CspStores } from '../store/stores.ts';
import { listTenants, type Tenant } from '../tenants/tenant.ts';
import { hasErrors } from './order-lines.ts';
import { type IssueOrderBody, issueOrderBody } from './schemas.ts';
import type { OrderLine, PurchaseOrder } from './types.ts';

/** Where orders go when the customer has none on record yet to copy the address from. */
const fallbackShipTo: Address = {
  street1: '1 Receiving Way',
  street2: null,
  city: 'Springfield',
  state: null,
  'postal-code': '00000',
  country: 'US',
};

/** The supplier's next PO number: one past the highest `${prefix}-PO-N` it has. */
function nextOrderNumber(stores: CspStores, supplier: Tenant): string {
  const pattern = new RegExp(`^${supplier.prefix}-PO-(\\d+)$`);
  const highest = stores.purchaseOrders
    .all(supplier.supplierId)
    .map((order) => Number(pattern.exec(order['po-number'])?.[1] ?? 0))
    .reduce((maximum, number) => Math.max(maximum, number), 0);
  return `${supplier.prefix}-PO-${highest + 1}`;
}

function orderLines(body: IssueOrderBody, now: Date): OrderLine[] {
  return body.lines.map((line, index) => {
    const uom = line.uom ?? 'EA';
    return {
      id: 0,
      'line-num': index + 1,
      description: line.description,
      quantity: line.quantity,
      price: line.price,
      total: cents(line.quantity * line.price),
      uom: { code: uom },
      'need-by-date': line['need-by-date'] ?? addDays(today(now), 30),
      'source-part-num': line['source-part-num'] ?? '',
      'supp-aux-part-num': null,
      commodity: null,
      received: 0,
      invoiced: 0,
      'match-type': uom === 'HR' ? 'two_way' : 'three_way',
      status: 'open',
    };
  });
}

/**
 * `POST /sim/purchase_orders`: the customer issues a new order to a supplier. The customer must be
 * one the supplier serves (404 otherwise); ship-to details follow the customer's latest order.
 */
export function registerSimIssueOrder(kit: RouteKit): void {
  const { stores } = kit;
  kit.buyer('POST', '/sim/purchase_orders', (request) => {
    const body = parseBody(issueOrderBody, request.body);
    const supplier = found(
      listTenants(stores.db).find((tenant) => tenant.supplierId === body['supplier-id']),
    );
    const { supplierId } = supplier;
    const customer = found(stores.customers.get(supplierId, body['customer-id']));
    const number = body['po-number'] ?? nextOrderNumber(stores, supplier);
    const errors: FieldErrors = {};
    if (stores.purchaseOrders.findByNumber(supplierId, number))
      errors['po-number'] = ['has already been taken'];
    body.lines.forEach((line, index) => {
      if (line.uom !== undefined && !customer.uoms.includes(line.uom)) {
        errors[`lines[${index}].uom`] = [`is not a unit of measure at ${customer.name}`];
      }
    });
    if (hasErrors(errors)) throw validationError(errors);
    const latest = stores.purchaseOrders.all(supplierId, { customerId: customer.id }).at(-1);
    const lines = orderLines(body, request.now);
    const timestamp = request.now.toISOString();
    const order: Omit<PurchaseOrder, 'id'> = {
      'po-number': number,
      status: 'issued',
      version: 1,
      'acknowledged-flag': false,
      'acknowledged-at': null,
      'confirmation-status': 'pending_supplier_action',
      'confirm-by-hrs': 72,
      currency: customer.currency,
      total: cents(lines.reduce((sum, line) => sum + line.total, 0)),
      supplier: { id: supplierId, name: supplier.name, number: supplier.number },
      customer: { id: customer.id, name: customer.name },
      'ship-to-address': latest?.['ship-to-address'] ?? fallbackShipTo,
      'ship-to-attention': body['ship-to-attention'] ?? latest?.['ship-to-attention'] ?? 'Receiving',
      'payment-term': customer['payment-term'],
      'shipping-term': latest?.['shipping-term'] ?? { code: 'FOB Destination' },
      'price-hidden': false,
      'invoice-stop': body['invoice-stop'] ?? false,
      'transmission-status': 'sent_via_email',
      'order-lines': lines,
      confirmations: [],
      comments: [],
      'created-at': timestamp,
      'updated-at': timestamp,
    };
    const stored = stores.purchaseOrders.insert(supplierId, { customerId: customer.id, number, doc: order });
    stored['order-lines'] = stored['order-lines'].map((line) => ({
      ...line,
      id: lineId(stored.id, line['line-num']),
    }));
    return { status: 201, body: stores.purchaseOrders.update(supplierId, stored) };
  });
}
