import { validationError } from '../../errors/index.ts';
import { found, parseBody } from '../http/body.ts';
import type { RouteKit, SupplierRouteRequest } from '../http/route-kit.ts';
import { assertEditable, catalogOf, type StoredItem, touchCatalog } from './catalog-state.ts';
import { itemPatchSchema } from './item-schema.ts';
import { buildItem, type ItemWriteContext } from './item-writes.ts';

/** Adding one item to a catalog and editing one; items are never deleted, only deactivated. */
export function registerItemWrites(kit: RouteKit): void {
  kit.write('POST', '/api/catalogs/:catalogId/items', 'csp.catalogs.write', (request) => ({
    status: 201,
    body: addItem(kit, request),
  }));
  kit.write('PUT', '/api/catalogs/:catalogId/items/:itemId', 'csp.catalogs.write', (request) => ({
    body: updateItem(kit, request),
  }));
}

function addItem(kit: RouteKit, request: SupplierRouteRequest): StoredItem {
  const context = itemWriteContext(kit, request);
  const patch = parseBody(itemPatchSchema, request.body);
  const part = patch['supplier-part-num'];
  const scope = { parentId: context.catalog.id };
  const duplicate =
    part === undefined ? undefined : kit.stores.catalogItems.findByNumber(request.supplierId, part, scope);
  if (duplicate) {
    throw validationError({
      'supplier-part-num': [`is already used in this catalog (item ${duplicate.id})`],
    });
  }
  const built = buildItem(context, undefined, patch);
  if (!built.ok) throw validationError(built.errors);
  const item = kit.stores.catalogItems.insert(request.supplierId, {
    customerId: context.catalog.customer.id,
    parentId: context.catalog.id,
    number: built.item['supplier-part-num'],
    doc: built.item,
  });
  touchCatalog(kit.stores, request.supplierId, context.catalog, request.now);
  return item;
}

function updateItem(kit: RouteKit, request: SupplierRouteRequest): StoredItem {
  const catalog = catalogOf(kit.stores, request);
  const scope = { parentId: catalog.id };
  const existing = found(
    kit.stores.catalogItems.find(request.supplierId, request.params.itemId ?? '', scope),
  );
  const context = itemWriteContext(kit, request, catalog);
  const patch = parseBody(itemPatchSchema, request.body);
  const built = buildItem(context, existing, patch);
  if (!built.ok) throw validationError(built.errors);
  const item = kit.stores.catalogItems.update(request.supplierId, { ...built.item, id: existing.id });
  touchCatalog(kit.stores, request.supplierId, context.catalog, request.now);
  return item;
}

/** The catalog in the path (404 if not the caller's), checked editable, with its customer. */
export function itemWriteContext(
  kit: RouteKit,
  request: SupplierRouteRequest,
  catalog = catalogOf(kit.stores, request),
): ItemWriteContext {
  assertEditable(catalog);
  const customer = found(kit.stores.customers.get(request.supplierId, catalog.customer.id));
  return { catalog, customer, now: request.now };
}
