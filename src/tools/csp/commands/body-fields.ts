import type { CommandInput } from '../command-input.ts';

/**
 * Copies the given flags into a body under their API names (`{ note: 'supplier-note' }`), keeping
 * the parsed types; flags not given are left out, so an update touches only what was named.
 */
export function bodyFields(
  input: CommandInput,
  flagToField: Readonly<Record<string, string>>,
): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [flag, field] of Object.entries(flagToField)) {
    const value = input.value(flag);
    if (value !== undefined) body[field] = value;
  }
  return body;
}
