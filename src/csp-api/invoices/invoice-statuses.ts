import type { InvoiceStatus } from './types.ts';

/** Statuses whose quantities are on the order lines' `invoiced`: submitted and not voided or abandoned. */
const uncountedStatuses: readonly InvoiceStatus[] = ['draft', 'voided', 'abandoned'];

export const countsTowardInvoiced = (status: InvoiceStatus): boolean => !uncountedStatuses.includes(status);

/** Statuses awaiting the customer's decision: it may approve or dispute them. */
export const awaitingCustomerStatuses: readonly InvoiceStatus[] = [
  'pending_receipt',
  'pending_approval',
  'on_hold',
  'ap_hold',
];

/** The supplier may void only these, and only while unpaid (Coupa's rule for supplier voids). */
export const voidableStatuses: readonly InvoiceStatus[] = ['pending_receipt', 'approved'];
