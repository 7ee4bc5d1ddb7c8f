import { type FieldErrors, validationError } from '../../errors/index.ts';
import { found, illegalTransition, parseBody } from '../http/body.ts';
import type { RouteKit } from '../http/route-kit.ts';
import {
  type InvoiceLineDraft,
  insertInvoice,
  invoiceNumberErrors,
  newInvoiceDocument,
} from '../invoices/build-invoice.ts';
import { today } from '../invoices/due-date.ts';
import { quantityErrors } from '../invoices/quantity-checks.ts';
import { roundQuantity } from '../invoices/totals.ts';
import { findLine, hasErrors, lineNumberErrors } from './order-lines.ts';
import { flipToInvoiceBody, type QuantityLineBody } from './schemas.ts';
import type { PurchaseOrder } from './types.ts';

const draftOf = (order: PurchaseOrder, lineNumber: number, quantity: number): InvoiceLineDraft => {
  const orderLine = findLine(order, lineNumber)!;
  return { orderLine, quantity, price: orderLine.price, description: orderLine.description };
};

/** The lines asked for, or every open line's remaining quantity; line-number problems are 422s. */
function invoiceDrafts(order: PurchaseOrder, lines: QuantityLineBody[] | undefined): InvoiceLineDraft[] {
  if (lines) {
    const numbers = lines.map((line) => line['line-num']);
    const errors = lineNumberErrors(order, numbers, (index) => `lines[${index}].line-num`);
    if (hasErrors(errors)) throw validationError(errors);
    return lines.map((line) => draftOf(order, line['line-num'], line.quantity));
  }
  const drafts = order['order-lines']
    .filter((line) => line.status === 'open' && line.quantity - line.invoiced > 0)
    .map((line) => draftOf(order, line['line-num'], roundQuantity(line.quantity - line.invoiced)));
  if (drafts.length === 0) throw validationError({ lines: ['nothing is left to invoice on this order'] });
  return drafts;
}

/**
 * `POST /api/purchase_orders/:id/flip_to_invoice`: a draft invoice pre-filled from an issued order
 * (the portal's "gold coins"). Drafts do not count as invoiced until they are submitted.
 */
export function registerFlipToInvoice(kit: RouteKit): void {
  const { stores } = kit;
  kit.write('POST', '/api/purchase_orders/:id/flip_to_invoice', 'csp.invoices.write', (request) => {
    const { supplierId } = request;
    const order = found(stores.purchaseOrders.find(supplierId, request.params.id ?? ''));
    const body = parseBody(flipToInvoiceBody, request.body);
    if (order.status !== 'issued' || order['invoice-stop']) {
      throw illegalTransition(
        order['invoice-stop']
          ? 'The customer has stopped invoicing against this order (invoice-stop).'
          : `A ${order.status} order cannot be invoiced: only issued orders can.`,
      );
    }
    const customer = found(stores.customers.get(supplierId, order.customer.id));
    const invoice = newInvoiceDocument({
      order,
      documentType: 'Invoice',
      number: body['invoice-number'],
      originalNumber: null,
      invoiceDate: body['invoice-date'] ?? today(request.now),
      lines: invoiceDrafts(order, body.lines),
      supplierNote: body['supplier-note'] ?? null,
      shippingAmount: body['shipping-amount'] ?? 0,
      handlingAmount: body['handling-amount'] ?? 0,
      taxRate: body['tax-rate'] ?? customer['tax-rate'],
      now: request.now,
    });
    const errors: FieldErrors = {
      ...invoiceNumberErrors(stores, supplierId, order.customer.id, body['invoice-number']),
      ...quantityErrors(stores, supplierId, invoice, order, (index) => `lines[${index}].quantity`),
    };
    if (hasErrors(errors)) throw validationError(errors);
    return { status: 201, body: insertInvoice(stores, supplierId, invoice) };
  });
}
