import { AppError } from '../../errors/index.ts';

/**
 * Response shaping, as the Coupa API does it: `return_object=limited` (ids only),
 * `return_object=shallow` (own attributes; related objects reduced to their id) and
 * `fields=["id","po-number",{"order-lines":["line-num"]}]`.
 */
export type FieldSelection = ReadonlyArray<string | Readonly<Record<string, FieldSelection>>>;

export type Projection =
  | { kind: 'full' }
  | { kind: 'limited' }
  | { kind: 'shallow' }
  | { kind: 'fields'; selection: FieldSelection };

/** The shaping a request's query string asks for (`fields`, `return_object`). */
export function projectionFromQuery(params: URLSearchParams): Projection {
  return parseProjection(params.get('fields'), params.get('return_object') ?? params.get('return-object'));
}

export function parseProjection(fields: string | null, returnObject: string | null): Projection {
  if (fields !== null) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(fields);
    } catch {
      throw fieldsError('is not JSON; use fields=["id","po-number"]');
    }
    return { kind: 'fields', selection: checkSelection(parsed) };
  }
  if (returnObject === null) return { kind: 'full' };
  if (returnObject === 'limited' || returnObject === 'shallow') return { kind: returnObject };
  throw new AppError('invalid_argument', 'return_object must be limited or shallow.', {
    fields: { return_object: ['must be limited or shallow'] },
  });
}

function checkSelection(value: unknown): FieldSelection {
  if (!Array.isArray(value)) throw fieldsError('must be a JSON array');
  for (const entry of value) {
    if (typeof entry === 'string') continue;
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
      throw fieldsError('entries must be names or {"association": [names]}');
    }
    for (const inner of Object.values(entry)) checkSelection(inner);
  }
  return value as FieldSelection;
}

function fieldsError(reason: string): AppError {
  return new AppError('invalid_argument', `fields ${reason}.`, { fields: { fields: [reason] } });
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function project(record: Record<string, unknown>, projection: Projection): Record<string, unknown> {
  switch (projection.kind) {
    case 'full':
      return record;
    case 'limited':
      return { id: record.id };
    case 'shallow':
      return shallow(record);
    case 'fields':
      return select(record, projection.selection);
  }
}

function shallow(record: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (Array.isArray(value))
      result[key] = value.map((item) => (isObject(item) && 'id' in item ? { id: item.id } : item));
    else if (isObject(value)) result[key] = 'id' in value ? { id: value.id } : value;
    else result[key] = value;
  }
  return result;
}

function select(record: Record<string, unknown>, selection: FieldSelection): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const entry of selection) {
    if (typeof entry === 'string') {
      if (entry in record) result[entry] = record[entry];
      continue;
    }
    for (const [key, inner] of Object.entries(entry)) {
      const value = record[key];
      if (Array.isArray(value))
        result[key] = value.map((item) => (isObject(item) ? select(item, inner) : item));
      else if (isObject(value)) result[key] = select(value, inner);
      else if (value !== undefined) result[key] = value as Json;
    }
  }
  return result;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
