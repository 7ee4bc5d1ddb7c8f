import { type JsonRecord, recordsOf } from './plan-helpers.ts';

/** What is left to invoice on each open line of an order. */
export interface RemainingLine {
  line: number;
  description: string;
  ordered: number;
  /** On submitted invoices (the order line's `invoiced`). */
  invoiced: number;
  /** On draft invoices against the order, not yet counted by the API. */
  inDrafts: number;
  remaining: number;
}

/**
 * Per open order line: ordered minus invoiced minus what drafts already hold, so a new invoice
 * never bills a quantity twice.
 */
export function remainingLines(order: JsonRecord, invoices: readonly JsonRecord[]): RemainingLine[] {
  const drafts = invoices.filter(
    (invoice) => invoice.status === 'draft' && invoice['document-type'] !== 'Credit Note',
  );
  const inDrafts = new Map<number, number>();
  for (const line of drafts.flatMap((invoice) => recordsOf(invoice['invoice-lines']))) {
    const orderLine = Number(line['order-line-num']);
    inDrafts.set(orderLine, (inDrafts.get(orderLine) ?? 0) + Number(line.quantity ?? 0));
  }
  return recordsOf(order['order-lines'])
    .filter((line) => line.status === undefined || line.status === 'open')
    .map((line) => {
      const number = Number(line['line-num']);
      const ordered = Number(line.quantity ?? 0);
      const invoiced = Number(line.invoiced ?? 0);
      const drafted = inDrafts.get(number) ?? 0;
      return {
        line: number,
        description: String(line.description ?? ''),
        ordered,
        invoiced,
        inDrafts: drafted,
        remaining: Math.max(0, ordered - invoiced - drafted),
      };
    });
}

/** `NWC-PO-11001` -> `NWC-INV-11001-1`, the first sequence no invoice of the order uses yet. */
export function nextInvoiceNumber(poNumber: string, invoices: readonly JsonRecord[]): string {
  const base = poNumber.replace(/-PO-/i, '-INV-');
  const used = new Set(invoices.map((invoice) => String(invoice['invoice-number']).toUpperCase()));
  let sequence = 1;
  while (used.has(`${base}-${sequence}`.toUpperCase())) sequence += 1;
  return `${base}-${sequence}`;
}
