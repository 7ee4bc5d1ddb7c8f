import type { CommandDefinition } from '../command-types.ts';
import { flagName, usageError } from '../usage-error.ts';
import { parseJsonObject } from './line-specs.ts';
import {
  customerFilter,
  defineListCommand,
  defineShowCommand,
  exactFilter,
  shapingQuery,
  showFlags,
} from './list-flags.ts';

const profileById = { method: 'GET', path: '/api/supplier_profiles/:id' } as const;
const profileOfCustomer = { method: 'GET', path: '/api/supplier_profile' } as const;
const requestChange = { method: 'PUT', path: '/api/supplier_profile' } as const;

/** Fields a profile change request may name (the API has the final word). */
export const changeableProfileFields = [
  'display-name',
  'primary-address',
  'primary-contact',
  'contacts',
  'diversities',
  'website',
  'tax-id',
  'duns',
  'payment-method',
  'po-method',
] as const;

const profileShow: CommandDefinition = {
  path: ['profile', 'show'],
  summary: 'Show the supplier profile one customer sees (--customer), or a profile by its id.',
  details: 'Examples: csp profile show --customer 1    csp profile show 4',
  positionals: [{ name: 'id', description: 'Supplier profile id (or use --customer).', required: false }],
  flags: { customer: { type: 'integer', min: 1, description: 'Customer id.' }, ...showFlags },
  operations: [profileOfCustomer, profileById],
  build: (input) => {
    const id = input.positional('id');
    const customer = input.string('customer');
    if ((id === undefined) === (customer === undefined)) {
      throw usageError(flagName('customer'), 'give either --customer CUSTOMER_ID or a profile ID, not both');
    }
    if (customer !== undefined) {
      return { operation: profileOfCustomer, query: [['customer_id', customer], ...shapingQuery(input)] };
    }
    return { operation: profileById, params: { id: id! }, query: shapingQuery(input) };
  },
};

const profileRequestChange: CommandDefinition = {
  path: ['profile', 'request-change'],
  summary: 'Ask a customer to approve a change to your profile (creates a pending change request).',
  details: [
    'Example: csp profile request-change --customer 1 --set website=https://example.com \\',
    '           --set-json \'diversities=["SBE"]\' --justification "New site"',
    `Changeable: ${changeableProfileFields.join(', ')}. One pending request per customer.`,
  ].join('\n'),
  positionals: [],
  flags: {
    customer: { type: 'integer', min: 1, required: true, description: 'Customer id.' },
    set: { type: 'string', multiple: true, valueName: 'FIELD=VALUE', description: 'Change a text field.' },
    'set-json': {
      type: 'string',
      multiple: true,
      valueName: 'FIELD=JSON',
      description: 'Change a structured field (address, contact, lists).',
    },
    'changes-json': { type: 'string', valueName: 'JSON', description: 'Every change as one JSON object.' },
    justification: { type: 'string', valueName: 'TEXT', description: 'Why, for the customer.' },
  },
  operations: [requestChange],
  build: (input) => {
    const changes = profileChanges(input.list('set'), input.list('set-json'), input.string('changes-json'));
    const justification = input.string('justification');
    return {
      operation: requestChange,
      query: [['customer_id', input.requiredString('customer')]],
      body: { changes, ...(justification === undefined ? {} : { justification }) },
    };
  },
};

function profileChanges(sets: string[], jsonSets: string[], changesJson: string | undefined) {
  const changes: Record<string, unknown> =
    changesJson === undefined ? {} : parseJsonObject(changesJson, flagName('changes-json'));
  for (const [flag, texts] of [
    ['set', sets],
    ['set-json', jsonSets],
  ] as const) {
    for (const text of texts) {
      const equals = text.indexOf('=');
      if (equals <= 0) throw usageError(flagName(flag), `"${text}" is not FIELD=VALUE`);
      const value = text.slice(equals + 1);
      changes[text.slice(0, equals)] = flag === 'set' ? value : parseJsonValue(value, flag);
    }
  }
  if (Object.keys(changes).length === 0) {
    throw usageError(flagName('set'), 'nothing to change: give --set, --set-json or --changes-json');
  }
  return changes;
}

function parseJsonValue(text: string, flag: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw usageError(flagName(flag), `"${text}" is not valid JSON`);
  }
}

export const profileCommands: CommandDefinition[] = [
  defineListCommand({
    path: ['profile', 'list'],
    summary: 'List your supplier profile as each customer sees it (one per customer).',
    operation: { method: 'GET', path: '/api/supplier_profiles' },
    filters: { customer: customerFilter },
  }),
  profileShow,
  profileRequestChange,
  defineListCommand({
    path: ['profile', 'change-requests', 'list'],
    summary: 'List profile change requests and whether customers approved them.',
    operation: { method: 'GET', path: '/api/profile_change_requests' },
    filters: {
      status: exactFilter('status', {
        type: 'string',
        choices: ['draft', 'pending_approval', 'approved', 'declined'],
        description: 'Request status.',
      }),
      customer: customerFilter,
    },
  }),
  defineShowCommand({
    path: ['profile', 'change-requests', 'show'],
    summary: 'Show one profile change request.',
    operation: { method: 'GET', path: '/api/profile_change_requests/:id' },
    idDescription: 'Change request id.',
  }),
];
