import type { CommandDefinition } from '../command-types.ts';
import { customerFilter, defineListCommand, defineShowCommand, exactFilter } from './list-flags.ts';

export const purchaseOrderChangeCommands: CommandDefinition[] = [
  defineListCommand({
    path: ['purchase-order-changes', 'list'],
    summary: 'List the changes this supplier proposed to purchase orders.',
    operation: { method: 'GET', path: '/api/purchase_order_changes' },
    filters: {
      status: exactFilter('status', {
        type: 'string',
        choices: ['pending_approval', 'approved', 'rejected'],
        description: 'Change status.',
      }),
      'po-number': exactFilter('po-number', { type: 'string', description: 'Exact PO number.' }),
      customer: customerFilter,
    },
  }),
  defineShowCommand({
    path: ['purchase-order-changes', 'show'],
    summary: 'Show one proposed purchase order change.',
    operation: { method: 'GET', path: '/api/purchase_order_changes/:id' },
    idDescription: 'Change id.',
  }),
];
