/** `date` (YYYY-MM-DD) plus whole days, as a date. */
export function addDays(date: string, days: number): string {
  const result = new Date(`${date}T00:00:00.000Z`);
  result.setUTCDate(result.getUTCDate() + days);
  return result.toISOString().slice(0, 10);
}

/** Days until payment in a payment term such as `Net 30`; a term without a number is due at once. */
export function paymentTermDays(code: string): number {
  const days = /(\d+)/.exec(code)?.[1];
  return days === undefined ? 0 : Number(days);
}

/** When an invoice dated `invoiceDate` falls due under `paymentTerm`. */
export function netDueDate(invoiceDate: string, paymentTerm: { code: string }): string {
  return addDays(invoiceDate, paymentTermDays(paymentTerm.code));
}

/** Today's date (UTC) at the request's clock. */
export const today = (now: Date): string => now.toISOString().slice(0, 10);
