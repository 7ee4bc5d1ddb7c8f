import type { Customer } from '../customers/types.ts';
import type { ConfirmationStatus, OrderLine, PurchaseOrder, PurchaseOrderStatus } from '../orders/types.ts';
import type { SupplierReference } from '../shared-types.ts';
import type { CspStores } from '../store/stores.ts';
import { cents, createRandom, dateOnly, daysAfter } from './random.ts';
import type { SeedCustomer, SeedSupplier } from './seed-data.ts';

/** Statuses of the 22 seeded orders per customer, so every state has examples. */
const orderStatuses: readonly PurchaseOrderStatus[] = [
  'issued',
  'issued',
  'issued',
  'issued',
  'issued',
  'issued',
  'issued',
  'issued',
  'issued',
  'issued',
  'issued',
  'issued',
  'buyer_hold',
  'buyer_hold',
  'supplier_hold',
  'soft_closed',
  'soft_closed',
  'closed',
  'closed',
  'closed',
  'cancelled',
  'cancelled',
];
const confirmationCycle: readonly ConfirmationStatus[] = [
  'pending_supplier_action',
  'pending_supplier_action',
  'confirmed',
  'pending_supplier_action',
  'partially_confirmed',
  'pending_buyer_action',
  'confirmed',
  'pending_supplier_action',
];

export interface SeedContext {
  stores: CspStores;
  supplier: SeedSupplier;
  supplierRef: SupplierReference;
  seedCustomer: SeedCustomer;
  customer: Customer;
  /** Running number for this supplier's documents. */
  nextNumber: () => number;
  /** Seed for this supplier/customer pair. */
  seed: number;
}

/** Line ids are the document id times 1000 plus the line number: unique and stable. */
export const lineId = (documentId: number, lineNumber: number): number => documentId * 1000 + lineNumber;

export function seedPurchaseOrders(context: SeedContext): PurchaseOrder[] {
  const { stores, supplier, customer, seedCustomer } = context;
  const random = createRandom(context.seed);
  const orders: PurchaseOrder[] = [];
  orderStatuses.forEach((status, index) => {
    const created = daysAfter('2026-05-04', index * 8 + random.integer(0, 5));
    const lineCount = random.integer(1, 4);
    const lines: OrderLine[] = [];
    const used = new Set<number>();
    for (let lineNumber = 1; lineNumber <= lineCount; lineNumber += 1) {
      let productIndex = random.integer(0, supplier.products.length - 1);
      while (used.has(productIndex)) productIndex = (productIndex + 1) % supplier.products.length;
      used.add(productIndex);
      const item = supplier.products[productIndex]!;
      const quantity = item.uom === 'HR' ? random.integer(4, 40) : random.integer(5, 200);
      const closed = status === 'closed' || status === 'soft_closed';
      lines.push({
        id: 0,
        'line-num': lineNumber,
        description: item.name,
        quantity,
        price: item.price,
        total: cents(quantity * item.price),
        uom: { code: item.uom },
        'need-by-date': dateOnly(daysAfter(dateOnly(created), random.integer(10, 45))),
        'source-part-num': item.part,
        'supp-aux-part-num': null,
        commodity: { name: item.commodity },
        received: closed
          ? quantity
          : status === 'issued' && random.chance(0.4)
            ? Math.floor(quantity / 2)
            : 0,
        invoiced: 0,
        'match-type': item.uom === 'HR' ? 'two_way' : 'three_way',
        status: status === 'cancelled' ? 'cancelled' : status === 'closed' ? 'closed' : 'open',
      });
    }
    const issuedIndex = orders.filter((order) => order.status === 'issued').length;
    const confirmation: ConfirmationStatus =
      status === 'issued'
        ? confirmationCycle[issuedIndex % confirmationCycle.length]!
        : status === 'cancelled'
          ? 'rejected'
          : 'confirmed';
    const acknowledged = status !== 'issued' || issuedIndex % 3 !== 0;
    const number = `${supplier.prefix}-PO-${context.nextNumber()}`;
    const order: Omit<PurchaseOrder, 'id'> = {
      'po-number': number,
      status,
      version: status === 'issued' && issuedIndex === 5 ? 2 : 1,
      'acknowledged-flag': acknowledged,
      'acknowledged-at': acknowledged ? daysAfter(dateOnly(created), 1, 14) : null,
      'confirmation-status': confirmation,
      'confirm-by-hrs': 72,
      currency: customer.currency,
      total: cents(lines.reduce((sum, line) => sum + line.total, 0)),
      supplier: context.supplierRef,
      customer: { id: customer.id, name: customer.name },
      'ship-to-address': {
        street1: `${100 + index * 7} Commerce Way`,
        street2: null,
        city: seedCustomer.city,
        state: null,
        'postal-code': String(10000 + index * 37),
        country: seedCustomer.country,
      },
      'ship-to-attention': random.pick([
        'Receiving Dock 2',
        'Plant Maintenance',
        'Central Stores',
        'Facilities',
      ]),
      'payment-term': { code: seedCustomer.paymentTerm },
      'shipping-term': { code: random.pick(['FOB Destination', 'FOB Origin', 'DAP']) },
      'price-hidden': false,
      'invoice-stop': status === 'issued' && issuedIndex === 11,
      'transmission-status': 'sent_via_email',
      'order-lines': lines,
      confirmations: [],
      comments: [],
      'created-at': created,
      'updated-at': created,
    };
    const stored = stores.purchaseOrders.insert(supplier.supplierId, {
      customerId: customer.id,
      number,
      doc: order,
    });
    stored['order-lines'] = stored['order-lines'].map((line) => ({
      ...line,
      id: lineId(stored.id, line['line-num']),
    }));
    orders.push(stores.purchaseOrders.update(supplier.supplierId, stored));
  });
  return orders;
}
