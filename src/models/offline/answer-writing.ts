import type { ToolFailure } from './planner-types.ts';

/** Every answer of the demo model starts with this label. */
export const demoLabel = '[demo model] ';

export function labelled(text: string): string {
  return text.startsWith(demoLabel) ? text : `${demoLabel}${text}`;
}

const amountFormat = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** `USD 1,106.80` (or just the number when the currency is unknown). */
export function formatMoney(amount: unknown, currency?: unknown): string {
  const value = typeof amount === 'number' ? amountFormat.format(amount) : String(amount ?? '?');
  return typeof currency === 'string' && currency !== '' ? `${currency} ${value}` : value;
}

/** The date part of an ISO date or timestamp. */
export function formatDate(value: unknown): string {
  return typeof value === 'string' ? value.slice(0, 10) : 'unknown';
}

/** `pending_supplier_action` -> `pending supplier action`. */
export function humanize(value: unknown): string {
  return String(value ?? 'unknown').replace(/_/g, ' ');
}

/** `1 order`, `3 orders`. */
export function count(amount: number, noun: string, plural = `${noun}s`): string {
  return `${amount} ${amount === 1 ? noun : plural}`;
}

export function bulletList(lines: readonly string[]): string {
  return lines.map((line) => `- ${line}`).join('\n');
}

/** At most `limit` bullet lines, then how many more there are. */
export function boundedList(lines: readonly string[], limit = 25): string {
  const shown = bulletList(lines.slice(0, limit));
  return lines.length > limit ? `${shown}\n- ...and ${lines.length - limit} more` : shown;
}

/** A tool failure in words, saying what it means for the supplier. */
export function describeFailure(failure: ToolFailure): string {
  const detail = failure.message ? `: ${failure.message}` : '';
  switch (failure.status ?? statusOfCode(failure.code)) {
    case 401:
      return `the API did not accept the credentials (${failure.code})${detail}`;
    case 403:
      return `this session lacks the permission for it (${failure.code})${detail}`;
    case 404:
      return `not found: it does not exist or is not one of your records (${failure.code})`;
    case 409:
      return `not allowed in its current state (${failure.code})${detail}`;
    case 422:
      return `the API rejected the input (${failure.code})${detail}`;
    case 429:
      return `the API is rate limiting requests (${failure.code}); try again shortly`;
    default:
      return `the call failed (${failure.code})${detail}`;
  }
}

function statusOfCode(code: string): number | undefined {
  const statuses: Record<string, number> = {
    unauthenticated: 401,
    token_expired: 401,
    insufficient_scope: 403,
    not_found: 404,
    illegal_transition: 409,
    conflict: 409,
    validation_failed: 422,
    rate_limited: 429,
  };
  return statuses[code];
}
