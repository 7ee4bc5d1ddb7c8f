import type { CommandInput } from '../command-input.ts';
import type { FlagDefinition } from '../command-types.ts';
import { flagName, usageError } from '../usage-error.ts';

export type LineValueType = 'number' | 'date' | 'string';

/** How one command reads `--line LINE[:ACTION][:key=value,...]`. */
export interface LineSpecFormat {
  /** Allowed actions after the line number (`accept`, `reject`...); none when absent. */
  actions?: readonly string[];
  /** Allowed keys and their types; keys are the API's (`quantity`, `promised-date`). */
  keys: Readonly<Record<string, LineValueType>>;
  /** `LINE:QTY` is accepted as shorthand for `LINE:quantity=QTY`. */
  bareQuantity?: boolean;
}

export type LineObject = Record<string, string | number>;

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

/** `--lines-json`: the same lines as a JSON array in the API's shape (what tools send). */
export const linesJsonFlag: FlagDefinition = {
  type: 'string',
  valueName: 'JSON',
  description: 'Lines as a JSON array in the API\'s shape, e.g. \'[{"line-num":1,"quantity":5}]\'.',
};

/** Parses one `--line` value into an API line object. */
export function parseLineSpec(text: string, format: LineSpecFormat, flag = flagName('line')): LineObject {
  const [lineText, ...rest] = text.split(':');
  if (!lineText || !/^\d+$/.test(lineText)) {
    throw usageError(flag, `"${text}" must start with a line number (e.g. 1:...)`);
  }
  const line: LineObject = { 'line-num': Number(lineText) };
  let remainder = rest.join(':');
  if (format.actions) {
    const [action = '', ...pairs] = remainder.split(':');
    if (!format.actions.includes(action)) {
      throw usageError(flag, `"${text}": action must be one of ${format.actions.join(', ')}`);
    }
    line.action = action.replace(/-/g, '_');
    remainder = pairs.join(':');
  }
  if (format.bareQuantity && /^\d+(\.\d+)?$/.test(remainder)) {
    line.quantity = Number(remainder);
    return line;
  }
  for (const [key, value] of keyValuePairs(remainder, flag, text)) {
    const type = format.keys[key];
    if (type === undefined) {
      throw usageError(flag, `"${key}" is not a line field (use ${Object.keys(format.keys).join(', ')})`);
    }
    line[key] = lineValue(type, value, flag, key);
  }
  return line;
}

/** `a=1,b=2`; a piece without `=` continues the previous value (commas inside a comment). */
function keyValuePairs(text: string, flag: string, whole: string): [string, string][] {
  const pairs: [string, string][] = [];
  if (text === '') return pairs;
  for (const piece of text.split(',')) {
    const equals = piece.indexOf('=');
    const last = pairs[pairs.length - 1];
    if (equals < 0 && last) last[1] = `${last[1]},${piece}`;
    else if (equals <= 0) throw usageError(flag, `"${whole}": "${piece}" is not key=value`);
    else pairs.push([piece.slice(0, equals).trim(), piece.slice(equals + 1)]);
  }
  return pairs;
}

function lineValue(type: LineValueType, value: string, flag: string, key: string): string | number {
  if (type === 'number') {
    const number = Number(value);
    if (value.trim() === '' || !Number.isFinite(number)) {
      throw usageError(flag, `${key} must be a number, not "${value}"`);
    }
    return number;
  }
  if (type === 'date' && !isoDate.test(value)) {
    throw usageError(flag, `${key} must be a date YYYY-MM-DD, not "${value}"`);
  }
  return value;
}

/** Lines from `--line` (repeated) or `--lines-json` (one or the other); `undefined` when neither. */
export function linesOf(input: CommandInput, format: LineSpecFormat): unknown[] | undefined {
  const specs = input.list('line');
  const json = input.string('lines-json');
  if (specs.length > 0 && json !== undefined) {
    throw usageError(flagName('lines-json'), 'give --line or --lines-json, not both');
  }
  if (json !== undefined) return parseJsonArray(json, flagName('lines-json'));
  if (specs.length === 0) return undefined;
  return specs.map((spec) => parseLineSpec(spec, format));
}

/** A JSON array of objects given on the command line. */
export function parseJsonArray(text: string, flag: string): Record<string, unknown>[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw usageError(flag, 'is not valid JSON');
  }
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'object' && item !== null)) {
    throw usageError(flag, 'must be a JSON array of objects');
  }
  return value as Record<string, unknown>[];
}

/** A JSON object given on the command line. */
export function parseJsonObject(text: string, flag: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw usageError(flag, 'is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw usageError(flag, 'must be a JSON object');
  }
  return value as Record<string, unknown>;
}
