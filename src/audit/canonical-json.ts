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
  return write(value, [name]);
}

/**
 * One walk. `path` holds the segments down to `value` (pushed and popped on the way, so no string
 * is built per value); it becomes text only when a value is refused.
 */
function write(value: unknown, path: Array<string | number>): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw refused(path, `the number ${value} has no JSON form`);
      return JSON.stringify(value);
    case 'object':
      return writeObject(value, path);
    default:
      throw refused(path, `a ${typeof value} has no JSON form`);
  }
}

function writeObject(value: object, path: Array<string | number>): string {
  if (Array.isArray(value)) {
    let text = '[';
    for (let index = 0; index < value.length; index += 1) {
      if (index > 0) text += ',';
      path.push(index);
      text += write(value[index], path);
      path.pop();
    }
    return `${text}]`;
  }
  const toJson = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJson === 'function') return write(toJson.call(value), path);
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) {
    throw refused(path, `a ${prototype?.constructor?.name ?? 'non-plain'} object has no faithful JSON form`);
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  let text = '{';
  for (let index = 0; index < keys.length; index += 1) {
    const key = keys[index] as string;
    if (index > 0) text += ',';
    path.push(key);
    text += `${JSON.stringify(key)}:${write(record[key], path)}`;
    path.pop();
  }
  return `${text}}`;
}

/** `$.messages[2].content`: the path as the error names it. */
function pathText(path: ReadonlyArray<string | number>): string {
  return path
    .map((segment, index) =>
      index === 0 ? segment : typeof segment === 'number' ? `[${segment}]` : `.${segment}`,
    )
    .join('');
}

function refused(path: ReadonlyArray<string | number>, why: string): AppError {
  const at = pathText(path);
  return new AppError('invalid_argument', `Cannot record ${at} in the audit log: ${why}.`, {
    details: { path: at },
  });
}
