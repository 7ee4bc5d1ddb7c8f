import { AppError } from '../../errors/index.ts';
import { type FieldSchema, type FieldSpec, type FieldType, jsonPath } from './field-schema.ts';

export const filterOperators = [
  'eq',
  'not_eq',
  'gt',
  'lt',
  'gt_or_eq',
  'lt_or_eq',
  'contains',
  'starts_with',
  'ends_with',
  'in',
  'not_in',
  'blank',
] as const;

export type FilterOperator = (typeof filterOperators)[number];

export interface Filter {
  /** The query key as the client wrote it, for error messages. */
  key: string;
  field: FieldSpec;
  /** Set when the field belongs to each element of an array (`order-lines[source-part-num]`). */
  collectionPath?: readonly string[];
  operator: FilterOperator;
  value: string;
}

/** A compiled WHERE fragment with its bound parameters. */
export interface SqlCondition {
  sql: string;
  params: unknown[];
}

const operatorSet: ReadonlySet<string> = new Set(filterOperators);

/** `order_lines` and `order-lines` mean the same; operators keep their underscores. */
const normalizeName = (name: string): string => name.replace(/_/g, '-');

/** Splits `order-lines[source-part-num][contains]` into `['order-lines', 'source-part-num', 'contains']`. */
export function splitFilterKey(key: string): string[] | undefined {
  const match = /^([A-Za-z0-9_-]+)((?:\[[A-Za-z0-9_-]+\])*)$/.exec(key);
  if (!match) return undefined;
  const brackets = match[2] ? [...match[2].matchAll(/\[([^\]]+)\]/g)].map((m) => m[1] as string) : [];
  return [match[1] as string, ...brackets];
}

/** Resolves one query key and value against a resource's field schema. */
export function parseFilter(key: string, value: string, schema: FieldSchema): Filter {
  const segments = splitFilterKey(key);
  if (!segments) throw invalidFilter(key, 'is not a valid filter key; use attribute[operator]=value');
  let operator: FilterOperator = 'eq';
  const last = segments[segments.length - 1]!.replace(/-/g, '_');
  if (segments.length > 1 && operatorSet.has(last)) {
    operator = last as FilterOperator;
    segments.pop();
  }
  const names = segments.map(normalizeName);
  const scalar = schema.fields[names.join('.')];
  if (scalar) return checked({ key, field: scalar, operator, value });
  const [head, ...rest] = names;
  const collection = head === undefined ? undefined : schema.collections?.[head];
  const element = collection?.fields[rest.join('.')];
  if (collection && element)
    return checked({ key, field: element, collectionPath: collection.path, operator, value });
  throw invalidFilter(
    key,
    `names no filterable attribute; filterable: ${filterableNames(schema).join(', ')}`,
  );
}

function filterableNames(schema: FieldSchema): string[] {
  const names = Object.keys(schema.fields).map((name) => name.replace(/\.(.+)$/, '[$1]'));
  for (const [name, collection] of Object.entries(schema.collections ?? {})) {
    for (const inner of Object.keys(collection.fields)) names.push(`${name}[${inner}]`);
  }
  return names;
}

const orderingOperators: ReadonlySet<FilterOperator> = new Set(['gt', 'lt', 'gt_or_eq', 'lt_or_eq']);
const textOperators: ReadonlySet<FilterOperator> = new Set(['contains', 'starts_with', 'ends_with']);

function checked(filter: Filter): Filter {
  const { type } = filter.field;
  if (textOperators.has(filter.operator) && type !== 'string') {
    throw invalidFilter(filter.key, `operator ${filter.operator} applies to text attributes only`);
  }
  if (orderingOperators.has(filter.operator) && type === 'boolean') {
    throw invalidFilter(filter.key, `operator ${filter.operator} does not apply to a true/false attribute`);
  }
  if (filter.operator === 'blank') {
    if (filter.value !== 'true' && filter.value !== 'false')
      throw invalidFilter(filter.key, 'blank takes true or false');
  } else if (filter.operator === 'in' || filter.operator === 'not_in') {
    for (const item of filter.value.split(',')) coerce(filter.key, type, item);
  } else {
    coerce(filter.key, type, filter.value);
  }
  return filter;
}

/** Turns a query-string value into the value stored in the document, or throws a coded error. */
export function coerce(key: string, type: FieldType, text: string): string | number {
  switch (type) {
    case 'string':
      return text;
    case 'number': {
      const number = Number(text);
      if (text.trim() === '' || !Number.isFinite(number))
        throw invalidFilter(key, `"${text}" is not a number`);
      return number;
    }
    case 'boolean':
      if (text === 'true') return 1;
      if (text === 'false') return 0;
      throw invalidFilter(key, `"${text}" is not true or false`);
    case 'date': {
      if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(Date.parse(text))) {
        throw invalidFilter(key, `"${text}" is not an ISO 8601 date`);
      }
      return text.slice(0, 10);
    }
    case 'datetime': {
      const time = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
      if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(time)) {
        throw invalidFilter(key, `"${text}" is not an ISO 8601 date or time`);
      }
      return new Date(time).toISOString();
    }
  }
}

/** Compiles one filter to SQL over the `doc` column (or over each array element). */
export function compileFilter(filter: Filter): SqlCondition {
  if (!filter.collectionPath) return compileOn(`json_extract(doc, '${jsonPath(filter.field.path)}')`, filter);
  const inner = compileOn(`json_extract(element.value, '${jsonPath(filter.field.path)}')`, filter);
  return {
    sql: `EXISTS (SELECT 1 FROM json_each(doc, '${jsonPath(filter.collectionPath)}') AS element WHERE ${inner.sql})`,
    params: inner.params,
  };
}

function compileOn(expression: string, filter: Filter): SqlCondition {
  const { key, operator, value } = filter;
  const type = filter.field.type;
  const one = (): unknown[] => [coerce(key, type, value)];
  switch (operator) {
    case 'eq':
      return { sql: `${expression} = ?`, params: one() };
    case 'not_eq':
      return { sql: `(${expression} IS NULL OR ${expression} != ?)`, params: one() };
    case 'gt':
      return { sql: `${expression} > ?`, params: one() };
    case 'lt':
      return { sql: `${expression} < ?`, params: one() };
    case 'gt_or_eq':
      return { sql: `${expression} >= ?`, params: one() };
    case 'lt_or_eq':
      return { sql: `${expression} <= ?`, params: one() };
    case 'contains':
      return { sql: `instr(lower(${expression}), lower(?)) > 0`, params: [value] };
    case 'starts_with':
      return { sql: `substr(lower(${expression}), 1, length(?)) = lower(?)`, params: [value, value] };
    case 'ends_with':
      return { sql: `substr(lower(${expression}), -length(?)) = lower(?)`, params: [value, value] };
    case 'in':
    case 'not_in': {
      const items = value.split(',').map((item) => coerce(key, type, item));
      const list = `(${items.map(() => '?').join(', ')})`;
      const sql =
        operator === 'in'
          ? `${expression} IN ${list}`
          : `(${expression} IS NULL OR ${expression} NOT IN ${list})`;
      return { sql, params: items };
    }
    case 'blank': {
      const blank = `(${expression} IS NULL OR ${expression} = '')`;
      return { sql: value === 'true' ? blank : `NOT ${blank}`, params: [] };
    }
  }
}

function invalidFilter(key: string, reason: string): AppError {
  return new AppError('invalid_filter', `Filter "${key}" ${reason}.`, { fields: { [key]: [reason] } });
}
