import { supplierScopes } from '../csp-api/auth/scopes.ts';
import { parseDuration } from './skill-budgets.ts';
import { skillFileError } from './skill-error.ts';

/** Where a value came from, for error messages: the file and the front-matter field. */
export interface FieldSource {
  file: string;
  field: string;
}

const fail = (source: FieldSource, problem: string) => skillFileError(source.file, source.field, problem);

const describe = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'a list' : `${typeof value} ${JSON.stringify(value)}`;

/** A required, non-blank string (trimmed), at most `maxLength` characters. */
export function requiredText(source: FieldSource, value: unknown, maxLength: number): string {
  if (value === undefined || value === null) throw fail(source, 'is required.');
  if (typeof value !== 'string') throw fail(source, `must be text, got ${describe(value)}.`);
  const text = value.trim();
  if (text === '') throw fail(source, 'must not be empty.');
  if (text.length > maxLength)
    throw fail(source, `must be at most ${maxLength} characters (${text.length}).`);
  return text;
}

/** An optional string, at most `maxLength` characters. */
export function optionalText(source: FieldSource, value: unknown, maxLength: number): string | undefined {
  return value === undefined ? undefined : requiredText(source, value, maxLength);
}

/**
 * Names given as one string separated by spaces or commas (`a b`, `a, b`), as Agent Skills writes
 * `allowed-tools`, or as a YAML list of strings. Duplicates are refused (they are usually typos).
 */
export function nameList(source: FieldSource, value: unknown): string[] {
  let names: string[];
  if (typeof value === 'string') {
    names = value.split(/[\s,]+/).filter(Boolean);
  } else if (Array.isArray(value)) {
    names = value.map((item, index) => {
      if (typeof item !== 'string' || item.trim() === '') {
        throw fail(source, `item ${index + 1} must be a non-empty name, got ${describe(item)}.`);
      }
      if (/[\s,]/.test(item.trim())) {
        throw fail(source, `item ${index + 1} must be one name, got ${JSON.stringify(item)}.`);
      }
      return item.trim();
    });
  } else {
    throw fail(source, `must be a list of names or a space-separated string, got ${describe(value)}.`);
  }
  const repeated = names.find((name, index) => names.indexOf(name) !== index);
  if (repeated !== undefined) throw fail(source, `names "${repeated}" twice.`);
  return names;
}

const scopePattern = /^[a-z][a-z0-9_-]*(\.[a-z0-9_-]+)+$/;

/** User scopes (`csp.orders.read`): dotted names; one under `csp.` must be a scope the API defines. */
export function scopeList(source: FieldSource, value: unknown): string[] {
  const scopes = nameList(source, value);
  for (const scope of scopes) {
    if (!scopePattern.test(scope)) {
      throw fail(source, `has "${scope}", which is not a scope (dotted lowercase, e.g. csp.orders.read).`);
    }
    if (scope.startsWith('csp.') && !(supplierScopes as readonly string[]).includes(scope)) {
      throw fail(source, `has unknown scope "${scope}". Known csp scopes: ${supplierScopes.join(', ')}.`);
    }
  }
  return scopes;
}

/** A whole number above zero, or `fallback` when the field is absent. */
export function positiveInteger(source: FieldSource, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    throw fail(source, `must be a whole number above 0, got ${describe(value)}.`);
  }
  return value;
}

/** A duration (`90s`, `5m`, `1m30s`) in milliseconds, or `fallback` when the field is absent. */
export function durationMs(source: FieldSource, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = typeof value === 'string' ? parseDuration(value) : undefined;
  if (parsed === undefined) {
    throw fail(
      source,
      `must be a duration above zero with units h, m, s or ms (e.g. 90s, 5m, 1m30s), got ${describe(value)}.`,
    );
  }
  return parsed;
}

/** A YAML list of non-blank strings (trimmed), each at most `maxLength` characters. */
export function textList(source: FieldSource, value: unknown, maxLength: number): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw fail(source, `must be a YAML list of text, got ${describe(value)}.`);
  return value.map((item, index) => {
    if (typeof item !== 'string' || item.trim() === '') {
      throw fail(source, `item ${index + 1} must be non-empty text, got ${describe(item)}.`);
    }
    if (item.trim().length > maxLength) {
      throw fail(source, `item ${index + 1} must be at most ${maxLength} characters.`);
    }
    return item.trim();
  });
}

/** A YAML mapping with string keys (the value of each key is checked by the caller). */
export function mapping(source: FieldSource, value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw fail(source, `must be a YAML mapping, got ${describe(value)}.`);
  }
  return value as Record<string, unknown>;
}
