import { describeFailure } from './answer-writing.ts';
import {
  call,
  calls,
  failureOf,
  hasCalled,
  type JsonRecord,
  lastCall,
  recordOf,
  recordsOf,
  resultOf,
} from './plan-helpers.ts';
import type { PlannerContext, PlanStep } from './planner-types.ts';
import { extractCustomerId, extractCustomerName } from './text-extraction.ts';

export interface CustomerRef {
  id: number;
  name: string;
}

/** Which customers a profile request is about, or the step to take first (look them up, or ask). */
export type CustomerTargets = { kind: 'ready'; customers: CustomerRef[] } | { kind: 'step'; step: PlanStep };

/**
 * Profiles and remit-to addresses are per customer. The customer ids come from the request
 * ("customer 2"), or from the remit-to list (every customer relationship has one), matched against
 * a named customer ("for Globex"). `single` asks back when several customers fit.
 */
export function customerTargets(context: PlannerContext, options: { single: boolean }): CustomerTargets {
  const id = extractCustomerId(context.text);
  if (id !== undefined) return { kind: 'ready', customers: [{ id, name: `customer ${id}` }] };
  if (!hasCalled(context, 'remit_to_addresses_list')) {
    return {
      kind: 'step',
      step: calls('Finding the customers you have a profile with.', [
        call('remit_to_addresses_list', { limit: 50, offset: 0 }),
      ]),
    };
  }
  const listed = lastCall(context, 'remit_to_addresses_list');
  const failure = failureOf(listed);
  if (failure)
    return {
      kind: 'step',
      step: { kind: 'answer', text: `I could not find your customers: ${describeFailure(failure)}.` },
    };
  const customers = customersOf(recordsOf(resultOf(listed)));
  const named = extractCustomerName(context.text);
  const matching = named
    ? customers.filter((customer) => customer.name.toLowerCase().includes(named.toLowerCase()))
    : customers;
  const names = customers.map((customer) => `${customer.name} (customer ${customer.id})`).join(', ');
  if (matching.length === 0) {
    const text = named
      ? `None of your customers is called "${named}". Your customers: ${names}.`
      : 'I found no customers on your account.';
    return { kind: 'step', step: { kind: 'answer', text } };
  }
  if (options.single && matching.length > 1) {
    return {
      kind: 'step',
      step: {
        kind: 'answer',
        text: `Which customer is this for? You have ${names}. Say "for <customer name>".`,
      },
    };
  }
  return { kind: 'ready', customers: matching };
}

/** The distinct customers of a list of records, in order of first appearance. */
export function customersOf(records: readonly JsonRecord[]): CustomerRef[] {
  const seen = new Map<number, CustomerRef>();
  for (const record of records) {
    const customer = recordOf(record.customer);
    const id = Number(customer.id);
    if (Number.isInteger(id) && !seen.has(id))
      seen.set(id, { id, name: String(customer.name ?? `customer ${id}`) });
  }
  return [...seen.values()];
}
