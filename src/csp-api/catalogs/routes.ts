import { found } from '../http/body.ts';
import { registerDocumentReads } from '../http/document-reads.ts';
import type { RouteKit } from '../http/route-kit.ts';
import { catalogFields, catalogItemFields } from './fields.ts';

/** Catalogs and their items. */
export function registerCatalogRoutes(kit: RouteKit): void {
  const { catalogs, catalogItems } = kit.stores;
  registerDocumentReads(kit, {
    path: '/api/catalogs',
    scope: 'csp.catalogs.read',
    table: catalogs,
    fields: catalogFields,
  });
  registerDocumentReads(kit, {
    path: '/api/catalogs/:catalogId/items',
    idParam: 'itemId',
    scope: 'csp.catalogs.read',
    table: catalogItems,
    fields: catalogItemFields,
    scopeOf: (request) => ({
      parentId: found(catalogs.find(request.supplierId, request.params.catalogId ?? '')).id,
    }),
  });
}
