import type { CommandDefinition } from '../command-types.ts';
import { bodyFields } from './body-fields.ts';
import { customerFilter, defineListCommand, defineShowCommand, exactFilter } from './list-flags.ts';

const addRemitTo = { method: 'POST', path: '/api/remit_to_addresses' } as const;

const addressFields = {
  'remit-to-code': 'remit-to-code',
  name: 'name',
  street1: 'street1',
  street2: 'street2',
  city: 'city',
  state: 'state',
  'postal-code': 'postal-code',
  country: 'country',
  'vat-number': 'vat-number',
};

const bankFields = {
  'name-on-account': 'name-on-bank-account',
  'bank-name': 'bank-name',
  iban: 'iban-number',
  swift: 'swift-code',
  'account-number': 'bank-account-number',
  'routing-number': 'bank-routing-number',
  'sort-code': 'sort-code',
};

const text = (description: string, required = false) =>
  ({ type: 'string', description, ...(required ? { required } : {}) }) as const;

const remitToAdd: CommandDefinition = {
  path: ['remit-to', 'add'],
  summary: 'Add a remit-to address with bank details (pending until the customer approves).',
  details: [
    'Example: csp remit-to add --customer 1 --name "Northwind AR" --street1 "1 Main St" --city Leeds \\',
    '           --postal-code LS1 4AP --country GB --name-on-account "Northwind Ltd" \\',
    '           --account-number 12345678 --sort-code 200000',
    'Bank numbers are write-only: every read shows them masked (****1234). IBANs and US routing',
    'numbers are checksum-validated.',
  ].join('\n'),
  positionals: [],
  flags: {
    customer: { type: 'integer', min: 1, required: true, description: 'Customer id.' },
    'remit-to-code': text('Your code for this address.'),
    name: text('Name on the address.', true),
    street1: text('Street, first line.', true),
    street2: text('Street, second line.'),
    city: text('City.', true),
    state: text('State or region.'),
    'postal-code': text('Postal code.', true),
    country: text('ISO country code (GB, US, DE...).', true),
    'vat-number': text('VAT registration number.'),
    'name-on-account': text('Account holder name.'),
    'bank-name': text('Bank name.'),
    iban: text('IBAN (Europe).'),
    swift: text('SWIFT/BIC code.'),
    'account-number': text('Account number (US, UK).'),
    'routing-number': text('ABA routing number (US).'),
    'sort-code': text('Sort code (UK).'),
  },
  operations: [addRemitTo],
  build: (input) => ({
    operation: addRemitTo,
    body: {
      'customer-id': input.number('customer'),
      ...bodyFields(input, addressFields),
      'bank-account': bodyFields(input, bankFields),
    },
  }),
};

export const remitToCommands: CommandDefinition[] = [
  defineListCommand({
    path: ['remit-to', 'list'],
    summary: 'List remit-to addresses (where customers pay you); bank numbers are masked.',
    operation: { method: 'GET', path: '/api/remit_to_addresses' },
    filters: {
      status: exactFilter('status', {
        type: 'string',
        choices: ['pending_approval', 'active', 'inactive', 'declined'],
        description: 'Address status.',
      }),
      customer: customerFilter,
      active: exactFilter('active', { type: 'boolean', description: 'Active addresses only (true|false).' }),
    },
  }),
  defineShowCommand({
    path: ['remit-to', 'show'],
    summary: 'Show one remit-to address (bank numbers masked).',
    operation: { method: 'GET', path: '/api/remit_to_addresses/:id' },
    idDescription: 'Remit-to id or remit-to code.',
  }),
  remitToAdd,
];
