import { z } from 'zod';
import { confirmationStatuses, purchaseOrderStatuses } from '../../csp-api/orders/types.ts';
import {
  customerFilterInput,
  flag,
  isoDate,
  linesJson,
  listArgs,
  listInputs,
  positional,
  recordId,
} from './common-inputs.ts';
import { defineTool } from './define-tool.ts';

const poId = recordId('PO id or PO number, e.g. "NWC-PO-11001".');

export const orderTools = [
  defineTool({
    name: 'customers_list',
    description:
      'List the customers (buyers) this supplier serves, with currency, payment term, default tax rate and the units of measure each accepts. Use it to find a customer id. Returns a JSON array.',
    command: ['customers', 'list'],
    input: z.strictObject({
      name: z.string().min(1).optional().describe('Part of the customer name.'),
      ...listInputs,
    }),
    args: { name: flag('name'), ...listArgs },
  }),
  defineTool({
    name: 'customers_show',
    description:
      'Show one customer by id: currency, payment term, tax rate, units of measure. Returns a JSON object.',
    command: ['customers', 'show'],
    input: z.strictObject({ id: recordId('Customer id.') }),
    args: { id: positional },
  }),
  defineTool({
    name: 'purchase_orders_list',
    description:
      'Search purchase orders (POs) by status, customer, PO number, part number, acknowledgement, confirmation status or creation date. Use it to answer "which orders..." questions and to find orders to act on. Returns a JSON array of orders with lines (at most `limit`, default 50; page with `offset`).',
    command: ['purchase-orders', 'list'],
    input: z.strictObject({
      status: z.enum(purchaseOrderStatuses).optional().describe('Order status.'),
      customer: customerFilterInput,
      po_number: z.string().min(1).optional().describe('Exact PO number.'),
      part: z.string().min(1).optional().describe('Orders with a line for this supplier part number.'),
      acknowledged: z.boolean().optional().describe('Whether the supplier has acknowledged the order.'),
      confirmation_status: z.enum(confirmationStatuses).optional().describe('Where the confirmation stands.'),
      created_after: isoDate('Created on or after').optional(),
      created_before: isoDate('Created before').optional(),
      ...listInputs,
    }),
    args: {
      status: flag('status'),
      customer: flag('customer'),
      po_number: flag('po-number'),
      part: flag('part'),
      acknowledged: flag('acknowledged'),
      confirmation_status: flag('confirmation-status'),
      created_after: flag('created-after'),
      created_before: flag('created-before'),
      ...listArgs,
    },
  }),
  defineTool({
    name: 'purchase_orders_show',
    description:
      'Show one purchase order in full: status, acknowledgement, confirmation status, lines (quantities, prices, received and invoiced), confirmations and comments. Returns a JSON object.',
    command: ['purchase-orders', 'show'],
    input: z.strictObject({ id: poId }),
    args: { id: positional },
  }),
  defineTool({
    name: 'purchase_orders_acknowledge',
    description:
      'Acknowledge receipt of a purchase order (acknowledged: false clears it). Not allowed on closed, soft-closed or cancelled orders. Returns the updated order.',
    command: ['purchase-orders', 'acknowledge'],
    input: z.strictObject({
      id: poId,
      acknowledged: z.boolean().optional().describe('false clears the acknowledgement (default true).'),
    }),
    args: { id: positional, acknowledged: { kind: 'switch', flag: 'unset', when: false } },
  }),
  defineTool({
    name: 'purchase_orders_confirm',
    description:
      'Confirm an issued purchase order awaiting the supplier: accept it, reject it (reason_code required), or decide per line with action "line_level" and lines (accept, reject, or propose_change with quantity/price/promised_date). Returns the updated order with its new confirmation status.',
    command: ['purchase-orders', 'confirm'],
    input: z.strictObject({
      id: poId,
      action: z.enum(['accept', 'reject', 'line_level']).describe('Whole-order decision, or line_level.'),
      reason_code: z.string().min(1).optional().describe('Why (required to reject).'),
      comment: z.string().min(1).optional().describe('A note to the buyer.'),
      lines: z
        .array(
          z.strictObject({
            line_num: z.number().int().positive(),
            action: z.enum(['accept', 'reject', 'propose_change']),
            quantity: z.number().positive().optional(),
            price: z.number().nonnegative().optional(),
            promised_date: isoDate('Promised delivery date').optional(),
            reason_code: z.string().min(1).optional(),
            comment: z.string().min(1).optional(),
          }),
        )
        .min(1)
        .optional()
        .describe('Per-line decisions (with action line_level).'),
    }),
    args: {
      id: positional,
      action: { kind: 'flag', flag: 'action', encode: (value) => String(value).replace('_', '-') },
      reason_code: flag('reason-code'),
      comment: flag('comment'),
      lines: linesJson,
    },
  }),
  defineTool({
    name: 'purchase_orders_propose_change',
    description:
      'Propose a change to an issued purchase order (new quantities, prices or need-by dates per line, or cancellation) for the buyer to approve. Needs a justification; one pending change per order. Returns the created change request.',
    command: ['purchase-orders', 'propose-change'],
    input: z.strictObject({
      id: poId,
      lines: z
        .array(
          z.strictObject({
            line_num: z.number().int().positive(),
            quantity: z.number().positive().optional(),
            price: z.number().nonnegative().optional(),
            need_by_date: isoDate('New need-by date').optional(),
          }),
        )
        .min(1)
        .optional()
        .describe('Line changes.'),
      justification: z.string().min(1).describe('Why, for the buyer.'),
      cancel: z.boolean().optional().describe('Ask the buyer to cancel the whole order.'),
    }),
    args: {
      id: positional,
      lines: linesJson,
      justification: flag('justification'),
      cancel: { kind: 'switch', flag: 'cancel' },
    },
  }),
  defineTool({
    name: 'purchase_order_changes_list',
    description:
      'List the PO changes this supplier proposed and whether buyers approved them. Returns a JSON array.',
    command: ['purchase-order-changes', 'list'],
    input: z.strictObject({
      status: z.enum(['pending_approval', 'approved', 'rejected']).optional(),
      po_number: z.string().min(1).optional().describe('Exact PO number.'),
      customer: customerFilterInput,
      ...listInputs,
    }),
    args: { status: flag('status'), po_number: flag('po-number'), customer: flag('customer'), ...listArgs },
  }),
  defineTool({
    name: 'purchase_order_changes_show',
    description: 'Show one proposed PO change by id. Returns a JSON object.',
    command: ['purchase-order-changes', 'show'],
    input: z.strictObject({ id: recordId('Change id.') }),
    args: { id: positional },
  }),
];
