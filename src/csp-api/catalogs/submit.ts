import { type FieldErrors, validationError } from '../../errors/index.ts';
import { illegalTransition } from '../http/body.ts';
import type { RouteKit, SupplierRouteRequest } from '../http/route-kit.ts';
import { catalogOf, type StoredCatalog } from './catalog-state.ts';

/** `PUT /api/catalogs/:id/submit`: a complete draft goes to the customer for approval. */
export function registerCatalogSubmit(kit: RouteKit): void {
  kit.write('PUT', '/api/catalogs/:id/submit', 'csp.catalogs.write', (request) => ({
    body: submitCatalog(kit, request),
  }));
}

function submitCatalog(kit: RouteKit, request: SupplierRouteRequest): StoredCatalog {
  const catalog = catalogOf(kit.stores, request, 'id');
  if (catalog.status !== 'draft') {
    const hint = catalog.status === 'rejected' ? ' (edit a rejected catalog to return it to draft)' : '';
    throw illegalTransition(`catalog is ${catalog.status}; only a draft can be submitted${hint}`);
  }
  const items = kit.stores.catalogItems.all(request.supplierId, { parentId: catalog.id });
  const active = items.filter((item) => item.active);
  const errors: FieldErrors = {};
  if (active.length === 0) errors.items = ['the catalog has no active items'];
  for (const item of active) {
    if (item.description === null || item.description.trim() === '') {
      errors[`items[${item['supplier-part-num']}].description`] = [
        `is required: every active item needs a description (item ${item.id})`,
      ];
    }
  }
  if (Object.keys(errors).length > 0) throw validationError(errors, 'The catalog is not ready to submit.');
  const now = request.now.toISOString();
  return kit.stores.catalogs.update(request.supplierId, {
    ...catalog,
    status: 'pending_approval',
    'item-count': items.length,
    'reject-reason': null,
    'submitted-at': now,
    'updated-at': now,
  });
}
