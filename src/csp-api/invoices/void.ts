import { AppError } from '../../errors/index.ts';
import { found, illegalTransition } from '../http/body.ts';
import type { RouteKit } from '../http/route-kit.ts';
import { voidableStatuses } from './invoice-statuses.ts';
import { applyInvoicedQuantities } from './invoiced-quantities.ts';
import { countedCreditNotes } from './quantity-checks.ts';
import type { StoredInvoice } from './types.ts';

/**
 * `PUT /api/invoices/:id/void`: only a `pending_receipt` or `approved` invoice with no payment
 * (409 otherwise). Its quantities are released from the order lines.
 */
export function registerInvoiceVoid(kit: RouteKit): void {
  const { stores } = kit;
  kit.write('PUT', '/api/invoices/:id/void', 'csp.invoices.write', (request) => {
    const { supplierId } = request;
    const invoice = found(stores.invoices.find(supplierId, request.params.id ?? ''));
    if (!voidableStatuses.includes(invoice.status) || invoice.paid || invoice.payments.length > 0) {
      throw illegalTransition(
        invoice.paid || invoice.payments.length > 0
          ? 'A paid invoice cannot be voided.'
          : `A ${invoice.status} invoice cannot be voided: only pending_receipt or approved ones.`,
      );
    }
    // Releasing an invoice that credit notes already reduced would take `invoiced` below zero.
    const credits =
      invoice['document-type'] === 'Invoice' ? countedCreditNotes(stores, supplierId, invoice) : [];
    if (credits.length > 0) {
      throw new AppError('conflict', 'Void the credit notes against this invoice first.', {
        fields: { base: [`credited by ${credits.map((credit) => credit['invoice-number']).join(', ')}`] },
      });
    }
    const timestamp = request.now.toISOString();
    const order = found(stores.purchaseOrders.get(supplierId, invoice['order-header-id']));
    stores.purchaseOrders.update(supplierId, {
      ...applyInvoicedQuantities(order, invoice, -1),
      'updated-at': timestamp,
    });
    const voided: StoredInvoice = { ...invoice, status: 'voided', 'updated-at': timestamp };
    return { body: stores.invoices.update(supplierId, voided) };
  });
}
