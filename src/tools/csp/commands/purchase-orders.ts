import { confirmationStatuses, purchaseOrderStatuses } from '../../../csp-api/orders/types.ts';
import type { CommandDefinition } from '../command-types.ts';
import {
  customerFilter,
  dateRangeFilters,
  defineListCommand,
  defineShowCommand,
  exactFilter,
} from './list-flags.ts';

export const purchaseOrderReadCommands: CommandDefinition[] = [
  defineListCommand({
    path: ['purchase-orders', 'list'],
    summary: 'List purchase orders, newest last; filter by status, customer, PO number, part, dates.',
    details: 'Example: csp purchase-orders list --status issued --customer globex --limit 10',
    operation: { method: 'GET', path: '/api/purchase_orders' },
    filters: {
      status: exactFilter('status', {
        type: 'string',
        choices: purchaseOrderStatuses,
        description: 'Order status.',
      }),
      customer: customerFilter,
      'po-number': exactFilter('po-number', { type: 'string', description: 'Exact PO number.' }),
      part: exactFilter('order-lines[source-part-num]', {
        type: 'string',
        description: 'Orders with a line for this supplier part number.',
      }),
      acknowledged: exactFilter('acknowledged-flag', {
        type: 'boolean',
        description: 'Whether the supplier acknowledged the order (true|false).',
      }),
      'confirmation-status': exactFilter('confirmation-status', {
        type: 'string',
        choices: confirmationStatuses,
        description: 'Where the order confirmation stands.',
      }),
      ...dateRangeFilters('created-at', 'created'),
    },
  }),
  defineShowCommand({
    path: ['purchase-orders', 'show'],
    summary: 'Show one purchase order with its lines, confirmations and comments.',
    operation: { method: 'GET', path: '/api/purchase_orders/:id' },
    idDescription: 'PO id or PO number (e.g. NWC-PO-11001).',
  }),
];

const acknowledge = { method: 'PUT', path: '/api/purchase_orders/:id/acknowledge' } as const;

export const acknowledgeCommand: CommandDefinition = {
  path: ['purchase-orders', 'acknowledge'],
  summary: 'Acknowledge a purchase order (or clear the acknowledgement with --unset).',
  details: 'Not allowed on closed, soft-closed or cancelled orders (409).',
  positionals: [{ name: 'id', description: 'PO id or PO number.', required: true }],
  flags: { unset: { type: 'switch', description: 'Clear the acknowledgement instead of setting it.' } },
  operations: [acknowledge],
  build: (input) => ({
    operation: acknowledge,
    params: { id: input.requiredPositional('id') },
    body: { 'acknowledged-flag': input.boolean('unset') !== true },
  }),
};
