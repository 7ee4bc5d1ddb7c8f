import { availabilities } from '../../../csp-api/catalogs/types.ts';
import type { CommandInput } from '../command-input.ts';
import type { BuildContext, CommandDefinition, FlagDefinition } from '../command-types.ts';
import { flagName, usageError } from '../usage-error.ts';
import { bodyFields } from './body-fields.ts';
import { parseJsonArray, parseJsonObject } from './line-specs.ts';
import {
  containsFilter,
  defineListCommand,
  defineShowCommand,
  exactFilter,
  type FilterFlag,
} from './list-flags.ts';

const listItems = { method: 'GET', path: '/api/catalogs/:catalogId/items' } as const;
const addItem = { method: 'POST', path: '/api/catalogs/:catalogId/items' } as const;
const addItems = { method: 'POST', path: '/api/catalogs/:catalogId/items/bulk' } as const;
const updateItem = { method: 'PUT', path: '/api/catalogs/:catalogId/items/:itemId' } as const;

const catalogFlag: FlagDefinition = {
  type: 'string',
  required: true,
  description: 'Catalog id or catalog name.',
};
const catalogParam = (input: CommandInput) => ({ catalogId: input.requiredString('catalog') });

const missingFilter: FilterFlag = {
  type: 'string',
  multiple: true,
  choices: ['unspsc-code', 'description', 'lead-time'],
  description: 'Items lacking this field (repeatable).',
  toQuery: (field) => [[`${field}[blank]`, 'true']],
};

/** Item fields a flag can set (everything but the part number, which `add` sets as `--part`). */
const itemFieldFlags: Record<string, FlagDefinition> = {
  name: { type: 'string', description: 'Item name.' },
  description: { type: 'string', description: 'Item description (needed before submitting).' },
  uom: { type: 'string', description: 'Unit of measure code; must exist at the customer (EA, BX, HR...).' },
  price: { type: 'number', min: 0, description: 'Unit price.' },
  currency: { type: 'string', description: "Price currency (defaults to the catalog's)." },
  'unspsc-code': { type: 'string', description: 'UNSPSC commodity code, 8 digits.' },
  'lead-time': { type: 'integer', min: 0, description: 'Lead time in days.' },
  manufacturer: { type: 'string', description: 'Manufacturer name.' },
  'aux-part': { type: 'string', description: 'Supplier auxiliary part number.' },
  availability: { type: 'string', choices: availabilities, description: 'Stock availability.' },
  active: { type: 'boolean', description: 'Whether buyers can order it (true|false).' },
  contract: { type: 'string', valueName: 'NUMBER', description: 'Contract number the price comes from.' },
};
const itemFieldNames: Record<string, string> = {
  name: 'name',
  description: 'description',
  uom: 'uom-code',
  price: 'price',
  currency: 'currency',
  'unspsc-code': 'unspsc-code',
  'lead-time': 'lead-time',
  manufacturer: 'manufacturer',
  'aux-part': 'supplier-aux-part-num',
  availability: 'availability',
  active: 'active',
};

/** The item body from its flags; a contract number becomes the API's `{"number"}` object. */
function itemBody(input: CommandInput): Record<string, unknown> {
  const contract = input.string('contract');
  return {
    ...bodyFields(input, itemFieldNames),
    ...(contract === undefined ? {} : { contract: { number: contract } }),
  };
}

