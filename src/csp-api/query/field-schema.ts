/** What a list endpoint lets clients filter and sort on. Paths point into the stored JSON document. */
export type FieldType = 'string' | 'number' | 'boolean' | 'date' | 'datetime';

export interface FieldSpec {
  /** Keys from the document root, e.g. `['customer', 'name']`. */
  path: readonly string[];
  type: FieldType;
}

export interface CollectionSpec {
  /** Path of the array in the document, e.g. `['order-lines']`. */
  path: readonly string[];
  /** Fields of each element, by name. */
  fields: Readonly<Record<string, FieldSpec>>;
}

export interface FieldSchema {
  /** Scalar fields by public name; associations use a dot: `customer.name`. */
  fields: Readonly<Record<string, FieldSpec>>;
  /** Arrays of objects that can be filtered with `name[field][op]=v`. */
  collections?: Readonly<Record<string, CollectionSpec>>;
}

/** Shorthand: `field('string')` for a top-level field named like its key, or with an explicit path. */
export function field(type: FieldType, ...path: string[]): FieldSpec {
  return { path, type };
}

/**
 * Builds a schema where each key's path defaults to the key itself (dots split associations):
 * `{ 'po-number': 'string', 'customer.name': 'string' }`.
 */
export function fieldsOf(types: Readonly<Record<string, FieldType>>): Record<string, FieldSpec> {
  const result: Record<string, FieldSpec> = {};
  for (const [name, type] of Object.entries(types)) result[name] = { path: name.split('.'), type };
  return result;
}

/** SQLite JSON path for a list of keys: `$."customer"."name"`. Keys come from schemas, never from clients. */
export function jsonPath(path: readonly string[]): string {
  return `$${path.map((key) => `."${key}"`).join('')}`;
}
