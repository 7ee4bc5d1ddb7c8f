import { z } from 'zod';
import { invoiceStatuses } from '../../csp-api/invoices/types.ts';
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

const invoiceId = recordId('Invoice id or invoice number, e.g. "NWC-INV-11035".');
const poReference = z
  .union([z.number().int().positive(), z.string().min(1)])
  .describe('PO id or PO number to invoice, e.g. "NWC-PO-11001".');
const quantityLines = z
  .array(z.strictObject({ line_num: z.number().int().positive(), quantity: z.number().positive() }))
  .min(1);
const amount = (description: string) => z.number().nonnegative().optional().describe(description);
const taxRate = z.number().min(0).max(1).optional().describe('Tax rate as a fraction, e.g. 0.0825.');

export const invoiceTools = [
  defineTool({
    name: 'invoices_list',
    description:
      'Search invoices and credit notes by status, customer, PO number, invoice number, paid flag or dates. Use it for "which invoices are unpaid/disputed/..." questions. Returns a JSON array (at most `limit`, default 50; page with `offset`).',
    command: ['invoices', 'list'],
    input: z.strictObject({
      status: z.enum(invoiceStatuses).optional().describe('Invoice status.'),
      customer: customerFilterInput,
      po_number: z.string().min(1).optional().describe('Invoices against this PO number.'),
      paid: z.boolean().optional().describe('Paid in full or not.'),
      invoice_number: z.string().min(1).optional().describe('Exact invoice number.'),
      document_type: z.enum(['Invoice', 'Credit Note']).optional(),
      created_after: isoDate('Created on or after').optional(),
      created_before: isoDate('Created before').optional(),
      invoice_date_after: isoDate('Invoice date on or after').optional(),
      invoice_date_before: isoDate('Invoice date before').optional(),
      ...listInputs,
    }),
    args: {
      status: flag('status'),
      customer: flag('customer'),
      po_number: flag('po-number'),
      paid: flag('paid'),
      invoice_number: flag('invoice-number'),
      document_type: flag('document-type'),
      created_after: flag('created-after'),
      created_before: flag('created-before'),
      invoice_date_after: flag('invoice-date-after'),
      invoice_date_before: flag('invoice-date-before'),
      ...listArgs,
    },
  }),
  defineTool({
    name: 'invoices_show',
    description:
      'Show one invoice in full: status, totals, lines, payments, dispute reasons and comments. Returns a JSON object.',
    command: ['invoices', 'show'],
    input: z.strictObject({ id: invoiceId }),
    args: { id: positional },
  }),
  defineTool({
    name: 'invoices_create_from_po',
    description:
      'Create a DRAFT invoice from an issued purchase order ("flip" the PO). Without lines every open line is invoiced for its remaining quantity. The invoice number must be unique for the customer. Submit it afterwards with invoices_submit. Returns the draft invoice.',
    command: ['invoices', 'flip'],
    input: z.strictObject({
      po: poReference,
      invoice_number: z.string().min(1).describe('Your invoice number.'),
      invoice_date: isoDate('Invoice date (default today)').optional(),
      lines: quantityLines.optional().describe('Quantities per PO line (default: everything still open).'),
      note: z.string().min(1).optional().describe('Supplier note on the invoice.'),
      shipping_amount: amount('Shipping charged.'),
      tax_rate: taxRate,
    }),
    args: {
      po: flag('po'),
      invoice_number: flag('invoice-number'),
      invoice_date: flag('invoice-date'),
      lines: linesJson,
      note: flag('note'),
      shipping_amount: flag('shipping-amount'),
      tax_rate: flag('tax-rate'),
    },
  }),
  defineTool({
    name: 'invoices_create_credit_note',
    description:
      'Create a DRAFT credit note against a submitted invoice of a purchase order, crediting quantities up to what the original invoiced. Returns the draft credit note.',
    command: ['invoices', 'credit-note'],
    input: z.strictObject({
      po: poReference,
      original_invoice_number: z.string().min(1).describe('The invoice being credited.'),
      invoice_number: z.string().min(1).describe('The credit note number.'),
      lines: quantityLines.describe('Quantities to credit per line.'),
      note: z.string().min(1).optional(),
    }),
    args: {
      po: flag('po'),
      original_invoice_number: flag('original-invoice'),
      invoice_number: flag('invoice-number'),
      lines: linesJson,
      note: flag('note'),
    },
  }),
  defineTool({
    name: 'invoices_update',
    description:
      'Change a DRAFT invoice: number, date, note, shipping/handling, tax rate, or line quantities and descriptions. Totals are recomputed. Returns the updated invoice.',
    command: ['invoices', 'update'],
    input: z.strictObject({
      id: invoiceId,
      invoice_number: z.string().min(1).optional(),
      invoice_date: isoDate('Invoice date').optional(),
      note: z.string().min(1).optional(),
      shipping_amount: amount('Shipping charged.'),
      handling_amount: amount('Handling charged.'),
      tax_rate: taxRate,
      lines: z
        .array(
          z.strictObject({
            line_num: z.number().int().positive(),
            quantity: z.number().positive().optional(),
            description: z.string().min(1).optional(),
          }),
        )
        .min(1)
        .optional(),
    }),
    args: {
      id: positional,
      invoice_number: flag('invoice-number'),
      invoice_date: flag('invoice-date'),
      note: flag('note'),
      shipping_amount: flag('shipping-amount'),
      handling_amount: flag('handling-amount'),
      tax_rate: flag('tax-rate'),
      lines: linesJson,
    },
  }),
  defineTool({
    name: 'invoices_submit',
    description:
      'Submit a draft invoice to the customer (draft to pending_approval; a disputed invoice is resubmitted). Returns the submitted invoice.',
    command: ['invoices', 'submit'],
    input: z.strictObject({ id: invoiceId }),
    args: { id: positional },
  }),
  defineTool({
    name: 'invoices_void',
    description:
      'Void an unpaid invoice that is pending receipt or approved; its quantities become invoiceable again. Returns the voided invoice.',
    command: ['invoices', 'void'],
    input: z.strictObject({ id: invoiceId }),
    args: { id: positional },
  }),
  defineTool({
    name: 'invoices_comment',
    description:
      'Add a comment to an invoice, visible to the customer. Returns the invoice with its comments.',
    command: ['invoices', 'comment'],
    input: z.strictObject({ id: invoiceId, comment: z.string().min(1).describe('The comment.') }),
    args: { id: positional, comment: flag('text') },
  }),
];
