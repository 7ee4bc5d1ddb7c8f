import { z } from 'zod';
import { changeableProfileFields } from '../csp/commands/profile.ts';
import {
  customerFilterInput,
  customerId,
  flag,
  hyphenateKeys,
  listArgs,
  listInputs,
  positional,
  recordId,
} from './common-inputs.ts';
import { defineTool } from './define-tool.ts';

const text = (description: string) => z.string().min(1).describe(description);
const optionalText = (description: string) => text(description).optional();

export const profileTools = [
  defineTool({
    name: 'profile_list',
    description:
      'List the supplier profile as each customer sees it (one profile per customer: display name, address, contacts, tax id, payment and PO methods). Returns a JSON array.',
    command: ['profile', 'list'],
    input: z.strictObject({ customer: customerFilterInput, ...listInputs }),
    args: { customer: flag('customer'), ...listArgs },
  }),
  defineTool({
    name: 'profile_show',
    description:
      'Show the supplier profile one customer sees: give `customer` (customer id), or `id` (a profile id from profile_list). Returns a JSON object.',
    command: ['profile', 'show'],
    input: z
      .strictObject({
        id: recordId('Supplier profile id.').optional(),
        customer: customerId.optional(),
      })
      .refine((input) => (input.id === undefined) !== (input.customer === undefined), {
        message: 'give either id or customer',
        path: ['customer'],
      }),
    args: { id: positional, customer: flag('customer') },
  }),
  defineTool({
    name: 'profile_request_change',
    description: `Ask a customer to approve a change to the supplier profile it sees. Changes are never applied directly: this creates a pending change request (one per customer at a time). Changeable fields (hyphenated API names): ${changeableProfileFields.join(', ')}. Returns the change request.`,
    command: ['profile', 'request-change'],
    input: z.strictObject({
      customer: customerId,
      changes: z
        .record(z.string(), z.unknown())
        .describe('Field -> new value, e.g. {"website": "https://...", "primary-contact": {...}}.'),
      justification: optionalText('Why, for the customer.'),
    }),
    args: {
      customer: flag('customer'),
      changes: { kind: 'json', flag: 'changes-json', encode: hyphenateKeys },
      justification: flag('justification'),
    },
  }),
  defineTool({
    name: 'profile_change_requests_list',
    description:
      'List profile change requests and whether customers approved or declined them. Returns a JSON array.',
    command: ['profile', 'change-requests', 'list'],
    input: z.strictObject({
      status: z.enum(['draft', 'pending_approval', 'approved', 'declined']).optional(),
      customer: customerFilterInput,
      ...listInputs,
    }),
    args: { status: flag('status'), customer: flag('customer'), ...listArgs },
  }),
  defineTool({
    name: 'profile_change_requests_show',
    description:
      'Show one profile change request: the changes, previous values and decision. Returns a JSON object.',
    command: ['profile', 'change-requests', 'show'],
    input: z.strictObject({ id: recordId('Change request id.') }),
    args: { id: positional },
  }),
  defineTool({
    name: 'remit_to_addresses_list',
    description:
      'List remit-to addresses (where customers send payment) with their status; bank numbers are always masked (****1234). Returns a JSON array.',
    command: ['remit-to', 'list'],
    input: z.strictObject({
      status: z.enum(['pending_approval', 'active', 'inactive', 'declined']).optional(),
      customer: customerFilterInput,
      active: z.boolean().optional(),
      ...listInputs,
    }),
    args: { status: flag('status'), customer: flag('customer'), active: flag('active'), ...listArgs },
  }),
  defineTool({
    name: 'remit_to_addresses_show',
    description:
      'Show one remit-to address by id or remit-to code (bank numbers masked). Returns a JSON object.',
    command: ['remit-to', 'show'],
    input: z.strictObject({ id: recordId('Remit-to id or remit-to code.') }),
    args: { id: positional },
  }),
  defineTool({
    name: 'remit_to_addresses_add',
    description:
      'Add a remit-to address with bank details for one customer; it stays pending until the customer approves. Give an IBAN (Europe), or account and routing number (US), or account number and sort code (UK); IBANs and US routing numbers are checksum-validated. Returns the new address with bank numbers masked.',
    command: ['remit-to', 'add'],
    input: z.strictObject({
      customer: customerId,
      remit_to_code: optionalText('Your code for this address.'),
      name: text('Name on the address.'),
      street1: text('Street, first line.'),
      street2: optionalText('Street, second line.'),
      city: text('City.'),
      state: optionalText('State or region.'),
      postal_code: text('Postal code.'),
      country: z
        .string()
        .regex(/^[A-Z]{2}$/, 'must be a 2-letter country code')
        .describe('ISO country code.'),
      vat_number: optionalText('VAT registration number.'),
      bank_account: z.strictObject({
        name_on_account: optionalText('Account holder name.'),
        bank_name: optionalText('Bank name.'),
        iban: optionalText('IBAN.'),
        swift: optionalText('SWIFT/BIC code.'),
        account_number: optionalText('Account number.'),
        routing_number: optionalText('ABA routing number (US).'),
        sort_code: optionalText('Sort code (UK).'),
      }),
    }),
    args: {
      customer: flag('customer'),
      remit_to_code: flag('remit-to-code'),
      name: flag('name'),
      street1: flag('street1'),
      street2: flag('street2'),
      city: flag('city'),
      state: flag('state'),
      postal_code: flag('postal-code'),
      country: flag('country'),
      vat_number: flag('vat-number'),
      bank_account: {
        kind: 'object',
        flags: {
          name_on_account: 'name-on-account',
          bank_name: 'bank-name',
          iban: 'iban',
          swift: 'swift',
          account_number: 'account-number',
          routing_number: 'routing-number',
          sort_code: 'sort-code',
        },
      },
    },
  }),
];
