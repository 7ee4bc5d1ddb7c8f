import type { FieldErrors } from '../../errors/index.ts';
import type { PurchaseOrder } from '../orders/types.ts';
import type { CspStores } from '../store/stores.ts';
import { countsTowardInvoiced } from './invoice-statuses.ts';
import { roundQuantity } from './totals.ts';
import type { Invoice, InvoiceLine } from './types.ts';

/** How much of each order line (by line number) a document may still cover. */
export type QuantityLimits = Map<number, number>;

type QuantityLine = Pick<InvoiceLine, 'order-line-num' | 'quantity'>;

/** The parts of an invoice (or one being built) that its quantity limits depend on. */
export type CheckedDocument = Pick<
  Invoice,
  'document-type' | 'invoice-lines' | 'original-invoice-number' | 'customer'
> & { id?: number };

/** What is left to invoice on each order line: ordered minus submitted. Drafts do not count. */
export function invoiceLimits(order: PurchaseOrder): QuantityLimits {
  return new Map(
    order['order-lines'].map((line) => [
      line['line-num'],
      roundQuantity(Math.max(0, line.quantity - line.invoiced)),
    ]),
  );
}

/** The submitted invoice of `order` a credit note refers to, if it is one. */
export function findOriginalInvoice(
  stores: CspStores,
  supplierId: number,
  order: PurchaseOrder,
  number: string | null,
): Invoice | undefined {
  if (number === null) return undefined;
  const original = stores.invoices.findByNumber(supplierId, number, { customerId: order.customer.id });
  const usable =
    original?.['document-type'] === 'Invoice' &&
    original['order-header-id'] === order.id &&
    countsTowardInvoiced(original.status);
  return usable ? original : undefined;
}

/** Submitted credit notes against `original`, other than the one being checked. */
export function countedCreditNotes(
  stores: CspStores,
  supplierId: number,
  original: Invoice,
  exceptId?: number,
): Invoice[] {
  return stores.invoices
    .all(supplierId, { customerId: original.customer.id })
    .filter(
      (candidate) =>
        candidate['document-type'] === 'Credit Note' &&
        candidate['original-invoice-number'] === original['invoice-number'] &&
        candidate.id !== exceptId &&
        countsTowardInvoiced(candidate.status),
    );
}

/**
 * What may still be credited on each order line: what the original invoiced, less the submitted
 * credit notes (whose quantities are negative), and never more than the line's invoiced quantity.
 */
export function creditLimits(
  original: Invoice,
  order: PurchaseOrder,
  earlierCredits: Invoice[],
): QuantityLimits {
  const limits: QuantityLimits = new Map();
  const add = (line: QuantityLine) =>
    limits.set(
      line['order-line-num'],
      roundQuantity((limits.get(line['order-line-num']) ?? 0) + line.quantity),
    );
  for (const line of original['invoice-lines']) add(line);
  for (const credit of earlierCredits) for (const line of credit['invoice-lines']) add(line);
  for (const [lineNumber, limit] of limits) {
    const invoiced = order['order-lines'].find((line) => line['line-num'] === lineNumber)?.invoiced ?? 0;
    limits.set(lineNumber, Math.max(0, Math.min(limit, invoiced)));
  }
  return limits;
}

/**
 * One error per line whose order line would be covered beyond its limit (several lines of one
 * document on the same order line are added up). `fieldOf` names the field a line came from.
 */
export function excessErrors(
  lines: readonly QuantityLine[],
  limits: QuantityLimits,
  verb: 'invoice' | 'credit',
  fieldOf: (index: number) => string,
): FieldErrors {
  const requested = new Map<number, number>();
  for (const line of lines) {
    const lineNumber = line['order-line-num'];
    requested.set(lineNumber, roundQuantity((requested.get(lineNumber) ?? 0) + Math.abs(line.quantity)));
  }
  const errors: FieldErrors = {};
  lines.forEach((line, index) => {
    const lineNumber = line['order-line-num'];
    const limit = limits.get(lineNumber) ?? 0;
    if ((requested.get(lineNumber) ?? 0) > limit + 1e-9) {
      errors[fieldOf(index)] = [`exceeds the ${limit} left to ${verb} on order line ${lineNumber}`];
    }
  });
  return errors;
}

/** Over-invoicing (or over-crediting) errors for a document against the order as it stands now. */
export function quantityErrors(
  stores: CspStores,
  supplierId: number,
  document: CheckedDocument,
  order: PurchaseOrder,
  fieldOf: (index: number) => string,
): FieldErrors {
  const lines = document['invoice-lines'];
  if (document['document-type'] === 'Invoice') {
    return excessErrors(lines, invoiceLimits(order), 'invoice', fieldOf);
  }
  const original = findOriginalInvoice(stores, supplierId, order, document['original-invoice-number']);
  if (!original) return { 'original-invoice-number': ['is not a submitted invoice of this order'] };
  const earlier = countedCreditNotes(stores, supplierId, original, document.id);
  return excessErrors(lines, creditLimits(original, order, earlier), 'credit', fieldOf);
}
