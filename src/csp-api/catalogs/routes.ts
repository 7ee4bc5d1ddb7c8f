import { found } from '../http/body.ts';
import { registerDocumentReads } from '../http/document-reads.ts';
import type { RouteKit } from '../http/route-kit.ts';
import { registerBulkItemWrites } from './bulk-items.ts';
import { registerCatalogHeaderWrites } from './create-update.ts';
import { catalogFields, catalogItemFields } from './fields.ts';
import { registerItemWrites } from './items.ts';
import { registerCatalogSimRoutes } from './sim-routes.ts';
import { registerCatalogSubmit } from './submit.ts';

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
  registerCatalogHeaderWrites(kit);
  registerCatalogSubmit(kit);
  registerItemWrites(kit);
  registerBulkItemWrites(kit);
  registerCatalogSimRoutes(kit);
}
