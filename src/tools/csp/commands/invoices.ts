import { invoiceStatuses } from '../../../csp-api/invoices/types.ts';
import type { CommandDefinition } from '../command-types.ts';
import {
  customerFilter,
  dateRangeFilters,
  defineListCommand,
  defineShowCommand,
  exactFilter,
} from './list-flags.ts';

export const invoiceReadCommands: CommandDefinition[] = [
  defineListCommand({
    path: ['invoices', 'list'],
    summary: 'List invoices and credit notes; filter by status, customer, PO, paid, dates.',
    details: 'Example: csp invoices list --status disputed --customer globex',
    operation: { method: 'GET', path: '/api/invoices' },
    filters: {
      status: exactFilter('status', {
        type: 'string',
        choices: invoiceStatuses,
        description: 'Invoice status.',
      }),
      customer: customerFilter,
      'po-number': exactFilter('po-number', {
        type: 'string',
        description: 'Invoices against this PO number.',
      }),
      paid: exactFilter('paid', { type: 'boolean', description: 'Paid in full (true|false).' }),
      'invoice-number': exactFilter('invoice-number', {
        type: 'string',
        description: 'Exact invoice number.',
      }),
      'document-type': exactFilter('document-type', {
        type: 'string',
        choices: ['Invoice', 'Credit Note'],
        description: 'Invoices or credit notes only.',
      }),
      ...dateRangeFilters('created-at', 'created'),
      ...dateRangeFilters('invoice-date', 'invoice-date'),
    },
  }),
  defineShowCommand({
    path: ['invoices', 'show'],
    summary: 'Show one invoice with its lines, payments, disputes and comments.',
    operation: { method: 'GET', path: '/api/invoices/:id' },
    idDescription: 'Invoice id or invoice number (e.g. NWC-INV-11035).',
  }),
];
