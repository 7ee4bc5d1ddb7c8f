import type { z } from 'zod';
import type { FieldErrors } from './app-error.ts';

/** `lines[0].quantity` for a zod path; `whole` names the value as a whole (an empty path). */
export function fieldName(path: ReadonlyArray<PropertyKey>, whole: string): string {
  if (path.length === 0) return whole;
  return path
    .map((segment, index) =>
      typeof segment === 'number' ? `[${segment}]` : `${index === 0 ? '' : '.'}${String(segment)}`,
    )
    .join('');
}

/**
 * A zod error as field errors, one entry per bad field (an unknown key is named itself: "is not a
 * known field"), the shape every validation error of the platform carries.
 */
export function zodFieldErrors(error: z.ZodError, whole: string): FieldErrors {
  const fields: FieldErrors = {};
  const add = (name: string, message: string) => {
    fields[name] = [...(fields[name] ?? []), message];
  };
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) add(fieldName([...issue.path, key], whole), 'is not a known field');
      continue;
    }
    add(fieldName(issue.path, whole), issue.message);
  }
  return fields;
}
