import type { ApiOperation, CommandDefinition, FlagDefinition } from '../command-types.ts';
import { flagName, usageError } from '../usage-error.ts';
import { bodyFields } from './body-fields.ts';
import { linesJsonFlag, linesOf } from './line-specs.ts';

const flip = { method: 'POST', path: '/api/purchase_orders/:id/flip_to_invoice' } as const;
const creditNote = { method: 'POST', path: '/api/purchase_orders/:id/flip_to_credit_note' } as const;
const update = { method: 'PUT', path: '/api/invoices/:id' } as const;

const quantityLine: FlagDefinition = {
  type: 'string',
  multiple: true,
  valueName: 'LINE:QTY',
  description: 'Invoice this quantity of that PO line (repeat per line).',
};
const idPositional = [{ name: 'id', description: 'Invoice id or invoice number.', required: true }] as const;

export const flipCommand: CommandDefinition = {
  path: ['invoices', 'flip'],
  summary: 'Create a draft invoice from a purchase order ("flip" the PO); submit it afterwards.',
  details: [
    'Example: csp invoices flip --po NWC-PO-11001 --invoice-number INV-2026-001 --line 1:10',
    'Without --line every open line is invoiced for its remaining quantity.',
  ].join('\n'),
  positionals: [],
  flags: {
    po: { type: 'string', required: true, description: 'PO id or PO number to invoice.' },
    'invoice-number': {
      type: 'string',
      required: true,
      description: 'Your invoice number (unique per customer).',
    },
    'invoice-date': { type: 'date', description: 'Invoice date (default today).' },
    line: quantityLine,
    'lines-json': linesJsonFlag,
    note: { type: 'string', valueName: 'TEXT', description: 'Supplier note on the invoice.' },
    'shipping-amount': { type: 'number', min: 0, description: 'Shipping charged.' },
    'tax-rate': { type: 'number', min: 0, max: 1, description: 'Tax rate as a fraction (0.0825).' },
  },
  operations: [flip],
  build: (input) => {
    const lines = linesOf(input, { keys: { quantity: 'number' }, bareQuantity: true });
    return {
      operation: flip,
      params: { id: input.requiredString('po') },
      body: {
        ...bodyFields(input, {
          'invoice-number': 'invoice-number',
          'invoice-date': 'invoice-date',
          note: 'supplier-note',
          'shipping-amount': 'shipping-amount',
          'tax-rate': 'tax-rate',
        }),
        ...(lines === undefined ? {} : { lines }),
      },
    };
  },
};

export const creditNoteCommand: CommandDefinition = {
  path: ['invoices', 'credit-note'],
  summary: 'Create a draft credit note against a submitted invoice of a purchase order.',
  details:
    'Example: csp invoices credit-note --po NWC-PO-11001 --original-invoice NWC-INV-11035 --invoice-number CN-1 --line 1:2',
  positionals: [],
  flags: {
    po: { type: 'string', required: true, description: 'PO id or PO number.' },
    'original-invoice': { type: 'string', required: true, description: 'The invoice number being credited.' },
    'invoice-number': { type: 'string', required: true, description: 'The credit note number.' },
    line: { ...quantityLine, description: 'Credit this quantity of that line (repeat per line).' },
    'lines-json': linesJsonFlag,
    note: { type: 'string', valueName: 'TEXT', description: 'Supplier note.' },
  },
  operations: [creditNote],
  build: (input) => {
    const lines = linesOf(input, { keys: { quantity: 'number' }, bareQuantity: true });
    if (lines === undefined) throw usageError(flagName('line'), 'at least one --line LINE:QTY is required');
    return {
      operation: creditNote,
      params: { id: input.requiredString('po') },
      body: {
        'invoice-number': input.requiredString('invoice-number'),
        'original-invoice-number': input.requiredString('original-invoice'),
        lines,
        ...bodyFields(input, { note: 'supplier-note' }),
      },
    };
  },
};

const updateFields: Record<string, string> = {
  'invoice-number': 'invoice-number',
  'invoice-date': 'invoice-date',
  note: 'supplier-note',
  'shipping-amount': 'shipping-amount',
  'handling-amount': 'handling-amount',
  'tax-rate': 'tax-rate',
};

export const updateInvoiceCommand: CommandDefinition = {
  path: ['invoices', 'update'],
  summary: 'Change a draft invoice (number, date, note, charges, tax rate, line quantities).',
  details: 'Example: csp invoices update INV-2026-001 --line 1:quantity=8 --note "Partial delivery"',
  positionals: idPositional,
  flags: {
    'invoice-number': { type: 'string', description: 'New invoice number.' },
    'invoice-date': { type: 'date', description: 'New invoice date.' },
    note: { type: 'string', valueName: 'TEXT', description: 'Supplier note.' },
    'shipping-amount': { type: 'number', min: 0, description: 'Shipping charged.' },
    'handling-amount': { type: 'number', min: 0, description: 'Handling charged.' },
    'tax-rate': { type: 'number', min: 0, max: 1, description: 'Tax rate as a fraction.' },
    line: {
      type: 'string',
      multiple: true,
      valueName: 'LINE:k=v,...',
      description: 'A line change; keys quantity, description.',
    },
    'lines-json': linesJsonFlag,
  },
  operations: [update],
  build: (input) => {
    const lines = linesOf(input, { keys: { quantity: 'number', description: 'string' }, bareQuantity: true });
    const body = { ...bodyFields(input, updateFields), ...(lines === undefined ? {} : { lines }) };
    if (Object.keys(body).length === 0) {
      throw usageError('invoices update', 'nothing to change: give at least one field flag or --line');
    }
    return { operation: update, params: { id: input.requiredPositional('id') }, body };
  },
};

/** A bodiless state change on one invoice (`submit`, `void`). */
function invoiceAction(name: string, summary: string, operation: ApiOperation): CommandDefinition {
  return {
    path: ['invoices', name],
    summary,
    positionals: idPositional,
    flags: {},
    operations: [operation],
    build: (input) => ({ operation, params: { id: input.requiredPositional('id') }, body: {} }),
  };
}

const comments = { method: 'POST', path: '/api/invoices/:id/comments' } as const;

export const invoiceWriteCommands: CommandDefinition[] = [
  flipCommand,
  creditNoteCommand,
  updateInvoiceCommand,
  invoiceAction('submit', 'Submit a draft invoice to the customer (a disputed one is resubmitted).', {
    method: 'PUT',
    path: '/api/invoices/:id/submit',
  }),
  invoiceAction('void', 'Void an unpaid pending-receipt or approved invoice.', {
    method: 'PUT',
    path: '/api/invoices/:id/void',
  }),
  {
    path: ['invoices', 'comment'],
    summary: 'Add a comment to an invoice (visible to the customer).',
    positionals: idPositional,
    flags: { text: { type: 'string', required: true, description: 'The comment.' } },
    operations: [comments],
    build: (input) => ({
      operation: comments,
      params: { id: input.requiredPositional('id') },
      body: { comment: input.requiredString('text') },
    }),
  },
];
