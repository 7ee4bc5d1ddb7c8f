import type { Comment, Reference, SupplierReference } from '../shared-types.ts';
import type { Doc } from '../store/document-table.ts';

export const invoiceStatuses = [
  'draft',
  'pending_receipt',
  'pending_approval',
  'on_hold',
  'ap_hold',
  'approved',
  'disputed',
  'abandoned',
  'voided',
] as const;
export type InvoiceStatus = (typeof invoiceStatuses)[number];

export interface InvoiceLine {
  id: number;
  'line-num': number;
  type: 'InvoiceQuantityLine' | 'InvoiceAmountLine';
  description: string;
  quantity: number;
  price: number;
  total: number;
  uom: { code: string };
  'source-part-num': string;
  'order-line-id': number;
  'order-line-num': number;
  'po-number': string;
}

export interface Payment {
  'amount-paid': number;
  'payment-date': string;
  notes: string | null;
}

export interface DisputeReason {
  code: string;
  description: string;
}

export interface Invoice {
  id: number;
  'invoice-number': string;
  'invoice-date': string;
  status: InvoiceStatus;
  'document-type': 'Invoice' | 'Credit Note';
  'original-invoice-number': string | null;
  currency: string;
  supplier: SupplierReference;
  customer: Reference;
  'po-number': string;
  'order-header-id': number;
  'line-level-taxation': boolean;
  'tax-rate': number;
  'tax-amount': number;
  'shipping-amount': number;
  'handling-amount': number;
  'gross-total': number;
  'total-with-taxes': number;
  'payment-term': { code: string };
  'net-due-date': string;
  'supplier-created': boolean;
  'supplier-note': string | null;
  'dispute-reasons': DisputeReason[];
  comments: Comment[];
  paid: boolean;
  'payment-date': string | null;
  'payment-notes': string | null;
  payments: Payment[];
  'invoice-lines': InvoiceLine[];
  'submitted-at': string | null;
  'created-at': string;
  'updated-at': string;
}

/** An invoice as the document table stores and returns it. */
export type StoredInvoice = Invoice & Doc;
