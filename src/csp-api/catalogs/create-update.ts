import { type FieldErrors, validationError } from '../../errors/index.ts';
import { parseBody } from '../http/body.ts';
import type { RouteKit, SupplierRouteRequest } from '../http/route-kit.ts';
import { catalogCreateBody, catalogUpdateBody } from './catalog-schema.ts';
import { assertEditable, catalogOf, type StoredCatalog, touchCatalog } from './catalog-state.ts';

/** Creating a draft catalog and editing a draft's header (name and validity dates). */
export function registerCatalogHeaderWrites(kit: RouteKit): void {
  kit.write('POST', '/api/catalogs', 'csp.catalogs.write', (request) => ({
    status: 201,
    body: createCatalog(kit, request),
  }));
  kit.write('PUT', '/api/catalogs/:id', 'csp.catalogs.write', (request) => ({
    body: updateCatalog(kit, request),
  }));
}

function createCatalog(kit: RouteKit, request: SupplierRouteRequest): StoredCatalog {
  const input = parseBody(catalogCreateBody, request.body);
  // Another supplier's customer and a missing one get the same answer: nothing is revealed.
  const customer = kit.stores.customers.get(request.supplierId, input['customer-id']);
  const errors: FieldErrors = {
    ...nameErrors(kit, request.supplierId, input.name),
    ...dateErrors(input['start-date'] ?? null, input['expiration-date'] ?? null),
  };
  if (!customer) errors['customer-id'] = ['is not one of your customers'];
  if (!customer || Object.keys(errors).length > 0) throw validationError(errors);
  const now = request.now.toISOString();
  return kit.stores.catalogs.insert(request.supplierId, {
    customerId: customer.id,
    number: input.name,
    doc: {
      name: input.name,
      customer: { id: customer.id, name: customer.name },
      currency: input.currency ?? customer.currency,
      status: 'draft',
      'start-date': input['start-date'] ?? null,
      'expiration-date': input['expiration-date'] ?? null,
      'item-count': 0,
      'reject-reason': null,
      'submitted-at': null,
      'created-at': now,
      'updated-at': now,
    },
  });
}

function updateCatalog(kit: RouteKit, request: SupplierRouteRequest): StoredCatalog {
  const catalog = catalogOf(kit.stores, request, 'id');
  assertEditable(catalog);
  const input = parseBody(catalogUpdateBody, request.body);
  const next: StoredCatalog = {
    ...catalog,
    name: input.name ?? catalog.name,
    'start-date': input['start-date'] === undefined ? catalog['start-date'] : input['start-date'],
    'expiration-date':
      input['expiration-date'] === undefined ? catalog['expiration-date'] : input['expiration-date'],
  };
  const errors: FieldErrors = {
    ...(next.name === catalog.name ? {} : nameErrors(kit, request.supplierId, next.name)),
    ...dateErrors(next['start-date'], next['expiration-date']),
  };
  if (Object.keys(errors).length > 0) throw validationError(errors);
  kit.stores.catalogs.update(request.supplierId, next, next.name);
  if (next.name !== catalog.name) renameItems(kit, request.supplierId, next);
  return touchCatalog(kit.stores, request.supplierId, next, request.now);
}

/** Items carry their catalog's name; a rename rewrites it so every read agrees. */
function renameItems(kit: RouteKit, supplierId: number, catalog: StoredCatalog): void {
  for (const item of kit.stores.catalogItems.all(supplierId, { parentId: catalog.id })) {
    kit.stores.catalogItems.update(supplierId, { ...item, catalog: { id: catalog.id, name: catalog.name } });
  }
}

/** Names are unique per supplier, since a catalog can be fetched by name. */
function nameErrors(kit: RouteKit, supplierId: number, name: string): FieldErrors {
  const other = kit.stores.catalogs.findByNumber(supplierId, name);
  return other ? { name: [`is already used by catalog ${other.id}`] } : {};
}

function dateErrors(start: string | null, expiration: string | null): FieldErrors {
  return start !== null && expiration !== null && expiration < start
    ? { 'expiration-date': ['must not be before start-date'] }
    : {};
}
