import type { Address, Comment, Reference, SupplierReference } from '../shared-types.ts';
import type { Doc } from '../store/document-table.ts';

export const purchaseOrderStatuses = [
  'issued',
  'buyer_hold',
  'supplier_hold',
  'soft_closed',
  'closed',
  'cancelled',
] as const;
export type PurchaseOrderStatus = (typeof purchaseOrderStatuses)[number];

export const confirmationStatuses = [
  'pending_supplier_action',
  'supplier_draft',
  'pending_buyer_action',
  'confirmed',
  'partially_confirmed',
  'rejected',
] as const;
export type ConfirmationStatus = (typeof confirmationStatuses)[number];

export interface OrderLine {
  id: number;
  'line-num': number;
  description: string;
  quantity: number;
  price: number;
  total: number;
  uom: { code: string };
  'need-by-date': string;
  'source-part-num': string;
  'supp-aux-part-num': string | null;
  commodity: { name: string } | null;
  received: number;
  invoiced: number;
  'match-type': 'two_way' | 'three_way';
  status: 'open' | 'closed' | 'cancelled';
}

export interface LineConfirmation {
  'line-num': number;
  action: 'accept' | 'reject' | 'propose_change';
  quantity?: number;
  price?: number;
  'promised-date'?: string;
  'reason-code'?: string;
  comment?: string;
}

export interface Confirmation {
  id: number;
  action: 'accept' | 'reject' | 'line_level';
  'reason-code': string | null;
  comment: string | null;
  lines: LineConfirmation[];
  /**
   * `recorded`: a final supplier decision that needs nothing from the buyer; a proposal waits in
   * `pending_buyer_action` until the buyer `accepted` or `rejected` it.
   */
  status: 'recorded' | 'pending_buyer_action' | 'accepted' | 'rejected';
  /** The buyer's reason when it rejected the proposal. */
  'reject-reason': string | null;
  'created-at': string;
}

export interface PurchaseOrder {
  id: number;
  'po-number': string;
  status: PurchaseOrderStatus;
  version: number;
  'acknowledged-flag': boolean;
  'acknowledged-at': string | null;
  'confirmation-status': ConfirmationStatus;
  'confirm-by-hrs': number;
  currency: string;
  total: number;
  supplier: SupplierReference;
  customer: Reference;
  'ship-to-address': Address;
  'ship-to-attention': string;
  'payment-term': { code: string };
  'shipping-term': { code: string };
  'price-hidden': boolean;
  'invoice-stop': boolean;
  'transmission-status': string;
  'order-lines': OrderLine[];
  confirmations: Confirmation[];
  comments: Comment[];
  'created-at': string;
  'updated-at': string;
}

export interface OrderLineChange {
  'line-num': number;
  quantity?: number;
  price?: number;
  'need-by-date'?: string;
}

export interface PurchaseOrderChange {
  id: number;
  'order-header-id': number;
  'po-number': string;
  customer: Reference;
  status: 'pending_approval' | 'approved' | 'rejected';
  'supplier-initiated': boolean;
  'pending-cancel': boolean;
  justification: string;
  'order-line-changes': OrderLineChange[];
  'reject-reason': string | null;
  'created-at': string;
  'updated-at': string;
}

/** Orders and changes as the document tables store and return them. */
export type StoredPurchaseOrder = PurchaseOrder & Doc;
export type StoredPurchaseOrderChange = PurchaseOrderChange & Doc;
