import { z } from 'zod';
import { availabilities, catalogStatuses } from '../../csp-api/catalogs/types.ts';
import type { ApiOperation } from '../csp/command-types.ts';
import {
  customerFilterInput,
  customerId,
  flag,
  hyphenateKeys,
  isoDate,
  listArgs,
  listInputs,
  positional,
  recordId,
} from './common-inputs.ts';
import { defineTool } from './define-tool.ts';
import type { ArgMapping } from './tool-types.ts';

const catalogRef = recordId('Catalog id or catalog name.');
const itemId = recordId('Item id or supplier part number.');

/** Item fields a tool may set; all optional here, `catalog_items_add` requires some. */
const itemFields = {
  name: z.string().min(1).optional().describe('Item name.'),
  description: z.string().min(1).optional().describe('Item description (needed before submitting).'),
  uom: z
    .string()
    .min(1)
    .optional()
    .describe('Unit of measure code that exists at the customer (EA, BX, HR...).'),
  price: z.number().nonnegative().optional().describe('Unit price.'),
  currency: z.string().min(3).max(3).optional().describe("Price currency (default: the catalog's)."),
  unspsc_code: z
    .string()
    .regex(/^\d{8}$/, 'must be 8 digits')
    .optional()
    .describe('UNSPSC code, 8 digits.'),
  lead_time: z.number().int().min(0).optional().describe('Lead time in days.'),
  manufacturer: z.string().min(1).optional(),
  aux_part: z.string().min(1).optional().describe('Supplier auxiliary part number.'),
  availability: z.enum(availabilities).optional(),
  active: z.boolean().optional().describe('Whether buyers can order it.'),
  contract: z.string().min(1).optional().describe('Contract number the price comes from.'),
};
const itemArgs = {
  name: flag('name'),
  description: flag('description'),
  uom: flag('uom'),
  price: flag('price'),
  currency: flag('currency'),
  unspsc_code: flag('unspsc-code'),
  lead_time: flag('lead-time'),
  manufacturer: flag('manufacturer'),
  aux_part: flag('aux-part'),
  availability: flag('availability'),
  active: flag('active'),
  contract: flag('contract'),
} as const satisfies Record<keyof typeof itemFields, ArgMapping>;

const bulkOnly = (operations: readonly ApiOperation[]) => operations.filter((o) => o.path.endsWith('/bulk'));
const singleOnly = (operations: readonly ApiOperation[]) =>
  operations.filter((o) => !o.path.endsWith('/bulk'));

