import { z } from 'zod';
import {
  isoDate,
  lineNumber,
  money,
  optionalText,
  positiveQuantity,
  requiredText,
  taxRate,
} from '../http/schema-parts.ts';

/** Request bodies of the invoice writes (supplier side and `/sim`). Unknown fields are a 422. */
export const editInvoiceBody = z.strictObject({
  'invoice-number': requiredText(40).optional(),
  'invoice-date': isoDate().optional(),
  'supplier-note': optionalText(),
  'shipping-amount': money().optional(),
  'handling-amount': money().optional(),
  'tax-rate': taxRate().optional(),
  lines: z
    .array(
      z.strictObject({
        'line-num': lineNumber(),
        quantity: positiveQuantity().optional(),
        description: requiredText().optional(),
      }),
    )
    .optional(),
});
export type EditInvoiceBody = z.infer<typeof editInvoiceBody>;

export const commentBody = z.strictObject({ comment: requiredText(4000) });

export const disputeBody = z.strictObject({
  code: requiredText(60),
  description: optionalText(255),
  comment: optionalText(4000),
});

export const paymentBody = z.strictObject({
  amount: z.number({ error: 'must be a number' }).positive('must be greater than 0').optional(),
  'payment-date': isoDate().optional(),
  notes: optionalText(255),
});
