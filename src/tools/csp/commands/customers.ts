import type { CommandDefinition } from '../command-types.ts';
import { containsFilter, defineListCommand, defineShowCommand } from './list-flags.ts';

export const customerCommands: CommandDefinition[] = [
  defineListCommand({
    path: ['customers', 'list'],
    summary: 'List the customers (buyers) this supplier serves: currency, payment term, tax rate, units.',
    operation: { method: 'GET', path: '/api/customers' },
    filters: { name: containsFilter('name', 'Customers whose name contains this text.') },
  }),
  defineShowCommand({
    path: ['customers', 'show'],
    summary: 'Show one customer.',
    operation: { method: 'GET', path: '/api/customers/:id' },
    idDescription: 'Customer id.',
  }),
];
