import type { FlagDefinition } from './command-types.ts';
import { flagName, usageError } from './usage-error.ts';

const isoDate = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Converts one flag value from text to its declared type; a bad value is a usage error naming the flag. */
export function convertFlagValue(
  name: string,
  definition: FlagDefinition,
  text: string,
): string | number | boolean {
  const flag = flagName(name);
  switch (definition.type) {
    case 'switch':
      return true;
    case 'boolean':
      if (text !== 'true' && text !== 'false') throw usageError(flag, `must be true or false, not "${text}"`);
      return text === 'true';
    case 'integer':
    case 'number':
      return numberValue(flag, definition, text);
    case 'date':
      if (!isoDate.test(text) || Number.isNaN(Date.parse(text))) {
        throw usageError(flag, `must be an ISO 8601 date (YYYY-MM-DD), not "${text}"`);
      }
      return text;
    case 'string':
      if (definition.choices && !definition.choices.includes(text)) {
        throw usageError(flag, `must be one of ${definition.choices.join(', ')}, not "${text}"`);
      }
      return text;
  }
}

function numberValue(flag: string, definition: FlagDefinition, text: string): number {
  const pattern = definition.type === 'integer' ? /^-?\d+$/ : /^-?\d+(\.\d+)?$/;
  const kind = definition.type === 'integer' ? 'a whole number' : 'a number';
  if (!pattern.test(text)) throw usageError(flag, `must be ${kind}, not "${text}"`);
  const value = Number(text);
  if (definition.min !== undefined && value < definition.min) {
    throw usageError(flag, `must be at least ${definition.min}, not ${text}`);
  }
  if (definition.max !== undefined && value > definition.max) {
    throw usageError(flag, `must be at most ${definition.max}, not ${text}`);
  }
  return value;
}

/** The closest known name within two edits, for "did you mean" hints. */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(name, candidate);
    if (distance <= 2 && (best === undefined || distance < best.distance))
      best = { name: candidate, distance };
  }
  return best?.name;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}
