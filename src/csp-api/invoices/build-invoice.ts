import type { FieldErrors } from '../../errors/index.ts';
import type { OrderLine, PurchaseOrder } from '../orders/types.ts';
import { lineId } from '../seed/seed-orders.ts';
import type { CspStores } from '../store/stores.ts';
import { netDueDate } from './due-date.ts';
import { withTotals } from './totals.ts';
import type { Invoice, InvoiceLine } from './types.ts';

/** One line to put on a new invoice or credit note (credit quantities are negative). */
export interface InvoiceLineDraft {
  orderLine: OrderLine;
  quantity: number;
  price: number;
  description: string;
}

export interface NewInvoiceOptions {
  order: PurchaseOrder;
  documentType: Invoice['document-type'];
  number: string;
  originalNumber: string | null;
  invoiceDate: string;
  lines: readonly InvoiceLineDraft[];
  supplierNote: string | null;
  shippingAmount: number;
  handlingAmount: number;
  taxRate: number;
  now: Date;
}

export function invoiceLinesFor(order: PurchaseOrder, drafts: readonly InvoiceLineDraft[]): InvoiceLine[] {
  return drafts.map((draft, index) => ({
    id: 0,
    'line-num': index + 1,
    type: 'InvoiceQuantityLine',
    description: draft.description,
    quantity: draft.quantity,
    price: draft.price,
    total: 0,
    uom: draft.orderLine.uom,
    'source-part-num': draft.orderLine['source-part-num'],
    'order-line-id': draft.orderLine.id,
    'order-line-num': draft.orderLine['line-num'],
    'po-number': order['po-number'],
  }));
}

/** A draft invoice or credit note flipped from `order`, with its totals and due date computed. */
export function newInvoiceDocument(options: NewInvoiceOptions): Omit<Invoice, 'id'> {
  const { order } = options;
  const timestamp = options.now.toISOString();
  return withTotals({
    'invoice-number': options.number,
    'invoice-date': options.invoiceDate,
    status: 'draft',
    'document-type': options.documentType,
    'original-invoice-number': options.originalNumber,
    currency: order.currency,
    supplier: order.supplier,
    customer: order.customer,
    'po-number': order['po-number'],
    'order-header-id': order.id,
    'line-level-taxation': false,
    'tax-rate': options.taxRate,
    'tax-amount': 0,
    'shipping-amount': options.shippingAmount,
    'handling-amount': options.handlingAmount,
    'gross-total': 0,
    'total-with-taxes': 0,
    'payment-term': order['payment-term'],
    'net-due-date': netDueDate(options.invoiceDate, order['payment-term']),
    'supplier-created': true,
    'supplier-note': options.supplierNote,
    'dispute-reasons': [],
    comments: [],
    paid: false,
    'payment-date': null,
    'payment-notes': null,
    payments: [],
    'invoice-lines': invoiceLinesFor(order, options.lines),
    'submitted-at': null,
    'created-at': timestamp,
    'updated-at': timestamp,
  });
}

/**
 * Invoice numbers are unique per supplier and customer (the table's unique index enforces it too);
 * checking first turns a clash into a 422 naming the field instead of a constraint failure.
 */
export function invoiceNumberErrors(
  stores: CspStores,
  supplierId: number,
  customerId: number,
  number: string,
  exceptId?: number,
): FieldErrors {
  const existing = stores.invoices.findByNumber(supplierId, number, { customerId });
  return existing && existing.id !== exceptId ? { 'invoice-number': ['has already been taken'] } : {};
}

/** Stores a new invoice and gives its lines their stable ids (`invoiceId * 1000 + line-num`). */
export function insertInvoice(stores: CspStores, supplierId: number, doc: Omit<Invoice, 'id'>): Invoice {
  const stored = stores.invoices.insert(supplierId, {
    customerId: doc.customer.id,
    number: doc['invoice-number'],
    doc,
  });
  const lines = stored['invoice-lines'].map((line) => ({ ...line, id: lineId(stored.id, line['line-num']) }));
  return stores.invoices.update(supplierId, { ...stored, 'invoice-lines': lines });
}
