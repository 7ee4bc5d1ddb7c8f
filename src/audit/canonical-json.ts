import { AppError } from '../errors/index.ts';

/**
 * Canonical JSON: object keys sorted (UTF-16 code-unit order) at every depth, no whitespace, numbers
 * as JavaScript prints them, strings as `JSON.stringify` escapes them. This is the JSON Canonicalization
 * Scheme (RFC 8785) for the values an audit payload can hold, so a verifier in another language can
 * recompute the hashes.
 *
 * Anything JSON cannot represent faithfully is refused rather than silently changed: non-finite
 * numbers, `undefined`, functions, symbols, bigints, and objects that are neither plain nor have a
 * `toJSON` (a `Map` would otherwise become `{}` and the record would lie). The AppError names the
 * offending path, starting from `name`.
 */
export function canonicalJson(value: unknown, name = '$'): string {
  try {
    return writeFast(value);
  } catch (error) {
    if (error !== unfaithful) throw error;
    // Only a refused value pays for tracking where it is: the slow walk names its path.
    return write(value, name);
  }
}

/** Thrown by the fast walk, which keeps no path; never escapes `canonicalJson`. */
const unfaithful = new Error('unfaithful JSON value');

/** The same output as `write`, without building a path string for every value on the way. */
function writeFast(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw unfaithful;
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) {
        let text = '[';
        for (let index = 0; index < value.length; index += 1) {
          if (index > 0) text += ',';
          text += writeFast(value[index]);
        }
        return `${text}]`;
      }
      const toJson = (value as { toJSON?: unknown }).toJSON;
      if (typeof toJson === 'function') return writeFast(toJson.call(value));
      const prototype = Object.getPrototypeOf(value);
      if (prototype !== Object.prototype && prototype !== null) throw unfaithful;
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record).sort();
      let text = '{';
      for (let index = 0; index < keys.length; index += 1) {
        const key = keys[index] as string;
        if (index > 0) text += ',';
        text += `${JSON.stringify(key)}:${writeFast(record[key])}`;
      }
      return `${text}}`;
    }
    default:
      throw unfaithful;
  }
}

function write(value: unknown, at: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw refused(at, `the number ${value} has no JSON form`);
      return JSON.stringify(value);
    case 'object':
      return writeObject(value, at);
    default:
      throw refused(at, `a ${typeof value} has no JSON form`);
  }
}

function writeObject(value: object, at: string): string {
  if (Array.isArray(value)) {
    const items: string[] = [];
    for (let index = 0; index < value.length; index += 1) items.push(write(value[index], `${at}[${index}]`));
    return `[${items.join(',')}]`;
  }
  const toJson = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJson === 'function') return write(toJson.call(value), at);
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) {
    throw refused(at, `a ${prototype?.constructor?.name ?? 'non-plain'} object has no faithful JSON form`);
  }
  const record = value as Record<string, unknown>;
  const members = Object.keys(record)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${write(record[key], `${at}.${key}`)}`);
  return `{${members.join(',')}}`;
}

function refused(at: string, why: string): AppError {
  return new AppError('invalid_argument', `Cannot record ${at} in the audit log: ${why}.`, {
    details: { path: at },
  });
}
