import { catalogFields, catalogItemFields } from '../catalogs/fields.ts';
import type { Catalog, CatalogItem } from '../catalogs/types.ts';
import { customerFields } from '../customers/fields.ts';
import type { Customer } from '../customers/types.ts';
import { invoiceFields } from '../invoices/fields.ts';
import type { Invoice } from '../invoices/types.ts';
import { purchaseOrderChangeFields, purchaseOrderFields } from '../orders/fields.ts';
import type { PurchaseOrder, PurchaseOrderChange } from '../orders/types.ts';
import {
  profileChangeRequestFields,
  remitToAddressFields,
  supplierProfileFields,
} from '../profile/fields.ts';
import type { ProfileChangeRequest, RemitToAddress, SupplierProfile } from '../profile/types.ts';
import { createDocumentTable, type Doc, type DocumentTableStore } from './document-table.ts';
import type { SqliteDatabase } from './open-database.ts';

type Stored<T> = T & Doc;

/** Every document table of the CSP API, typed. */
export interface CspStores {
  db: SqliteDatabase;
  customers: DocumentTableStore<Stored<Customer>>;
  purchaseOrders: DocumentTableStore<Stored<PurchaseOrder>>;
  purchaseOrderChanges: DocumentTableStore<Stored<PurchaseOrderChange>>;
  invoices: DocumentTableStore<Stored<Invoice>>;
  supplierProfiles: DocumentTableStore<Stored<SupplierProfile>>;
  profileChangeRequests: DocumentTableStore<Stored<ProfileChangeRequest>>;
  remitToAddresses: DocumentTableStore<Stored<RemitToAddress>>;
  catalogs: DocumentTableStore<Stored<Catalog>>;
  catalogItems: DocumentTableStore<Stored<CatalogItem>>;
  /** Runs `work` in one SQLite transaction (all or nothing). */
  transaction<R>(work: () => R): R;
}

export function createCspStores(db: SqliteDatabase): CspStores {
  return {
    db,
    customers: createDocumentTable(db, 'customers', customerFields),
    purchaseOrders: createDocumentTable(db, 'purchase_orders', purchaseOrderFields),
    purchaseOrderChanges: createDocumentTable(db, 'purchase_order_changes', purchaseOrderChangeFields),
    invoices: createDocumentTable(db, 'invoices', invoiceFields),
    supplierProfiles: createDocumentTable(db, 'supplier_profiles', supplierProfileFields),
    profileChangeRequests: createDocumentTable(db, 'profile_change_requests', profileChangeRequestFields),
    remitToAddresses: createDocumentTable(db, 'remit_to_addresses', remitToAddressFields),
    catalogs: createDocumentTable(db, 'catalogs', catalogFields),
    catalogItems: createDocumentTable(db, 'catalog_items', catalogItemFields),
    transaction: (work) => db.transaction(work)(),
  };
}
