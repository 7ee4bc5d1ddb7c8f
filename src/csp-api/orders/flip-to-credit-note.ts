import { type FieldErrors, validationError } from '../../errors/index.ts';
import { found, parseBody } from '../http/body.ts';
import type { RouteKit } from '../http/route-kit.ts';
import {
  type InvoiceLineDraft,
  insertInvoice,
  invoiceNumberErrors,
  newInvoiceDocument,
} from '../invoices/build-invoice.ts';
import { today } from '../invoices/due-date.ts';
import {
  countedCreditNotes,
  creditLimits,
  findOriginalInvoice,
  type QuantityLimits,
  quantityErrors,
} from '../invoices/quantity-checks.ts';
import type { Invoice } from '../invoices/types.ts';
import { findLine, hasErrors } from './order-lines.ts';
import { flipToCreditNoteBody, type QuantityLineBody } from './schemas.ts';
import type { PurchaseOrder } from './types.ts';

/** A credit line mirrors the original's line for that order line, with a negative quantity. */
function creditDraft(
  order: PurchaseOrder,
  original: Invoice,
  lineNumber: number,
  quantity: number,
): InvoiceLineDraft {
  const originalLine = original['invoice-lines'].find((line) => line['order-line-num'] === lineNumber)!;
  return {
    orderLine: findLine(order, lineNumber)!,
    quantity: -quantity,
    price: originalLine.price,
    description: originalLine.description,
  };
}

/** The lines asked for (order line numbers that the original invoiced), or all that is creditable. */
function creditDrafts(
  order: PurchaseOrder,
  original: Invoice,
  limits: QuantityLimits,
  lines: QuantityLineBody[] | undefined,
): InvoiceLineDraft[] {
  if (lines) {
    const errors: FieldErrors = {};
    const seen = new Set<number>();
    lines.forEach((line, index) => {
      const lineNumber = line['line-num'];
      if (!limits.has(lineNumber)) errors[`lines[${index}].line-num`] = ['is not on the original invoice'];
      else if (seen.has(lineNumber)) errors[`lines[${index}].line-num`] = ['appears more than once'];
      seen.add(lineNumber);
    });
    if (hasErrors(errors)) throw validationError(errors);
    return lines.map((line) => creditDraft(order, original, line['line-num'], line.quantity));
  }
  const drafts = [...limits]
    .filter(([, limit]) => limit > 0)
    .map(([lineNumber, limit]) => creditDraft(order, original, lineNumber, limit));
  if (drafts.length === 0)
    throw validationError({ lines: ['nothing is left to credit on the original invoice'] });
  return drafts;
}

/**
 * `POST /api/purchase_orders/:id/flip_to_credit_note`: a draft credit note against a submitted
 * invoice of the order (the portal's "red coins"), for at most what that invoice still has uncredited.
 */
export function registerFlipToCreditNote(kit: RouteKit): void {
  const { stores } = kit;
  kit.write('POST', '/api/purchase_orders/:id/flip_to_credit_note', 'csp.invoices.write', (request) => {
    const { supplierId } = request;
    const order = found(stores.purchaseOrders.find(supplierId, request.params.id ?? ''));
    const body = parseBody(flipToCreditNoteBody, request.body);
    const original = findOriginalInvoice(stores, supplierId, order, body['original-invoice-number']);
    if (!original) {
      throw validationError({ 'original-invoice-number': ['is not a submitted invoice of this order'] });
    }
    const limits = creditLimits(original, order, countedCreditNotes(stores, supplierId, original));
    const creditNote = newInvoiceDocument({
      order,
      documentType: 'Credit Note',
      number: body['invoice-number'],
      originalNumber: original['invoice-number'],
      invoiceDate: body['invoice-date'] ?? today(request.now),
      lines: creditDrafts(order, original, limits, body.lines),
      supplierNote: body['supplier-note'] ?? null,
      shippingAmount: 0,
      handlingAmount: 0,
      taxRate: original['tax-rate'],
      now: request.now,
    });
    const errors: FieldErrors = {
      ...invoiceNumberErrors(stores, supplierId, order.customer.id, body['invoice-number']),
      ...quantityErrors(stores, supplierId, creditNote, order, (index) => `lines[${index}].quantity`),
    };
    if (hasErrors(errors)) throw validationError(errors);
    return { status: 201, body: insertInvoice(stores, supplierId, creditNote) };
  });
}
