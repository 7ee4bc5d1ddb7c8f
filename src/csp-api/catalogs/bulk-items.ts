import { type FieldErrors, isAppError, validationError } from '../../errors/index.ts';
import { parseBody } from '../http/body.ts';
import type { RouteKit, SupplierRouteRequest } from '../http/route-kit.ts';
import { bulkRowsOf } from './bulk-rows.ts';
import { type StoredItem, touchCatalog } from './catalog-state.ts';
import { type ItemPatch, itemPatchSchema } from './item-schema.ts';
import { buildItem, type ItemWriteContext } from './item-writes.ts';
import { itemWriteContext } from './items.ts';
import type { CatalogItem } from './types.ts';

/** Bulk uploads may be larger than other bodies: 1,000 rows of CSV fit well within 2 MiB. */
const bulkBodyLimit = 2 * 1024 * 1024;

interface PlannedItem {
  existing: StoredItem | undefined;
  item: Omit<CatalogItem, 'id'>;
}

/**
 * `POST /api/catalogs/:catalogId/items/bulk`: creates or updates (by supplier part number) up to
 * 1,000 items. Every row is checked before anything is written, so a bad row changes nothing.
 */
export function registerBulkItemWrites(kit: RouteKit): void {
  kit.write(
    'POST',
    '/api/catalogs/:catalogId/items/bulk',
    'csp.catalogs.write',
    (request) => ({ status: 201, body: bulkUpload(kit, request) }),
    { bodyLimit: bulkBodyLimit },
  );
}

function bulkUpload(kit: RouteKit, request: SupplierRouteRequest) {
  const context = itemWriteContext(kit, request);
  const rows = bulkRowsOf(request.body);
  const scope = { parentId: context.catalog.id };
  const current = new Map(
    kit.stores.catalogItems.all(request.supplierId, scope).map((item) => [item['supplier-part-num'], item]),
  );
  const errors: FieldErrors = {};
  const firstRowOfPart = new Map<string, number>();
  const planned: PlannedItem[] = [];
  for (const { row, input, problem } of rows) {
    const prefix = `row ${row}`;
    if (problem) {
      errors[prefix] = [problem];
      continue;
    }
    const patch = rowPatch(input, prefix, errors);
    const part = patch?.['supplier-part-num'];
    if (!patch) continue;
    if (part === undefined) {
      errors[`${prefix}.supplier-part-num`] = ['is required'];
      continue;
    }
    const earlier = firstRowOfPart.get(part);
    if (earlier !== undefined) {
      errors[`${prefix}.supplier-part-num`] = [
        `repeats row ${earlier}: a part number may appear once per upload`,
      ];
      continue;
    }
    firstRowOfPart.set(part, row);
    const plan = planRow(context, current.get(part), patch, prefix, errors);
    if (plan) planned.push(plan);
  }
  if (Object.keys(errors).length > 0) {
    throw validationError(errors, 'Nothing was imported: fix the rows named and upload again.');
  }
  const items = planned.map(({ existing, item }) =>
    existing
      ? kit.stores.catalogItems.update(request.supplierId, { ...item, id: existing.id })
      : kit.stores.catalogItems.insert(request.supplierId, {
          customerId: context.catalog.customer.id,
          parentId: context.catalog.id,
          number: item['supplier-part-num'],
          doc: item,
        }),
  );
  touchCatalog(kit.stores, request.supplierId, context.catalog, request.now);
  const updated = planned.filter((plan) => plan.existing).length;
  return { created: planned.length - updated, updated, items };
}

/** The row's fields checked against the item schema; errors go under `row N.field`. */
function rowPatch(input: unknown, prefix: string, errors: FieldErrors): ItemPatch | undefined {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    errors[prefix] = ['must be an object of item fields'];
    return undefined;
  }
  try {
    return parseBody(itemPatchSchema, input);
  } catch (error) {
    if (!isAppError(error) || !error.fields) throw error;
    for (const [field, messages] of Object.entries(error.fields)) {
      errors[field === 'base' ? prefix : `${prefix}.${field}`] = messages;
    }
    return undefined;
  }
}

function planRow(
  context: ItemWriteContext,
  existing: StoredItem | undefined,
  patch: ItemPatch,
  prefix: string,
  errors: FieldErrors,
): PlannedItem | undefined {
  const built = buildItem(context, existing, patch);
  if (built.ok) return { existing, item: built.item };
  for (const [field, messages] of Object.entries(built.errors)) errors[`${prefix}.${field}`] = messages;
  return undefined;
}