export const catalogTools = [
  defineTool({
    name: 'catalogs_list',
    description:
      'List catalogs (price lists per customer) with status (draft, pending_approval, accepted, rejected) and item count. Returns a JSON array.',
    command: ['catalogs', 'list'],
    input: z.strictObject({
      status: z.enum(catalogStatuses).optional(),
      customer: customerFilterInput,
      name: z.string().min(1).optional().describe('Part of the catalog name.'),
      ...listInputs,
    }),
    args: { status: flag('status'), customer: flag('customer'), name: flag('name'), ...listArgs },
  }),
  defineTool({
    name: 'catalogs_show',
    description: 'Show one catalog by id or name. Returns a JSON object.',
    command: ['catalogs', 'show'],
    input: z.strictObject({ id: catalogRef }),
    args: { id: positional },
  }),
  defineTool({
    name: 'catalogs_create',
    description:
      'Create a draft catalog for a customer. Returns the new catalog (add items, then submit it).',
    command: ['catalogs', 'create'],
    input: z.strictObject({
      name: z.string().min(1),
      customer: customerId,
      currency: z
        .string()
        .min(3)
        .max(3)
        .optional()
        .describe("Currency code, e.g. USD (default: the customer's)."),
      start_date: isoDate('First day the prices apply').optional(),
      expiration_date: isoDate('Last day the prices apply').optional(),
    }),
    args: {
      name: flag('name'),
      customer: flag('customer'),
      currency: flag('currency'),
      start_date: flag('start-date'),
      expiration_date: flag('expiration-date'),
    },
  }),
  defineTool({
    name: 'catalogs_update',
    description: 'Rename a draft catalog or change its dates. Returns the updated catalog.',
    command: ['catalogs', 'update'],
    input: z.strictObject({
      id: catalogRef,
      name: z.string().min(1).optional(),
      start_date: isoDate('First day the prices apply').optional(),
      expiration_date: isoDate('Last day the prices apply').optional(),
    }),
    args: {
      id: positional,
      name: flag('name'),
      start_date: flag('start-date'),
      expiration_date: flag('expiration-date'),
    },
  }),
  defineTool({
    name: 'catalogs_submit',
    description:
      'Submit a draft catalog for the customer to approve. Every active item needs a description (a 422 names the items that do not). Returns the catalog, now pending_approval.',
    command: ['catalogs', 'submit'],
    input: z.strictObject({ id: catalogRef }),
    args: { id: positional },
  }),
  defineTool({
    name: 'catalog_items_list',
    description:
      'List the items of a catalog. `missing` finds items lacking a UNSPSC code, description or lead time (catalog enrichment). Returns a JSON array (at most `limit`, default 50; page with `offset`).',
    command: ['catalog', 'items', 'list'],
    input: z.strictObject({
      catalog: catalogRef,
      missing: z
        .array(z.enum(['unspsc-code', 'description', 'lead-time']))
        .optional()
        .describe('Fields the items lack.'),
      part: z.string().min(1).optional().describe('Exact supplier part number.'),
      name: z.string().min(1).optional().describe('Part of the item name.'),
      active: z.boolean().optional(),
      ...listInputs,
    }),
    args: {
      catalog: flag('catalog'),
      missing: flag('missing'),
      part: flag('part'),
      name: flag('name'),
      active: flag('active'),
      ...listArgs,
    },
  }),
  defineTool({
    name: 'catalog_items_show',
    description: 'Show one catalog item by id or supplier part number. Returns a JSON object.',
    command: ['catalog', 'items', 'show'],
    input: z.strictObject({ catalog: catalogRef, id: itemId }),
    args: { catalog: flag('catalog'), id: positional },
  }),
  defineTool({
    name: 'catalog_items_add',
    description:
      'Add one item to a draft catalog (part number unique in the catalog; unit of measure must exist at the customer). For many items use catalog_items_bulk_add. Returns the new item.',
    command: ['catalog', 'items', 'add'],
    operations: singleOnly,
    input: z.strictObject({
      catalog: catalogRef,
      part: z.string().min(1).describe('Supplier part number.'),
      ...itemFields,
      name: z.string().min(1).describe('Item name.'),
      uom: z.string().min(1).describe('Unit of measure code that exists at the customer.'),
      price: z.number().nonnegative().describe('Unit price.'),
    }),
    args: { catalog: flag('catalog'), part: flag('part'), ...itemArgs },
  }),
  defineTool({
    name: 'catalog_items_bulk_add',
    description:
      'Add or update many items of a draft catalog at once, all or nothing (up to 1,000): `csv` with the portal\'s loader columns (header row: Name, Description, UOM Code, Active, Supplier Part Num, Supplier Aux Part Num, Manufacturer, Lead Time, UNSPSC, Price, Currency), or `items` as objects with API fields (name, description, uom_code, supplier_part_num, price, unspsc_code, lead_time...). An existing part number is updated. Errors are keyed "row N". Returns the result of the upload.',
    command: ['catalog', 'items', 'add'],
    operations: bulkOnly,
    input: z
      .strictObject({
        catalog: catalogRef,
        csv: z.string().min(1).optional().describe('CSV text with a header row.'),
        items: z.array(z.record(z.string(), z.unknown())).min(1).max(1000).optional(),
      })
      .refine((input) => (input.csv === undefined) !== (input.items === undefined), {
        message: 'give either csv or items',
        path: ['items'],
      }),
    args: {
      catalog: flag('catalog'),
      csv: flag('csv-text'),
      items: { kind: 'json', flag: 'items-json', encode: hyphenateKeys },
    },
  }),
  defineTool({
    name: 'catalog_items_update',
    description:
      'Change an item of a draft catalog: description, UNSPSC code, lead time, price, unit, availability, active... (not the part number). Returns the updated item.',
    command: ['catalog', 'items', 'update'],
    input: z.strictObject({ catalog: catalogRef, id: itemId, ...itemFields }),
    args: { catalog: flag('catalog'), id: positional, ...itemArgs },
  }),
];
