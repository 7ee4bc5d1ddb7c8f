import { z } from 'zod';
import { clearableText, requiredText } from '../http/schema-parts.ts';
import { isCountryCode } from './countries.ts';

/** Request-body schemas of the profile writes, with messages that read well after a field name. */
const country = z
  .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a string') })
  .trim()
  .toUpperCase()
  .refine(isCountryCode, { error: 'must be an ISO 3166 alpha-2 country code (US, DE, GB...)' });

export const addressShape = {
  street1: requiredText(200),
  street2: clearableText(200),
  city: requiredText(100),
  state: clearableText(100),
  'postal-code': requiredText(20),
  country,
};

const contact = (kind: 'Primary' | 'Standard') =>
  z
    .strictObject({
      kind: z.enum(['Primary', 'Standard'], { error: 'must be Primary or Standard' }).optional(),
      'name-given': requiredText(100),
      'name-family': requiredText(100),
      email: z.email({ error: 'must be an email address' }),
      'phone-work': clearableText(40),
    })
    .transform((value) => ({ ...value, kind }));

export const diversityCategories = ['MBE', 'WBE', 'SBE', 'VOB', 'SDVOSB', 'HUBZone', 'DBE'] as const;

/** What a supplier may ask a customer to change on its profile; anything else is refused. */
export const changeableShape = {
  'display-name': requiredText(200),
  'primary-address': z.strictObject(addressShape),
  'primary-contact': contact('Primary'),
  contacts: z.array(contact('Standard'), { error: 'must be a list of contacts' }).max(50, {
    error: 'must have at most 50 contacts',
  }),
  diversities: z
    .array(z.enum(diversityCategories, { error: `must be one of ${diversityCategories.join(', ')}` }), {
      error: 'must be a list',
    })
    .refine((list) => new Set(list).size === list.length, { error: 'must not repeat a category' }),
  website: z
    .url({ protocol: /^https?$/, error: 'must be an http or https URL' })
    .max(300, { error: 'must be at most 300 characters' })
    .nullable(),
  'tax-id': requiredText(40),
  duns: z.string({ error: 'must be a string of 9 digits' }).regex(/^\d{9}$/, { error: 'must be 9 digits' }),
  'payment-method': z.enum(['invoice', 'pcard', 'invoice_only', 'pcard_only', 'virtual_card'], {
    error: 'must be one of invoice, pcard, invoice_only, pcard_only, virtual_card',
  }),
  'po-method': z.enum(['cxml', 'xml', 'email', 'prompt', 'mark_as_sent', 'buy_online'], {
    error: 'must be one of cxml, xml, email, prompt, mark_as_sent, buy_online',
  }),
};

export type ChangeableField = keyof typeof changeableShape;

/** Fields that name bank details: they belong on remit-to addresses, never on the profile. */
export const bankFieldNames: ReadonlySet<string> = new Set([
  'bank-account',
  'bank-name',
  'name-on-bank-account',
  'iban',
  'iban-number',
  'swift-code',
  'bic',
  'bank-account-number',
  'bank-routing-number',
  'routing-number',
  'sort-code',
]);

export const profileChangeBody = z.strictObject({
  changes: z.object(changeableShape, { error: 'is required: an object of the fields to change' }).partial(),
  justification: clearableText(1000),
});

export const remitToBody = z.strictObject({
  'customer-id': z
    .number({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a customer id') })
    .int({ error: 'must be a customer id' })
    .positive({ error: 'must be a customer id' }),
  'remit-to-code': z
    .string({ error: 'must be a string' })
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, {
      error: 'must be 1 to 40 letters, digits, dots, dashes or underscores',
    })
    .refine((code) => !/^\d+$/.test(code), { error: 'must not be only digits (it would read as an id)' })
    .optional(),
  name: requiredText(200),
  ...addressShape,
  'vat-number': clearableText(40),
  'bank-account': z.strictObject(
    {
      'name-on-bank-account': z.string({ error: 'must be a string' }).optional(),
      'bank-name': z.string({ error: 'must be a string' }).nullable().optional(),
      'iban-number': z.string({ error: 'must be a string' }).nullable().optional(),
      'swift-code': z.string({ error: 'must be a string' }).nullable().optional(),
      'bank-account-number': z.string({ error: 'must be a string' }).nullable().optional(),
      'bank-routing-number': z.string({ error: 'must be a string' }).nullable().optional(),
      'sort-code': z.string({ error: 'must be a string' }).nullable().optional(),
    },
    { error: (issue) => (issue.input === undefined ? 'is required' : 'must be an object') },
  ),
});

export type RemitToInput = z.infer<typeof remitToBody>;

/** `{"reason"}` of a buyer's decline; a reason is optional, an empty body is fine. */
export const decisionBody = z.strictObject({ reason: clearableText(1000) });
