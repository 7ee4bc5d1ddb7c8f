import { catalogStatuses } from '../../../csp-api/catalogs/types.ts';
import type { ApiOperation, CommandDefinition } from '../command-types.ts';
import { usageError } from '../usage-error.ts';
import { bodyFields } from './body-fields.ts';
import {
  containsFilter,
  customerFilter,
  defineListCommand,
  defineShowCommand,
  exactFilter,
} from './list-flags.ts';

const createCatalog = { method: 'POST', path: '/api/catalogs' } as const;
const updateCatalog = { method: 'PUT', path: '/api/catalogs/:id' } as const;
const submitCatalog: ApiOperation = { method: 'PUT', path: '/api/catalogs/:id/submit' };

const dateFields = { 'start-date': 'start-date', 'expiration-date': 'expiration-date' };
const catalogPositional = [{ name: 'id', description: 'Catalog id or catalog name.', required: true }];

export const catalogCommands: CommandDefinition[] = [
  defineListCommand({
    path: ['catalogs', 'list'],
    summary: 'List catalogs (price lists) and their status per customer.',
    operation: { method: 'GET', path: '/api/catalogs' },
    filters: {
      status: exactFilter('status', {
        type: 'string',
        choices: catalogStatuses,
        description: 'Catalog status.',
      }),
      customer: customerFilter,
      name: containsFilter('name', 'Catalogs whose name contains this text.'),
    },
  }),
  defineShowCommand({
    path: ['catalogs', 'show'],
    summary: 'Show one catalog.',
    operation: { method: 'GET', path: '/api/catalogs/:id' },
    idDescription: 'Catalog id or catalog name.',
  }),
  {
    path: ['catalogs', 'create'],
    summary: 'Create a draft catalog for a customer.',
    details: 'Example: csp catalogs create --name "2027 Price List" --customer 1 --currency USD',
    positionals: [],
    flags: {
      name: {
        type: 'string',
        required: true,
        description: 'Catalog name (not only digits: names are ids too).',
      },
      customer: { type: 'integer', min: 1, required: true, description: 'Customer id.' },
      currency: { type: 'string', description: "Currency code (USD, EUR...); default the customer's." },
      'start-date': { type: 'date', description: 'First day the prices apply.' },
      'expiration-date': { type: 'date', description: 'Last day the prices apply.' },
    },
    operations: [createCatalog],
    build: (input) => ({
      operation: createCatalog,
      body: {
        ...bodyFields(input, { name: 'name', customer: 'customer-id', currency: 'currency' }),
        ...bodyFields(input, dateFields),
      },
    }),
  },
  {
    path: ['catalogs', 'update'],
    summary: 'Rename a draft catalog or change its dates.',
    positionals: catalogPositional,
    flags: {
      name: { type: 'string', description: 'New name.' },
      'start-date': { type: 'date', description: 'First day the prices apply.' },
      'expiration-date': { type: 'date', description: 'Last day the prices apply.' },
    },
    operations: [updateCatalog],
    build: (input) => {
      const body = bodyFields(input, { name: 'name', ...dateFields });
      if (Object.keys(body).length === 0) {
        throw usageError(
          'catalogs update',
          'nothing to change: give --name, --start-date or --expiration-date',
        );
      }
      return { operation: updateCatalog, params: { id: input.requiredPositional('id') }, body };
    },
  },
  {
    path: ['catalogs', 'submit'],
    summary: 'Submit a draft catalog for the customer to approve (every active item needs a description).',
    positionals: catalogPositional,
    flags: {},
    operations: [submitCatalog],
    build: (input) => ({
      operation: submitCatalog,
      params: { id: input.requiredPositional('id') },
      body: {},
    }),
  },
];
