import type { Invoice, InvoiceLine, InvoiceStatus } from '../invoices/types.ts';
import type { PurchaseOrder } from '../orders/types.ts';
import { cents, createRandom, dateOnly, daysAfter } from './random.ts';
import { lineId, type SeedContext } from './seed-orders.ts';

/** Statuses of the 17 seeded invoices per customer; `paid` ones are approved and paid. */
const invoicePlan: readonly (InvoiceStatus | 'paid')[] = [
  'paid',
  'paid',
  'paid',
  'approved',
  'approved',
  'approved',
  'pending_approval',
  'pending_approval',
  'pending_approval',
  'pending_receipt',
  'on_hold',
  'ap_hold',
  'disputed',
  'disputed',
  'draft',
  'draft',
  'voided',
];

const disputeReasons = [
  { code: 'PRICE_MISMATCH', description: 'Unit price differs from the purchase order' },
  { code: 'QTY_NOT_RECEIVED', description: 'Quantity invoiced exceeds quantity received' },
];

/** Invoices flipped from the seeded orders; invoiced quantities accumulate on the order lines. */
export function seedInvoices(context: SeedContext, orders: PurchaseOrder[]): void {
  const { stores, supplier, customer, seedCustomer } = context;
  const random = createRandom(context.seed + 7);
  const eligible = orders.filter(
    (order) => ['issued', 'soft_closed', 'closed'].includes(order.status) && !order['invoice-stop'],
  );
  invoicePlan.forEach((plan, index) => {
    const order = eligible[index % eligible.length]!;
    const status: InvoiceStatus = plan === 'paid' ? 'approved' : plan;
    const counts = status !== 'draft' && status !== 'voided';
    const lines: InvoiceLine[] = [];
    for (const orderLine of order['order-lines']) {
      const remaining = orderLine.quantity - orderLine.invoiced;
      if (remaining <= 0 || lines.length >= 2) continue;
      const quantity = Math.max(1, Math.floor(remaining / 2));
      const price =
        status === 'disputed' && lines.length === 0 ? cents(orderLine.price * 1.1) : orderLine.price;
      lines.push({
        id: 0,
        'line-num': lines.length + 1,
        type: 'InvoiceQuantityLine',
        description: orderLine.description,
        quantity,
        price,
        total: cents(quantity * price),
        uom: orderLine.uom,
        'source-part-num': orderLine['source-part-num'],
        'order-line-id': orderLine.id,
        'order-line-num': orderLine['line-num'],
        'po-number': order['po-number'],
      });
      if (counts) orderLine.invoiced += quantity;
    }
    if (lines.length === 0) return;
    const invoiceDate = daysAfter(dateOnly(order['created-at']), 20 + random.integer(0, 15));
    const gross = cents(lines.reduce((sum, line) => sum + line.total, 0));
    const shipping = random.chance(0.3) ? 25 : 0;
    const tax = cents(gross * seedCustomer.taxRate);
    const totalWithTaxes = cents(gross + tax + shipping);
    const paid = plan === 'paid';
    const paymentDate = paid ? dateOnly(daysAfter(dateOnly(invoiceDate), 30)) : null;
    const number = `${supplier.prefix}-INV-${context.nextNumber()}`;
    const invoice: Omit<Invoice, 'id'> = {
      'invoice-number': number,
      'invoice-date': dateOnly(invoiceDate),
      status,
      'document-type': 'Invoice',
      'original-invoice-number': null,
      currency: order.currency,
      supplier: context.supplierRef,
      customer: { id: customer.id, name: customer.name },
      'po-number': order['po-number'],
      'order-header-id': order.id,
      'line-level-taxation': false,
      'tax-rate': seedCustomer.taxRate,
      'tax-amount': tax,
      'shipping-amount': shipping,
      'handling-amount': 0,
      'gross-total': gross,
      'total-with-taxes': totalWithTaxes,
      'payment-term': { code: seedCustomer.paymentTerm },
      'net-due-date': dateOnly(
        daysAfter(dateOnly(invoiceDate), Number(seedCustomer.paymentTerm.replace(/\D/g, ''))),
      ),
      'supplier-created': true,
      'supplier-note': null,
      'dispute-reasons': status === 'disputed' ? [disputeReasons[index % 2]!] : [],
      comments:
        status === 'disputed'
          ? [
              {
                id: 1,
                comment: 'Please correct and resubmit.',
                'created-at': daysAfter(dateOnly(invoiceDate), 5),
                'created-by': 'buyer',
              },
            ]
          : [],
      paid,
      'payment-date': paymentDate,
      'payment-notes': paid ? `ACH ${customer.name.split(' ')[0]?.toUpperCase()} ${number}` : null,
      payments: paid
        ? [{ 'amount-paid': totalWithTaxes, 'payment-date': paymentDate!, notes: 'ACH transfer' }]
        : [],
      'invoice-lines': lines,
      'submitted-at': status === 'draft' ? null : invoiceDate,
      'created-at': invoiceDate,
      'updated-at': paid ? `${paymentDate}T12:00:00.000Z` : invoiceDate,
    };
    const stored = stores.invoices.insert(supplier.supplierId, {
      customerId: customer.id,
      number,
      doc: invoice,
    });
    stored['invoice-lines'] = stored['invoice-lines'].map((line) => ({
      ...line,
      id: lineId(stored.id, line['line-num']),
    }));
    stores.invoices.update(supplier.supplierId, stored);
    stores.purchaseOrders.update(supplier.supplierId, { ...order, id: order.id });
  });
}