const addCommand: CommandDefinition = {
  path: ['catalog', 'items', 'add'],
  summary: 'Add one item to a draft catalog, or many at once from CSV or JSON (all or nothing).',
  details: [
    'Examples:',
    '  csp catalog items add --catalog 7 --name "Ball bearing" --part NWC-BRG-7000 --uom EA --price 4.5',
    "  csp catalog items add --catalog 7 --file items.csv      (the portal's loader columns)",
    '  csp catalog items add --catalog 7 --file items.json     ([{...}] or {"items":[...]})',
    'CSV columns: Name, Description, UOM Code, Active, Supplier Part Num (required), Supplier Aux Part Num,',
    'Manufacturer, Lead Time, UNSPSC, Price, Currency. Bulk: up to 1,000 rows; an existing part number is updated.',
  ].join('\n'),
  positionals: [],
  flags: {
    catalog: catalogFlag,
    file: { type: 'string', valueName: 'PATH', description: 'A .csv or .json file of items.' },
    'csv-text': { type: 'string', valueName: 'CSV', description: 'The CSV itself, instead of --file.' },
    'items-json': {
      type: 'string',
      valueName: 'JSON',
      description: 'A JSON array of items, instead of --file.',
    },
    part: { type: 'string', description: 'Supplier part number (unique in the catalog).' },
    ...itemFieldFlags,
  },
  operations: [addItem, addItems],
  build: async (input, context) => {
    const sources = ['file', 'csv-text', 'items-json'].filter((name) => input.has(name));
    if (sources.length > 1)
      throw usageError(flagName(sources[1]!), `give only one of --${sources.join(', --')}`);
    const bulkBody = await bulkItems(input, context);
    if (bulkBody !== undefined) {
      const itemFlag = ['part', ...Object.keys(itemFieldFlags)].find((name) => input.has(name));
      if (itemFlag) throw usageError(flagName(itemFlag), `cannot be combined with --${sources[0]}`);
      return { operation: addItems, params: catalogParam(input), ...bulkBody };
    }
    for (const name of ['name', 'part', 'uom', 'price']) {
      if (!input.has(name)) throw usageError(flagName(name), 'is required (or give --file with many items)');
    }
    return {
      operation: addItem,
      params: catalogParam(input),
      body: { ...itemBody(input), 'supplier-part-num': input.string('part') },
    };
  },
};

/** The bulk body from `--file`, `--csv-text` or `--items-json`; `undefined` for a single item. */
async function bulkItems(
  input: CommandInput,
  context: BuildContext,
): Promise<{ body: unknown } | { rawBody: { contentType: string; text: string } } | undefined> {
  const csv = input.string('csv-text');
  if (csv !== undefined) return { rawBody: { contentType: 'text/csv', text: csv } };
  const json = input.string('items-json');
  if (json !== undefined) return { body: { items: parseJsonArray(json, flagName('items-json')) } };
  const file = input.string('file');
  if (file === undefined) return undefined;
  let text: string;
  try {
    text = await context.readFile(file);
  } catch (error) {
    throw usageError(flagName('file'), `cannot read ${file}: ${(error as Error).message}`);
  }
  if (!file.toLowerCase().endsWith('.json')) return { rawBody: { contentType: 'text/csv', text } };
  const trimmed = text.trimStart();
  if (trimmed.startsWith('[')) return { body: { items: parseJsonArray(text, flagName('file')) } };
  const object = parseJsonObject(text, flagName('file'));
  if (!Array.isArray(object.items))
    throw usageError(flagName('file'), 'a JSON file must be [...] or {"items":[...]}');
  return { body: object };
}

const updateCommand: CommandDefinition = {
  path: ['catalog', 'items', 'update'],
  summary: 'Change an item of a draft catalog (any field but the part number).',
  details: 'Example: csp catalog items update --catalog 7 NWC-BRG-6204 --unspsc-code 31171504 --lead-time 10',
  positionals: [{ name: 'item', description: 'Item id or supplier part number.', required: true }],
  flags: { catalog: catalogFlag, ...itemFieldFlags },
  operations: [updateItem],
  build: (input) => {
    const body = itemBody(input);
    if (Object.keys(body).length === 0) {
      throw usageError('catalog items update', 'nothing to change: give at least one field flag');
    }
    return {
      operation: updateItem,
      params: { ...catalogParam(input), itemId: input.requiredPositional('item') },
      body,
    };
  },
};

export const catalogItemCommands: CommandDefinition[] = [
  defineListCommand({
    path: ['catalog', 'items', 'list'],
    summary: 'List the items of a catalog; --missing finds items lacking a code, description or lead time.',
    details: 'Example: csp catalog items list --catalog "2027 Catalog" --missing unspsc-code --limit 20',
    operation: listItems,
    extraFlags: { catalog: catalogFlag },
    params: catalogParam,
    filters: {
      missing: missingFilter,
      part: exactFilter('supplier-part-num', { type: 'string', description: 'Exact supplier part number.' }),
      name: containsFilter('name', 'Items whose name contains this text.'),
      active: exactFilter('active', { type: 'boolean', description: 'Active items only (true|false).' }),
    },
  }),
  defineShowCommand({
    path: ['catalog', 'items', 'show'],
    summary: 'Show one catalog item.',
    operation: { method: 'GET', path: '/api/catalogs/:catalogId/items/:itemId' },
    idDescription: 'Item id or supplier part number.',
    extraFlags: { catalog: catalogFlag },
    params: catalogParam,
    idParam: 'itemId',
  }),
  addCommand,
  updateCommand,
];
