import { AppError } from '../../errors/index.ts';
import type { FieldSchema } from './field-schema.ts';
import { type Filter, parseFilter } from './filters.ts';
import { type Projection, projectionFromQuery } from './projection.ts';

export const maxPageSize = 50;

export interface ListQuery {
  filters: Filter[];
  offset: number;
  limit: number;
  /** A field name from the schema; `id` by default. */
  orderBy: string;
  direction: 'asc' | 'desc';
  projection: Projection;
}

const reserved = new Set([
  'offset',
  'limit',
  'order_by',
  'order-by',
  'dir',
  'fields',
  'return_object',
  'return-object',
]);

/**
 * Parses a list request's query string: `attr[op]=v` filters, `offset`/`limit` (at most 50),
 * `order_by`/`dir`, `fields` and `return_object`. Names in `ignore` belong to the route itself.
 */
export function parseListQuery(
  params: URLSearchParams,
  schema: FieldSchema,
  ignore: ReadonlySet<string> = new Set(),
): ListQuery {
  const filters: Filter[] = [];
  for (const [key, value] of params) {
    if (reserved.has(key) || ignore.has(key)) continue;
    filters.push(parseFilter(key, value, schema));
  }
  const offset = integerParam(params, 'offset', 0, 0, Number.MAX_SAFE_INTEGER);
  const limit = integerParam(params, 'limit', maxPageSize, 1, maxPageSize);
  const orderBy = (params.get('order_by') ?? params.get('order-by') ?? 'id').replace(/_/g, '-');
  if (orderBy !== 'id' && !schema.fields[orderBy]) {
    throw new AppError('invalid_argument', `order_by "${orderBy}" is not a sortable attribute.`, {
      fields: { order_by: ['is not a sortable attribute'] },
    });
  }
  const dir = params.get('dir') ?? 'asc';
  if (dir !== 'asc' && dir !== 'desc') {
    throw new AppError('invalid_argument', 'dir must be asc or desc.', {
      fields: { dir: ['must be asc or desc'] },
    });
  }
  const projection = projectionFromQuery(params);
  return { filters, offset, limit, orderBy, direction: dir, projection };
}

function integerParam(
  params: URLSearchParams,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const text = params.get(name);
  if (text === null) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `at least ${min}` : `from ${min} to ${max}`;
    throw new AppError('invalid_argument', `${name} must be a whole number ${range}.`, {
      fields: { [name]: [`must be a whole number ${range}`] },
    });
  }
  return value;
}
