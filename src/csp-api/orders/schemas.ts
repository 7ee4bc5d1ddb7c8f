import { z } from 'zod';
import {
  documentReference,
  flag,
  isoDate,
  lineNumber,
  money,
  optionalText,
  positiveQuantity,
  requiredText,
  taxRate,
  unitPrice,
} from '../http/schema-parts.ts';

/** Request bodies of the purchase-order writes (supplier side and `/sim`). Unknown fields are a 422. */
const choice = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, {
    error: (issue) => (issue.input === undefined ? 'is required' : `must be one of ${values.join(', ')}`),
  });

export const acknowledgeBody = z.strictObject({ 'acknowledged-flag': flag() });

export const lineConfirmationBody = z.strictObject({
  'line-num': lineNumber(),
  action: choice(['accept', 'reject', 'propose_change']),
  quantity: positiveQuantity().optional(),
  price: unitPrice().optional(),
  'promised-date': isoDate().optional(),
  'reason-code': optionalText(100),
  comment: optionalText(),
});

export const confirmationBody = z.strictObject({
  action: choice(['accept', 'reject', 'line_level']),
  'reason-code': optionalText(100),
  comment: optionalText(),
  lines: z.array(lineConfirmationBody).optional(),
});
export type ConfirmationBody = z.infer<typeof confirmationBody>;

const quantityLine = z.strictObject({ 'line-num': lineNumber(), quantity: positiveQuantity() });
const quantityLines = z.array(quantityLine).min(1, 'needs at least one line').optional();
export type QuantityLineBody = z.infer<typeof quantityLine>;

export const flipToInvoiceBody = z.strictObject({
  'invoice-number': requiredText(40),
  'invoice-date': isoDate().optional(),
  lines: quantityLines,
  'supplier-note': optionalText(),
  'shipping-amount': money().optional(),
  'handling-amount': money().optional(),
  'tax-rate': taxRate().optional(),
});

export const flipToCreditNoteBody = z.strictObject({
  'invoice-number': requiredText(40),
  'original-invoice-number': requiredText(40),
  'invoice-date': isoDate().optional(),
  lines: quantityLines,
  'supplier-note': optionalText(),
});

export const orderChangeBody = z.strictObject({
  'order-header-id': documentReference(),
  'order-line-changes': z
    .array(
      z.strictObject({
        'line-num': lineNumber(),
        quantity: positiveQuantity().optional(),
        price: unitPrice().optional(),
        'need-by-date': isoDate().optional(),
      }),
    )
    .optional(),
  justification: optionalText(),
  'pending-cancel': flag().optional(),
});
export type OrderChangeBody = z.infer<typeof orderChangeBody>;

/** The buyer's reason when it rejects a proposal or a change. */
export const reasonBody = z.strictObject({ reason: requiredText(1000) });

const id = () =>
  z
    .number({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be an id') })
    .int('must be an id')
    .positive('must be an id');

export const issueOrderBody = z.strictObject({
  'supplier-id': id(),
  'customer-id': id(),
  'po-number': requiredText(20).optional(),
  'ship-to-attention': requiredText(100).optional(),
  'invoice-stop': flag().optional(),
  lines: z
    .array(
      z.strictObject({
        description: requiredText(),
        quantity: positiveQuantity(),
        price: unitPrice(),
        uom: requiredText(10).optional(),
        'source-part-num': requiredText(60).optional(),
        'need-by-date': isoDate().optional(),
      }),
      { error: (issue) => (issue.input === undefined ? 'is required' : 'must be a list of lines') },
    )
    .min(1, 'needs at least one line'),
});
export type IssueOrderBody = z.infer<typeof issueOrderBody>;
