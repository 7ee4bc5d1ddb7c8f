import type { BuildContext, CommandDefinition } from '../command-types.ts';
import { flagName, usageError } from '../usage-error.ts';
import { bodyFields } from './body-fields.ts';
import { linesJsonFlag, linesOf } from './line-specs.ts';

const confirmations = { method: 'POST', path: '/api/purchase_orders/:id/confirmations' } as const;
const showOrder = { method: 'GET', path: '/api/purchase_orders/:id' } as const;
const proposeChange = { method: 'POST', path: '/api/purchase_order_changes' } as const;

export const confirmCommand: CommandDefinition = {
  path: ['purchase-orders', 'confirm'],
  summary: 'Confirm a purchase order: accept or reject it whole, or decide line by line.',
  details: [
    'Examples:',
    '  csp purchase-orders confirm NWC-PO-11001 --action accept',
    '  csp purchase-orders confirm NWC-PO-11001 --action reject --reason-code out_of_stock',
    '  csp purchase-orders confirm NWC-PO-11001 --action line-level --line 1:accept \\',
    '      --line 2:propose-change:quantity=40,promised-date=2026-09-01',
    'Only issued orders awaiting the supplier. A rejection needs --reason-code.',
  ].join('\n'),
  positionals: [{ name: 'id', description: 'PO id or PO number.', required: true }],
  flags: {
    action: {
      type: 'string',
      required: true,
      choices: ['accept', 'reject', 'line-level'],
      description: 'accept or reject the whole order, or line-level with --line.',
    },
    'reason-code': { type: 'string', description: 'Why (needed to reject).' },
    comment: { type: 'string', valueName: 'TEXT', description: 'A note to the buyer.' },
    line: {
      type: 'string',
      multiple: true,
      valueName: 'LINE:ACTION[:k=v,...]',
      description:
        'A line decision: ACTION accept|reject|propose-change; keys quantity, price, promised-date, reason-code, comment.',
    },
    'lines-json': linesJsonFlag,
  },
  operations: [confirmations],
  build: (input) => {
    const lines = linesOf(input, {
      actions: ['accept', 'reject', 'propose-change', 'propose_change'],
      keys: {
        quantity: 'number',
        price: 'number',
        'promised-date': 'date',
        'reason-code': 'string',
        comment: 'string',
      },
    });
    const action = input.requiredString('action').replace('-', '_');
    if (action === 'line_level' && lines === undefined) {
      throw usageError(flagName('line'), 'at least one --line is needed with --action line-level');
    }
    return {
      operation: confirmations,
      params: { id: input.requiredPositional('id') },
      body: {
        action,
        ...bodyFields(input, { 'reason-code': 'reason-code', comment: 'comment' }),
        ...(lines === undefined ? {} : { lines }),
      },
    };
  },
};

export const proposeChangeCommand: CommandDefinition = {
  path: ['purchase-orders', 'propose-change'],
  summary: 'Propose a change to an issued order (quantities, prices, dates, or cancellation).',
  details: [
    'Example: csp purchase-orders propose-change NWC-PO-11001 --line 1:quantity=40,need-by-date=2026-09-01 \\',
    '           --justification "Partial stock until September"',
    'The customer must allow change requests; one pending change per order.',
  ].join('\n'),
  positionals: [{ name: 'id', description: 'PO id or PO number.', required: true }],
  flags: {
    line: {
      type: 'string',
      multiple: true,
      valueName: 'LINE:k=v,...',
      description: 'A line change; keys quantity, price, need-by-date.',
    },
    'lines-json': linesJsonFlag,
    justification: { type: 'string', required: true, valueName: 'TEXT', description: 'Why the change.' },
    cancel: { type: 'switch', description: 'Ask the buyer to cancel the order.' },
  },
  operations: [showOrder, proposeChange],
  build: async (input, context) => {
    const lines = linesOf(input, { keys: { quantity: 'number', price: 'number', 'need-by-date': 'date' } });
    const cancel = input.boolean('cancel') === true;
    if (lines === undefined && !cancel) {
      throw usageError(flagName('line'), 'give at least one --line, or --cancel');
    }
    return {
      operation: proposeChange,
      body: {
        'order-header-id': await orderId(input.requiredPositional('id'), context.lookup),
        'order-line-changes': lines ?? [],
        justification: input.requiredString('justification'),
        'pending-cancel': cancel,
      },
    };
  },
};

/** The API wants the order's numeric id; a PO number is looked up first. */
async function orderId(idOrNumber: string, lookup: BuildContext['lookup']): Promise<number> {
  if (/^\d+$/.test(idOrNumber)) return Number(idOrNumber);
  const order = (await lookup({ operation: showOrder, params: { id: idOrNumber } })) as { id: number };
  return order.id;
}
