import { type JsonRecord, recordsOf } from './plan-helpers.ts';
import {
  extractDates,
  extractLineNumbers,
  extractLinePrices,
  extractLineQuantities,
} from './text-extraction.ts';

/** A change the supplier asks for on one order line. */
export interface LineChange {
  line: number;
  quantity?: number;
  price?: number;
  date?: string;
}

/**
 * The line changes a request names against an order: quantities and prices per line, and a date
 * for the lines it names (every open line when it names none).
 */
export function requestedLineChanges(text: string, order: JsonRecord): LineChange[] {
  const changes = new Map<number, LineChange>();
  const entry = (line: number) => changes.get(line) ?? { line };
  for (const { line, value } of extractLineQuantities(text))
    changes.set(line, { ...entry(line), quantity: value });
  for (const { line, value } of extractLinePrices(text)) changes.set(line, { ...entry(line), price: value });
  const date = extractDates(text)[0];
  if (date) {
    const named = extractLineNumbers(text);
    const lines = named.length > 0 ? named : openLineNumbers(order);
    for (const line of lines) changes.set(line, { ...entry(line), date });
  }
  return [...changes.values()].sort((left, right) => left.line - right.line);
}

export function openLineNumbers(order: JsonRecord): number[] {
  return recordsOf(order['order-lines'])
    .filter((line) => line.status === undefined || line.status === 'open')
    .map((line) => Number(line['line-num']));
}

/** Problems with changes the order cannot take: unknown lines, quantities below what is invoiced. */
export function lineChangeProblems(changes: readonly LineChange[], order: JsonRecord): string[] {
  const lines = new Map(recordsOf(order['order-lines']).map((line) => [Number(line['line-num']), line]));
  const problems: string[] = [];
  for (const change of changes) {
    const line = lines.get(change.line);
    if (!line) {
      problems.push(
        `${order['po-number']} has no line ${change.line} (it has lines ${[...lines.keys()].join(', ')})`,
      );
      continue;
    }
    const invoiced = Number(line.invoiced ?? 0);
    if (change.quantity !== undefined && change.quantity < invoiced) {
      problems.push(
        `line ${change.line} already has ${invoiced} invoiced, so its quantity cannot go down to ${change.quantity}`,
      );
    }
  }
  return problems;
}

export function describeLineChange(change: LineChange): string {
  const parts = [
    change.quantity === undefined ? undefined : `quantity ${change.quantity}`,
    change.price === undefined ? undefined : `price ${change.price}`,
    change.date === undefined ? undefined : `date ${change.date}`,
  ].filter((part) => part !== undefined);
  return `line ${change.line}: ${parts.join(', ')}`;
}
