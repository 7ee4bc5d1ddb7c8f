import type { z } from 'zod';
import { AppError, validationError } from '../../errors/index.ts';
import { zodFieldErrors } from '../../errors/zod-fields.ts';

/**
 * Validates a request body against a schema; a mismatch is a 422 with one entry per bad field,
 * in the CSP API's `{"errors": {field: [messages]}}` shape.
 */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw validationError({ base: ['the request body must be a JSON object'] });
  }
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const fields = zodFieldErrors(result.error, 'base');
  throw validationError(fields);
}

/** The record, or the same 404 whether it does not exist or belongs to another supplier. */
export function found<T>(record: T | undefined): T {
  if (record === undefined) throw new AppError('not_found', 'No results match your search criteria.');
  return record;
}

/** A 409: the record's current state does not allow this action. */
export function illegalTransition(message: string, field = 'status'): AppError {
  return new AppError('illegal_transition', message, { fields: { [field]: [message] } });
}
