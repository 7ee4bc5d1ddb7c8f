import { z } from 'zod';
import { clearableText, requiredText } from '../http/schema-parts.ts';
import { availabilities } from './types.ts';

/** The writable fields of a catalog item, each optional: a create checks the required ones after. */
export const itemShape = {
  name: requiredText(255),
  description: clearableText(4000),
  'uom-code': requiredText(20),
  active: z.boolean({ error: 'must be true or false' }),
  'supplier-part-num': requiredText(100),
  'supplier-aux-part-num': clearableText(100),
  manufacturer: clearableText(255),
  'lead-time': z
    .number({ error: 'must be a whole number of days' })
    .int({ error: 'must be a whole number of days' })
    .min(0, { error: 'must not be negative' })
    .max(3650, { error: 'must be at most 3650 days' })
    .nullable(),
  'unspsc-code': z
    .string({ error: 'must be a string of 8 digits' })
    .trim()
    .regex(/^(\d{8})?$/, { error: 'must be an 8-digit UNSPSC code' })
    .nullable()
    .transform((value) => (value === '' ? null : value)),
  price: z
    .number({ error: 'must be a number' })
    .min(0, { error: 'must not be negative' })
    .max(1_000_000_000, { error: 'must be at most 1000000000' })
    .refine((price) => Math.abs(Math.round(price * 10_000) - price * 10_000) < 1e-6, {
      error: 'must have at most 4 decimal places',
    }),
  currency: z
    .string({ error: 'must be a string' })
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{3}$/, { error: 'must be a 3-letter ISO 4217 currency code' }),
  availability: z.enum(availabilities, { error: `must be one of ${availabilities.join(', ')}` }),
  contract: z
    .strictObject({ number: requiredText(100) }, { error: 'must be {"number": "..."} or null' })
    .nullable(),
};

/** Any subset of the item's fields; unknown fields are refused by name. */
export const itemPatchSchema = z.strictObject(itemShape).partial();

export type ItemPatch = z.infer<typeof itemPatchSchema>;

/** What a new item must have; everything else has a default. */
export const requiredForCreate = ['name', 'uom-code', 'supplier-part-num', 'price'] as const;
