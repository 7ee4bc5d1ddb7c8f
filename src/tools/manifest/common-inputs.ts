import { z } from 'zod';
import type { ArgMapping } from './tool-types.ts';

/** A record's id or its document number (PO number, invoice number, catalog name...). */
export const recordId = (description: string) =>
  z.union([z.number().int().positive(), z.string().min(1)]).describe(description);

export const isoDate = (description: string) =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
    .describe(`${description} (YYYY-MM-DD)`);

export const customerId = z.number().int().positive().describe('Customer id (see customers_list).');

export const customerFilterInput = z
  .union([z.number().int().positive(), z.string().min(1)])
  .optional()
  .describe('Customer id, or part of the customer name.');

/** Paging and sorting every list tool takes. */
export const listInputs = {
  filters: z
    .array(z.string().min(3))
    .optional()
    .describe(
      'Extra API filters as "attr[op]=value", e.g. "total[gt]=1000"; ops eq, not_eq, gt, lt, gt_or_eq, lt_or_eq, contains, starts_with, ends_with, in, not_in, blank.',
    ),
  order_by: z.string().min(1).optional().describe('Sort by this attribute (default id).'),
  dir: z.enum(['asc', 'desc']).optional().describe('Sort direction (default asc).'),
  limit: z.number().int().min(1).max(50).optional().describe('Page size, 1 to 50 (default 50).'),
  offset: z.number().int().min(0).optional().describe('Records to skip, for the next page (default 0).'),
};

export const listArgs = {
  filters: { kind: 'flag', flag: 'filter' },
  order_by: { kind: 'flag', flag: 'order-by' },
  dir: { kind: 'flag', flag: 'dir' },
  limit: { kind: 'flag', flag: 'limit' },
  offset: { kind: 'flag', flag: 'offset' },
} as const satisfies Record<keyof typeof listInputs, ArgMapping>;

/** `line_num` -> `line-num`, recursively: tools speak snake_case, the API hyphenates. */
export function hyphenateKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(hyphenateKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [key.replace(/_/g, '-'), hyphenateKeys(inner)]),
  );
}

export const positional: ArgMapping = { kind: 'positional' };
export const flag = (name: string): ArgMapping => ({ kind: 'flag', flag: name });
export const linesJson: ArgMapping = { kind: 'json', flag: 'lines-json', encode: hyphenateKeys };
