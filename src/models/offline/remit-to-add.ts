import { describeFailure, humanize } from './answer-writing.ts';
import {
  type BankDetails,
  extractBankDetails,
  extractPostalAddress,
  extractRemitToName,
} from './bank-extraction.ts';
import {
  answer,
  call,
  calls,
  callsNamed,
  defined,
  failureOf,
  type JsonRecord,
  lastCall,
  recordOf,
  recordsOf,
  resultOf,
} from './plan-helpers.ts';
import type { PlannerContext, PlanStep } from './planner-types.ts';
import { customerTargets } from './profile-customers.ts';

/**
 * "add a remit-to address for Globex at 12 Harbour Street, 28195 Bremen, DE with IBAN DE89 ...":
 * creates a remit-to address the customer must approve. Bank numbers go to the tool only; the
 * answer shows them masked, as the API returns them.
 */
export function planRemitToAdd(context: PlannerContext): PlanStep {
  const bank = extractBankDetails(context.text);
  const address = extractPostalAddress(context.text);
  const country = address.country ?? bank.iban?.slice(0, 2);
  const missing = [
    hasBankAccount(bank)
      ? undefined
      : 'the bank account (an IBAN, or account and routing number, or account number and sort code)',
    address.street1 ? undefined : 'the street',
    address.city ? undefined : 'the city',
    address.postal_code ? undefined : 'the postal code',
    country ? undefined : 'the country (two letters, e.g. DE)',
  ].filter((part) => part !== undefined);
  if (missing.length > 0) {
    return answer(
      `To add a remit-to address I still need ${missing.join(', ')}. For example: "add a remit-to address for Globex at 12 Harbour Street, 28195 Bremen, DE with IBAN DE89 3704 0044 0532 0130 00".`,
    );
  }
  const added = lastCall(context, 'remit_to_addresses_add');
  if (added)
    return report(added.input, failureOf(added) ? undefined : recordOf(resultOf(added)), failureOf(added));
  const targets = customerTargets(context, { single: true });
  if (targets.kind === 'step') return targets.step;
  const customer = targets.customers[0]!;
  const known = recordsOf(resultOf(callsNamed(context, 'remit_to_addresses_list')[0])).find(
    (entry) => recordOf(entry.customer).id === customer.id,
  );
  const holder = recordOf(known?.['bank-account'])['name-on-bank-account'];
  const name =
    extractRemitToName(context.text) ??
    (typeof holder === 'string' ? `${holder} Remittance` : `Remittance ${address.city}`);
  return calls(`Adding a remit-to address for ${customer.name}; the customer must approve it.`, [
    call(
      'remit_to_addresses_add',
      defined({
        customer: customer.id,
        name,
        street1: address.street1,
        city: address.city,
        state: address.state,
        postal_code: address.postal_code,
        country,
        bank_account: defined({
          name_on_account: typeof holder === 'string' ? holder : undefined,
          bank_name: bank.bank_name,
          iban: bank.iban,
          swift: bank.swift,
          account_number: bank.account_number,
          routing_number: bank.routing_number,
          sort_code: bank.sort_code,
        }),
      }),
    ),
  ]);
}

function hasBankAccount(bank: BankDetails): boolean {
  return (
    bank.iban !== undefined ||
    (bank.account_number !== undefined && (bank.routing_number !== undefined || bank.sort_code !== undefined))
  );
}

function report(
  input: JsonRecord,
  created: JsonRecord | undefined,
  failure: ReturnType<typeof failureOf>,
): PlanStep {
  if (failure || !created) {
    return answer(
      `The remit-to address was not added: ${failure ? describeFailure(failure) : 'no result'}. Nothing was changed.`,
    );
  }
  return answer(
    `Added remit-to address ${remitToText(created)}.\nIt is ${humanize(created.status)}: ${recordOf(created.customer).name ?? `customer ${input.customer}`} must approve it before any payment goes there. Bank numbers are shown masked.`,
  );
}

/** One remit-to address with its bank numbers as the API masks them. */
export function remitToText(entry: JsonRecord): string {
  const bank = recordOf(entry['bank-account']);
  const numbers = [
    bank['iban-number'] ? `IBAN ${bank['iban-number']}` : undefined,
    bank['bank-account-number'] ? `account ${bank['bank-account-number']}` : undefined,
    bank['bank-routing-number'] ? `routing ${bank['bank-routing-number']}` : undefined,
    bank['sort-code'] ? `sort code ${bank['sort-code']}` : undefined,
  ].filter((part) => part !== undefined);
  const where = [entry.street1, entry.city, entry['postal-code'], entry.country].filter(Boolean).join(', ');
  return `${entry['remit-to-code']} for ${recordOf(entry.customer).name}: ${entry.name}, ${where}; ${humanize(entry.status)}; ${bank['bank-name'] ?? 'bank'} ${numbers.join(', ') || 'no bank numbers'}`;
}
