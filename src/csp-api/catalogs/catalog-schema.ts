import { z } from 'zod';

/** Request bodies of the catalog header writes. */

const name = z
  .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a string') })
  .trim()
  .min(1, { error: 'must not be blank' })
  .max(200, { error: 'must be at most 200 characters' })
  // A catalog is also looked up by name, and an all-digit name would read as an id.
  .refine((value) => !/^\d+$/.test(value), { error: 'must not be only digits' });

const date = z.iso.date({ error: 'must be a date (YYYY-MM-DD)' }).nullable();

export const catalogCreateBody = z.strictObject({
  name,
  'customer-id': z
    .number({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a customer id') })
    .int({ error: 'must be a customer id' })
    .positive({ error: 'must be a customer id' }),
  currency: z
    .string({ error: 'must be a string' })
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{3}$/, { error: 'must be a 3-letter ISO 4217 currency code' })
    .optional(),
  'start-date': date.optional(),
  'expiration-date': date.optional(),
});

export const catalogUpdateBody = z
  .strictObject({ name: name.optional(), 'start-date': date.optional(), 'expiration-date': date.optional() })
  .refine((body) => Object.keys(body).length > 0, {
    error: 'name at least one of name, start-date, expiration-date',
  });

/** `{"reason"}` of a buyer's rejection; optional, an empty body is fine. */
export const rejectBody = z.strictObject({
  reason: z
    .string({ error: 'must be a string' })
    .trim()
    .max(1000, { error: 'must be at most 1000 characters' })
    .nullable()
    .optional(),
});
