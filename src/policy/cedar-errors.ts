import type { DetailedError } from '@cedar-policy/cedar-wasm/nodejs';

/** `line:column` (1-based) of a character offset in a text. */
function positionOf(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return `${line}:${column}`;
}

/**
 * Cedar's errors as one readable line each: `3:14 unexpected token ...`, prefixed with the position
 * when the error points into `text`.
 */
export function describeCedarErrors(errors: readonly DetailedError[], text?: string): string[] {
  return errors.map((error) => {
    const location = error.sourceLocations?.[0];
    const where = text !== undefined && location ? `${positionOf(text, location.start)} ` : '';
    const help = error.help ? ` (${error.help})` : '';
    return `${where}${error.message}${help}`;
  });
}
