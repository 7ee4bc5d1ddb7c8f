/**
 * Pulls ids, filters and values out of a supplier's request. Plain regular expressions over the
 * text: deterministic, and documented by the phrases in text-extraction.test.ts.
 */

const unique = <T>(values: readonly T[]): T[] => [...new Set(values)];

/** `NWC-PO-11001` style purchase order numbers, upper-cased, in order of appearance. */
export function extractPoNumbers(text: string): string[] {
  return unique([...text.matchAll(/\b([A-Z]{2,6}-PO-\d{2,})\b/gi)].map((match) => match[1]!.toUpperCase()));
}

/** `NWC-INV-11035` style invoice numbers, and numbers named as such ("invoice number INV-7"). */
export function extractInvoiceNumbers(text: string): string[] {
  const prefixed = [...text.matchAll(/\b([A-Z]{2,6}-INV-[A-Z0-9]+(?:-[A-Z0-9]+)*)\b/gi)].map((match) =>
    match[1]!.toUpperCase(),
  );
  const labelled = [
    ...text.matchAll(/\binvoice\s+(?:number|no\.?|#)\s*:?\s*#?([A-Za-z0-9][A-Za-z0-9._/-]{1,39})/gi),
  ]
    .map((match) => match[1]!.replace(/[.]$/, ''))
    .filter((candidate) => /\d/.test(candidate));
  return unique([...prefixed, ...labelled]);
}

export type OrderStatusWord =
  | 'issued'
  | 'buyer_hold'
  | 'supplier_hold'
  | 'soft_closed'
  | 'closed'
  | 'cancelled';

/** The order status a request names ("open" and "new" mean issued). */
export function extractOrderStatus(text: string): OrderStatusWord | undefined {
  const lower = text.toLowerCase();
  if (/\bsoft[- ]?closed\b/.test(lower)) return 'soft_closed';
  if (/\bsupplier[- ]hold\b|\bheld by (us|me)\b/.test(lower)) return 'supplier_hold';
  if (/\bbuyer[- ]hold\b|\bon hold\b|\bheld\b/.test(lower)) return 'buyer_hold';
  if (/\bcancell?ed\b/.test(lower)) return 'cancelled';
  if (/\bclosed\b/.test(lower)) return 'closed';
  if (/\b(open|issued|new|active|current)\b/.test(lower)) return 'issued';
  return undefined;
}

export type InvoiceStatusWord =
  | 'draft'
  | 'pending_receipt'
  | 'pending_approval'
  | 'on_hold'
  | 'ap_hold'
  | 'approved'
  | 'disputed'
  | 'abandoned'
  | 'voided';

/** The invoice status a request names. */
export function extractInvoiceStatus(text: string): InvoiceStatusWord | undefined {
  const lower = text.toLowerCase();
  const rules: [RegExp, InvoiceStatusWord][] = [
    [/\bpending[- ]receipt\b/, 'pending_receipt'],
    [/\bpending[- ]approval\b|\bawaiting approval\b/, 'pending_approval'],
    [/\bap[- ]hold\b/, 'ap_hold'],
    [/\bon[- ]hold\b/, 'on_hold'],
    [/\bdisput/, 'disputed'],
    [/\bdrafts?\b/, 'draft'],
    [/\bvoid(ed)?\b/, 'voided'],
    [/\babandoned\b/, 'abandoned'],
    [/\bapproved\b/, 'approved'],
  ];
  return rules.find(([pattern]) => pattern.test(lower))?.[1];
}

const notNames = new Set(
  [
    'PO',
    'POs',
    'Invoice',
    'Invoices',
    'Order',
    'Orders',
    'IBAN',
    'BIC',
    'SWIFT',
    'UNSPSC',
    'USD',
    'EUR',
    'GBP',
    'I',
    'The',
    'My',
    'Our',
    'All',
    'Line',
    'Customer',
    'Customers',
    ...['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August'],
    ...['September', 'October', 'November', 'December', 'Monday', 'Tuesday', 'Wednesday'],
    ...['Thursday', 'Friday', 'Saturday', 'Sunday', 'Today', 'Tomorrow', 'Yesterday'],
  ].map((word) => word.toLowerCase()),
);

/**
 * A customer named in the request ("orders from Globex", "for Initech Health Systems",
 * "Globex's invoices"): capitalised words after a preposition. Part of a name is enough for the
 * tools' `customer` filter.
 */
export function extractCustomerName(text: string): string | undefined {
  const word = "[A-Z][A-Za-z0-9&'-]*";
  const afterPreposition = new RegExp(
    `\\b(?:from|for|customer|by|with|to|at|of)\\s+(${word}(?:\\s+${word})*)`,
    'g',
  );
  const possessive = new RegExp(`\\b(${word})'s\\b`, 'g');
  const candidates = [...text.matchAll(afterPreposition), ...text.matchAll(possessive)]
    .sort((left, right) => left.index - right.index)
    .map((match) => cleanName(match[1]!));
  return candidates.find((name): name is string => name !== undefined);
}

function cleanName(candidate: string): string | undefined {
  const words = candidate.replace(/'s$/, '').split(/\s+/);
  const kept: string[] = [];
  for (const word of words) {
    if (notNames.has(word.toLowerCase()) || /-(PO|INV)-/i.test(word) || /^[A-Z]{2}\d{2}/.test(word)) break;
    kept.push(word);
  }
  return kept.length > 0 ? kept.join(' ') : undefined;
}

/** "customer 2", "customer id 2", "customer #2". */
export function extractCustomerId(text: string): number | undefined {
  const match = /\bcustomer\s+(?:id\s*)?#?(\d+)\b/i.exec(text);
  return match ? Number(match[1]) : undefined;
}

const months = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

const pad = (value: number) => String(value).padStart(2, '0');

function monthNumber(name: string): number | undefined {
  const index = months.findIndex((month) => month.startsWith(name.toLowerCase().slice(0, 3)));
  return index < 0 ? undefined : index + 1;
}

/** Dates as `YYYY-MM-DD`: ISO dates, "15 January 2027" and "January 15, 2027" (also abbreviated). */
export function extractDates(text: string): string[] {
  const found: { at: number; date: string }[] = [];
  for (const match of text.matchAll(/\b(\d{4})-(\d{2})-(\d{2})\b/g)) {
    found.push({ at: match.index, date: `${match[1]}-${match[2]}-${match[3]}` });
  }
  const monthWord = '(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\\.?';
  for (const match of text.matchAll(
    new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+${monthWord},?\\s+(\\d{4})\\b`, 'gi'),
  )) {
    const month = monthNumber(match[2]!);
    if (month) found.push({ at: match.index, date: `${match[3]}-${pad(month)}-${pad(Number(match[1]))}` });
  }
  for (const match of text.matchAll(
    new RegExp(`\\b${monthWord}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b`, 'gi'),
  )) {
    const month = monthNumber(match[1]!);
    if (month) found.push({ at: match.index, date: `${match[3]}-${pad(month)}-${pad(Number(match[2]))}` });
  }
  return unique(found.sort((left, right) => left.at - right.at).map((entry) => entry.date));
}

export interface LineValue {
  line: number;
  value: number;
}

const number = '(\\d+(?:\\.\\d+)?)';

/**
 * Quantities per order line: "only ship 80 of line 1", "line 2 to 50", "line 3 quantity 12",
 * "40 units on line 2".
 */
export function extractLineQuantities(text: string): LineValue[] {
  const found: (LineValue & { at: number })[] = [];
  const patterns: [RegExp, 'value-first' | 'line-first'][] = [
    [
      new RegExp(
        `(?<![-\\d.$€£/])\\b${number}\\s*(?:units?|pcs|pieces|items|boxes|ea)?\\s+(?:of|on|for|from)\\s+line\\s*#?(\\d+)`,
        'gi',
      ),
      'value-first',
    ],
    [
      new RegExp(
        `\\bline\\s*#?(\\d+)\\s*(?:quantity|qty)?\\s*(?:to|:|=|->)\\s*${number}(?![\\d.])(?!\\s*(?:usd|eur|gbp))`,
        'gi',
      ),
      'line-first',
    ],
    [new RegExp(`\\bline\\s*#?(\\d+)\\s+(?:quantity|qty)\\s+(?:of\\s+)?${number}`, 'gi'), 'line-first'],
  ];
  for (const [pattern, order] of patterns) {
    for (const match of text.matchAll(pattern)) {
      const before = text.slice(Math.max(0, match.index - 25), match.index);
      if (/price/i.test(match[0]) || /price\s+(of|on|for)?\s*$/i.test(before)) continue;
      const [first, second] = [Number(match[1]), Number(match[2])];
      const entry = order === 'value-first' ? { line: second, value: first } : { line: first, value: second };
      if (!found.some((existing) => existing.line === entry.line)) found.push({ ...entry, at: match.index });
    }
  }
  return found.sort((left, right) => left.line - right.line).map(({ line, value }) => ({ line, value }));
}

/** Unit prices per order line: "price of line 1 to 4.50", "line 2 price 3.10". */
export function extractLinePrices(text: string): LineValue[] {
  const found: LineValue[] = [];
  const money = `(?:usd|eur|gbp|\\$|€|£)?\\s*${number}`;
  const patterns = [
    new RegExp(`\\bprice\\s+(?:of|on|for)\\s+line\\s*#?(\\d+)\\s*(?:to|:|=|->|at)?\\s*${money}`, 'gi'),
    new RegExp(`\\bline\\s*#?(\\d+)\\s+(?:unit\\s+)?price\\s*(?:to|:|=|->|of|at)?\\s*${money}`, 'gi'),
  ];
  for (const pattern of patterns) {
    for (const match of text.matchAll(pattern)) {
      const entry = { line: Number(match[1]), value: Number(match[2]) };
      if (!found.some((existing) => existing.line === entry.line)) found.push(entry);
    }
  }
  return found.sort((left, right) => left.line - right.line);
}

/** Line numbers the request mentions ("line 2", "lines 1 and 3"). */
export function extractLineNumbers(text: string): number[] {
  const numbers: number[] = [];
  for (const match of text.matchAll(/\blines?\s*#?((?:\d+)(?:\s*(?:,|and|&)\s*#?\d+)*)/gi)) {
    numbers.push(...match[1]!.split(/\s*(?:,|and|&)\s*#?/).map(Number));
  }
  return unique(numbers).sort((left, right) => left - right);
}

export interface AmountFilter {
  op: 'gt' | 'lt';
  amount: number;
}

/** "over $1,000", "more than 500", "under 200 EUR". */
export function extractAmountFilter(text: string): AmountFilter | undefined {
  const amount = '(?:usd|eur|gbp|\\$|€|£)?\\s*(\\d[\\d,]*(?:\\.\\d+)?)';
  const over = new RegExp(
    `\\b(?:over|above|more than|greater than|exceeding|larger than)\\s+${amount}`,
    'i',
  ).exec(text);
  if (over) return { op: 'gt', amount: Number(over[1]!.replace(/,/g, '')) };
  const under = new RegExp(`\\b(?:under|below|less than|smaller than)\\s+${amount}`, 'i').exec(text);
  if (under) return { op: 'lt', amount: Number(under[1]!.replace(/,/g, '')) };
  return undefined;
}

/** A currency the request names: a code, a symbol or a word ("in euros"). */
export function extractCurrency(text: string): string | undefined {
  const code = /\b(USD|EUR|GBP|CHF|CAD|AUD|JPY|SEK|NOK|DKK|PLN)\b/.exec(text);
  if (code) return code[1];
  if (/€|\beuros?\b/i.test(text)) return 'EUR';
  if (/£|\bpounds?( sterling)?\b/i.test(text)) return 'GBP';
  if (/\bdollars?\b/i.test(text)) return 'USD';
  return undefined;
}

/** A phone number after a phone word: "phone number to +1 555 0199". */
export function extractPhone(text: string): string | undefined {
  const match = /\b(?:phone|telephone|tel|mobile)\b[^+\d(]{0,40}(\+?\(?\d[\d\s().-]{5,}\d)/i.exec(text);
  return match ? match[1]!.replace(/\s+/g, ' ').trim() : undefined;
}

export function extractEmail(text: string): string | undefined {
  return /\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/.exec(text)?.[0];
}

export function extractWebsite(text: string): string | undefined {
  const url = /\bhttps?:\/\/[^\s,;]+/i.exec(text)?.[0];
  return url?.replace(/[.)]+$/, '');
}

/** A quoted value after a label: `display name to "Northwind"`, `named 'Receivables EU'`. */
export function extractQuoted(text: string, label: RegExp): string | undefined {
  const match = new RegExp(`${label.source}[^"'“]{0,20}["'“]([^"'”]+)["'”]`, 'i').exec(text);
  return match?.[1]?.trim();
}

/** Free text after "because" / "reason:" (a justification for the buyer). */
export function extractReason(text: string): string | undefined {
  const match = /\b(?:because|since|due to|reason:?|justification:?)\s+([^.!?\n]+)/i.exec(text);
  return match ? match[0].trim() : undefined;
}

/** The request asks to submit (send) a document, and does not say not to. */
export function asksToSubmit(text: string): boolean {
  return /\b(submit|send)\b/i.test(text) && !/\b(do not|don't|dont|without|not) (submit|send)/i.test(text);
}
