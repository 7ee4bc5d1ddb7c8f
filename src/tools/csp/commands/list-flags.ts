import type { CommandInput } from '../command-input.ts';
import type { ApiOperation, ApiRequest, CommandDefinition, FlagDefinition } from '../command-types.ts';
import { flagName, usageError } from '../usage-error.ts';

type QueryPair = readonly [string, string];

/** A flag that becomes one or more API filters (`status=issued`, `customer[name][contains]=x`). */
export interface FilterFlag extends FlagDefinition {
  toQuery(value: string, input: CommandInput): QueryPair[];
}

/** Paging, sorting, shaping and raw filters: every list command takes these. */
export const listFlags: Readonly<Record<string, FlagDefinition>> = {
  filter: {
    type: 'string',
    multiple: true,
    valueName: 'ATTR[OP]=VALUE',
    description:
      'Any API filter, e.g. total[gt]=1000 or order-lines[source-part-num]=X (ops: eq not_eq gt lt gt_or_eq lt_or_eq contains starts_with ends_with in not_in blank).',
  },
  limit: { type: 'integer', min: 1, max: 50, description: 'Page size, 1 to 50 (default 50).' },
  offset: { type: 'integer', min: 0, description: 'Records to skip (default 0).' },
  'order-by': { type: 'string', valueName: 'FIELD', description: 'Sort by this attribute (default id).' },
  dir: { type: 'string', choices: ['asc', 'desc'], description: 'Sort direction (default asc).' },
  fields: {
    type: 'string',
    valueName: 'JSON',
    description: 'Only these fields, e.g. \'["id","po-number",{"order-lines":["line-num"]}]\'.',
  },
  'return-object': {
    type: 'string',
    choices: ['limited', 'shallow'],
    description: 'limited: ids only; shallow: related objects reduced to ids.',
  },
};

/** Shaping flags a show command takes. */
export const showFlags: Readonly<Record<string, FlagDefinition>> = {
  fields: listFlags.fields!,
  'return-object': listFlags['return-object']!,
};

/** `attr=value`. */
export function exactFilter(attribute: string, definition: FlagDefinition): FilterFlag {
  return { ...definition, toQuery: (value) => [[attribute, value]] };
}

/** `attr[contains]=value`. */
export function containsFilter(attribute: string, description: string): FilterFlag {
  return { type: 'string', description, toQuery: (value) => [[`${attribute}[contains]`, value]] };
}

/** `--customer 3` is `customer[id]=3`; `--customer globex` is `customer[name][contains]=globex`. */
export const customerFilter: FilterFlag = {
  type: 'string',
  valueName: 'NAME_OR_ID',
  description: 'Customer id, or part of its name.',
  toQuery: (value) =>
    /^\d+$/.test(value) ? [['customer[id]', value]] : [['customer[name][contains]', value]],
};

/** `--created-after` / `--created-before` on a datetime attribute. */
export function dateRangeFilters(attribute: string, label: string): Record<string, FilterFlag> {
  return {
    [`${label}-after`]: {
      type: 'date',
      description: `${attribute} on or after this date (ISO 8601).`,
      toQuery: (value) => [[`${attribute}[gt_or_eq]`, value]],
    },
    [`${label}-before`]: {
      type: 'date',
      description: `${attribute} before this date (ISO 8601).`,
      toQuery: (value) => [[`${attribute}[lt]`, value]],
    },
  };
}

/** Validates `--filter attr[op]=value` and splits it at the first `=`. */
export function rawFilterPair(text: string): QueryPair {
  const match = /^([A-Za-z][\w.-]*(?:\[[\w.-]+\])*)=(.*)$/s.exec(text);
  if (!match) throw usageError(flagName('filter'), `"${text}" is not ATTR=VALUE or ATTR[OP]=VALUE`);
  return [match[1]!, match[2]!];
}

/** The query of a list: named filters, raw filters, then paging and shaping. */
export function listQuery(input: CommandInput, filters: Readonly<Record<string, FilterFlag>>): QueryPair[] {
  const query: QueryPair[] = [];
  for (const [name, filter] of Object.entries(filters)) {
    for (const value of input.list(name)) query.push(...filter.toQuery(value, input));
  }
  for (const text of input.list('filter')) query.push(rawFilterPair(text));
  return [...query, ...shapingQuery(input, ['limit', 'offset', 'order-by', 'dir'])];
}

/** `fields` / `return_object` (and paging keys when asked), checked before they are sent. */
export function shapingQuery(input: CommandInput, pagingKeys: readonly string[] = []): QueryPair[] {
  const query: QueryPair[] = [];
  for (const key of pagingKeys) {
    const value = input.string(key);
    if (value !== undefined) query.push([key.replace('-', '_'), value]);
  }
  const fields = input.string('fields');
  if (fields !== undefined) {
    try {
      JSON.parse(fields);
    } catch {
      throw usageError(flagName('fields'), 'must be a JSON array such as ["id","status"]');
    }
    query.push(['fields', fields]);
  }
  const returnObject = input.string('return-object');
  if (returnObject !== undefined) query.push(['return_object', returnObject]);
  return query;
}

export interface ListCommandOptions {
  path: readonly string[];
  summary: string;
  details?: string;
  operation: ApiOperation;
  filters: Readonly<Record<string, FilterFlag>>;
  /** Flags beyond the filters (e.g. `--catalog` for items), and how they fill the path. */
  extraFlags?: Readonly<Record<string, FlagDefinition>>;
  params?: (input: CommandInput) => Record<string, string>;
}

/** A list command: named filters plus the common list flags, one `GET`. */
export function defineListCommand(options: ListCommandOptions): CommandDefinition {
  return {
    path: options.path,
    summary: options.summary,
    ...(options.details === undefined ? {} : { details: options.details }),
    positionals: [],
    flags: { ...options.extraFlags, ...options.filters, ...listFlags },
    operations: [options.operation],
    build: (input): ApiRequest => ({
      operation: options.operation,
      params: options.params?.(input) ?? {},
      query: listQuery(input, options.filters),
    }),
  };
}

export interface ShowCommandOptions {
  path: readonly string[];
  summary: string;
  operation: ApiOperation;
  /** What the positional names, for help: "PO id or PO number". */
  idDescription: string;
  extraFlags?: Readonly<Record<string, FlagDefinition>>;
  /** Path parameters besides the id (e.g. the catalog of an item). */
  params?: (input: CommandInput) => Record<string, string>;
  /** Name of the id parameter in the operation's path; `id` by default. */
  idParam?: string;
}

/** A show command: `GROUP show ID`, one `GET`. */
export function defineShowCommand(options: ShowCommandOptions): CommandDefinition {
  return {
    path: options.path,
    summary: options.summary,
    positionals: [{ name: 'id', description: options.idDescription, required: true }],
    flags: { ...options.extraFlags, ...showFlags },
    operations: [options.operation],
    build: (input): ApiRequest => ({
      operation: options.operation,
      params: { ...options.params?.(input), [options.idParam ?? 'id']: input.requiredPositional('id') },
      query: shapingQuery(input),
    }),
  };
}
