import { z } from 'zod';

/**
 * Field schemas shared by the order and invoice writes, with messages that read well after the field
 * name (`"invoice-number": ["is required"]`), as the CSP API's 422 bodies show them.
 */
const typeError = (expected: string) => (issue: { input: unknown }) =>
  issue.input === undefined ? 'is required' : `must be ${expected}`;

export const requiredText = (maximum = 255) =>
  z
    .string({ error: typeError('a string') })
    .trim()
    .min(1, 'cannot be blank')
    .max(maximum, `must be at most ${maximum} characters`);

/** Free text that may be left out or cleared with `null`. */
export const optionalText = (maximum = 1000) =>
  z
    .string({ error: typeError('a string') })
    .max(maximum, `must be at most ${maximum} characters`)
    .nullable()
    .optional();

/**
 * Text that may be left out, `null`, or blank; blank means cleared (`null`), as an empty
 * spreadsheet cell or form field does.
 */
export const clearableText = (maximum = 1000) =>
  z
    .string({ error: 'must be a string or null' })
    .trim()
    .max(maximum, `must be at most ${maximum} characters`)
    .nullable()
    .optional()
    .transform((value) => (value === undefined || value === '' ? null : value));

export const isoDate = () =>
  z.iso.date({
    error: (issue) => (issue.input === undefined ? 'is required' : 'must be a date (YYYY-MM-DD)'),
  });

export const positiveQuantity = () =>
  z.number({ error: typeError('a number') }).positive('must be greater than 0');

export const money = () => z.number({ error: typeError('a number') }).nonnegative('cannot be negative');

export const unitPrice = () => z.number({ error: typeError('a number') }).nonnegative('cannot be negative');

export const lineNumber = () =>
  z
    .number({ error: typeError('a line number') })
    .int('must be a whole number')
    .positive('must be greater than 0');

/** A rate as a fraction: 0.0825 is 8.25 %. */
export const taxRate = () =>
  z
    .number({ error: typeError('a number') })
    .min(0, 'cannot be negative')
    .max(1, 'must be a fraction between 0 and 1 (0.0825 is 8.25 %)');

export const flag = () => z.boolean({ error: typeError('true or false') });

/** A document reference in a body: its numeric id or its number. */
export const documentReference = () =>
  z.union([z.number().int().positive(), z.string().trim().min(1)], {
    error: (issue) => (issue.input === undefined ? 'is required' : 'must be an id or a document number'),
  });
