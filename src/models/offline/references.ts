import type { PlannerContext } from './planner-types.ts';
import { extractInvoiceNumbers, extractPoNumbers } from './text-extraction.ts';

/** "it", "that order", "the invoice": the request refers back to an earlier turn. */
const refersBack = /\b(it|its|this|that|them|these|those|the same|the (po|order|purchase order|invoice))\b/i;

/**
 * Document numbers the request names; when it names none but refers back ("submit it"), the ones
 * the most recent earlier message named.
 */
function referenced(context: PlannerContext, extract: (text: string) => string[]): string[] {
  const own = extract(context.text);
  if (own.length > 0 || !refersBack.test(context.text)) return own;
  for (const earlier of [...context.earlierTexts].reverse()) {
    const found = extract(earlier);
    if (found.length > 0) return found;
  }
  return [];
}

export const poNumbersOf = (context: PlannerContext): string[] => referenced(context, extractPoNumbers);

export const invoiceNumbersOf = (context: PlannerContext): string[] =>
  referenced(context, extractInvoiceNumbers);
