import { found, illegalTransition } from '../http/body.ts';
import type { SupplierRouteRequest } from '../http/route-kit.ts';
import type { Doc } from '../store/document-table.ts';
import type { CspStores } from '../store/stores.ts';
import type { Catalog, CatalogItem } from './types.ts';

export type StoredCatalog = Catalog & Doc;
export type StoredItem = CatalogItem & Doc;

/** The catalog named in the path (id or name), or the 404 a missing or foreign one gets. */
export function catalogOf(
  stores: CspStores,
  request: SupplierRouteRequest,
  param = 'catalogId',
): StoredCatalog {
  return found(stores.catalogs.find(request.supplierId, request.params[param] ?? ''));
}

/**
 * Only drafts and rejected catalogs can change; a rejected one returns to draft when edited. A
 * catalog with the customer (`pending_approval`) or live (`accepted`) is a 409.
 */
export function assertEditable(catalog: Catalog): void {
  if (catalog.status === 'draft' || catalog.status === 'rejected') return;
  throw illegalTransition(`catalog is ${catalog.status}; only draft or rejected catalogs can be edited`);
}

/** After an edit: back to draft if it was rejected, a fresh `item-count` and `updated-at`. */
export function touchCatalog(
  stores: CspStores,
  supplierId: number,
  catalog: StoredCatalog,
  now: Date,
): StoredCatalog {
  const itemCount = stores.catalogItems.all(supplierId, { parentId: catalog.id }).length;
  return stores.catalogs.update(supplierId, {
    ...catalog,
    status: catalog.status === 'rejected' ? 'draft' : catalog.status,
    'item-count': itemCount,
    'updated-at': now.toISOString(),
  });
}
