import { z } from 'zod';
import { validationError } from '../errors/index.ts';
import { zodFieldErrors } from '../errors/zod-fields.ts';

/** Longest message of a turn, in characters. */
export const maxMessageCharacters = 20_000;
/** Longest interrupt or suspension reason, in characters. */
export const maxReasonCharacters = 500;

const skillName = z
  .string({ error: 'must be a string' })
  .min(1, { error: 'must not be empty' })
  .max(64, { error: 'must be at most 64 characters' })
  .regex(/^[a-z0-9][a-z0-9-]*$/, { error: 'must be a skill name (lower-case letters, digits, dashes)' });

const reason = z
  .string({ error: 'must be a string' })
  .trim()
  .min(1, { error: 'must not be blank' })
  .max(maxReasonCharacters, { error: `must be at most ${maxReasonCharacters} characters` });

/** `POST /v1/sessions` and `POST /v1/sessions/:id/messages`. */
export const turnBodySchema = z.strictObject({
  message: z
    .string({ error: 'is required and must be a string' })
    .refine((text) => text.trim().length > 0, { error: 'must not be blank', abort: true })
    // Characters as people count them (code points), not UTF-16 units.
    .refine((text) => text.length <= maxMessageCharacters || [...text].length <= maxMessageCharacters, {
      error: `must be at most ${maxMessageCharacters} characters`,
    }),
  skill: skillName.optional(),
});

/** `POST /v1/sessions/:id/interrupt` (the body may be absent). */
export const interruptBodySchema = z.strictObject({ reason: reason.optional() });

/** `POST /v1/tenants/:tenant/suspend`. */
export const suspendBodySchema = z.strictObject({
  reason: z.string({ error: 'is required and must be a string' }).pipe(reason),
});

/** `POST /v1/tenants/:tenant/resume` (the body may be absent). */
export const resumeBodySchema = z.strictObject({});

export type TurnBody = z.infer<typeof turnBodySchema>;

/**
 * Validates a JSON body; a mismatch is a 422 `validation_failed` naming every bad field. An absent
 * body counts as `{}` when `optional` (routes whose fields are all optional).
 */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown, options: { optional?: boolean } = {}): T {
  const value = body === undefined && options.optional ? {} : body;
  if (value === undefined || value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw validationError({ body: ['must be a JSON object'] }, 'The request body must be a JSON object.');
  }
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const fields = zodFieldErrors(result.error, 'body');
  throw validationError(fields);
}
