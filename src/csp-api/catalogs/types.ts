import type { Reference } from '../shared-types.ts';

export const catalogStatuses = ['draft', 'pending_approval', 'accepted', 'rejected', 'error'] as const;
export type CatalogStatus = (typeof catalogStatuses)[number];

export interface Catalog {
  id: number;
  name: string;
  customer: Reference;
  currency: string;
  status: CatalogStatus;
  'start-date': string | null;
  'expiration-date': string | null;
  'item-count': number;
  'reject-reason': string | null;
  'submitted-at': string | null;
  'created-at': string;
  'updated-at': string;
}

export const availabilities = ['in_stock', 'out_of_stock', 'backordered'] as const;

export interface CatalogItem {
  id: number;
  catalog: { id: number; name: string };
  name: string;
  description: string | null;
  'uom-code': string;
  active: boolean;
  'supplier-part-num': string;
  'supplier-aux-part-num': string | null;
  manufacturer: string | null;
  'lead-time': number | null;
  'unspsc-code': string | null;
  price: number;
  currency: string;
  availability: (typeof availabilities)[number];
  contract: { number: string } | null;
  'created-at': string;
  'updated-at': string;
}
