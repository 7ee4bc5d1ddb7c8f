import type { FieldErrors } from '../../errors/index.ts';
import type { Customer } from '../customers/types.ts';
import type { StoredCatalog, StoredItem } from './catalog-state.ts';
import { type ItemPatch, requiredForCreate } from './item-schema.ts';
import type { CatalogItem } from './types.ts';

export interface ItemWriteContext {
  catalog: StoredCatalog;
  /** The catalog's customer: its units of measure are the only ones an item may use. */
  customer: Customer;
  now: Date;
}

export type ItemBuild = { ok: true; item: Omit<CatalogItem, 'id'> } | { ok: false; errors: FieldErrors };

/**
 * The item a patch produces: applied to `existing` for an update, or to the defaults for a new
 * item (which must then have every required field). Problems come back keyed by field name.
 */
export function buildItem(
  context: ItemWriteContext,
  existing: StoredItem | undefined,
  patch: ItemPatch,
): ItemBuild {
  const errors: FieldErrors = {};
  const part = patch['supplier-part-num'];
  if (existing && part !== undefined && part !== existing['supplier-part-num']) {
    errors['supplier-part-num'] = ['cannot be changed: add a new item and deactivate this one'];
  }
  if (!existing) {
    for (const field of requiredForCreate) {
      if (patch[field] === undefined) errors[field] = ['is required'];
    }
  }
  const uomCode = patch['uom-code'] ?? existing?.['uom-code'];
  const uom = uomCode === undefined ? undefined : uomAt(context.customer, uomCode);
  if (uomCode !== undefined && uom === undefined) {
    errors['uom-code'] = [
      `is not a unit of measure at ${context.customer.name} (${context.customer.uoms.join(', ')})`,
    ];
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  const now = context.now.toISOString();
  const base: Omit<CatalogItem, 'id'> = existing ?? {
    catalog: { id: context.catalog.id, name: context.catalog.name },
    name: '',
    description: null,
    'uom-code': '',
    active: true,
    'supplier-part-num': '',
    'supplier-aux-part-num': null,
    manufacturer: null,
    'lead-time': null,
    'unspsc-code': null,
    price: 0,
    currency: context.catalog.currency,
    availability: 'in_stock',
    contract: null,
    'created-at': now,
    'updated-at': now,
  };
  const defined = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
  return { ok: true, item: { ...base, ...defined, 'uom-code': uom ?? base['uom-code'], 'updated-at': now } };
}

/** The customer's spelling of a unit of measure, matched without regard to case. */
function uomAt(customer: Customer, code: string): string | undefined {
  return customer.uoms.find((uom) => uom.toUpperCase() === code.toUpperCase());
}
