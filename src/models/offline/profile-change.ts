import { boundedList, describeFailure, humanize } from './answer-writing.ts';
import {
  answer,
  call,
  calls,
  callsNamed,
  defined,
  failureOf,
  hasCalled,
  type JsonRecord,
  recordOf,
  resultOf,
} from './plan-helpers.ts';
import type { PlannerContext, PlanStep } from './planner-types.ts';
import { customerTargets } from './profile-customers.ts';
import {
  extractEmail,
  extractPhone,
  extractQuoted,
  extractReason,
  extractWebsite,
} from './text-extraction.ts';

/** One profile change a request asks for. */
export interface ProfileChange {
  /** What the supplier called it. */
  label: string;
  /** Builds the API change from the profile the customer sees now. */
  apply(profile: JsonRecord): JsonRecord;
}

const contactWith = (profile: JsonRecord, field: string, value: string): JsonRecord => {
  const contact = recordOf(profile['primary-contact']);
  return {
    'primary-contact': defined({
      'name-given': contact['name-given'],
      'name-family': contact['name-family'],
      email: contact.email,
      'phone-work': contact['phone-work'] ?? undefined,
      [field]: value,
    }),
  };
};

/** A plain value after a label: `tax id to 12-3456789`, `display name "Northwind"`. */
function valueAfter(text: string, label: string): string | undefined {
  const quoted = extractQuoted(text, new RegExp(label));
  if (quoted) return quoted;
  return new RegExp(
    `\\b${label}\\b\\s*(?:to|=|:|is)\\s*([^\\s,;]+(?:\\s+[^\\s,;]+)*?)(?=[,;.]?\\s*$|[,;]|\\s+(?:because|since|for)\\b)`,
    'i',
  )
    .exec(text)?.[1]
    ?.trim();
}

/** The changes a request names: phone, e-mail, website, display name, tax id, DUNS. */
export function requestedProfileChanges(text: string): ProfileChange[] {
  const changes: ProfileChange[] = [];
  const phone = extractPhone(text);
  if (phone)
    changes.push({
      label: `phone number ${phone}`,
      apply: (profile) => contactWith(profile, 'phone-work', phone),
    });
  const email = /\be-?mail\b/i.test(text) ? extractEmail(text) : undefined;
  if (email)
    changes.push({ label: `e-mail ${email}`, apply: (profile) => contactWith(profile, 'email', email) });
  const website = /\b(website|web site|homepage|url)\b/i.test(text) ? extractWebsite(text) : undefined;
  if (website) changes.push({ label: `website ${website}`, apply: () => ({ website }) });
  const displayName = valueAfter(text, 'display name');
  if (displayName)
    changes.push({ label: `display name "${displayName}"`, apply: () => ({ 'display-name': displayName }) });
  const taxId = valueAfter(text, 'tax id');
  if (taxId) changes.push({ label: `tax id ${taxId}`, apply: () => ({ 'tax-id': taxId }) });
  const duns = /\bduns\b[^\d]{0,20}(\d{9})\b/i.exec(text)?.[1];
  if (duns) changes.push({ label: `DUNS ${duns}`, apply: () => ({ duns }) });
  return changes;
}

/**
 * Reads the profile each customer sees (changes to a contact keep its other fields), then asks
 * every customer concerned to approve the change. Nothing changes until a customer approves.
 */
export function planProfileChange(context: PlannerContext): PlanStep {
  const targets = customerTargets(context, { single: false });
  if (targets.kind === 'step') return targets.step;
  const changes = requestedProfileChanges(context.text);
  if (!hasCalled(context, 'profile_show')) {
    return calls(
      'Reading your current profile first.',
      targets.customers.map((customer) => call('profile_show', { customer: customer.id })),
    );
  }
  const shown = callsNamed(context, 'profile_show');
  if (!hasCalled(context, 'profile_request_change')) {
    const requests = shown.flatMap((executed) => {
      if (failureOf(executed)) return [];
      const profile = recordOf(resultOf(executed));
      const merged = Object.assign({}, ...changes.map((change) => change.apply(profile))) as JsonRecord;
      return [
        call('profile_request_change', {
          customer: executed.input.customer,
          changes: merged,
          justification:
            extractReason(context.text) ??
            `Supplier update: ${changes.map((change) => change.label).join(', ')}.`,
        }),
      ];
    });
    if (requests.length > 0)
      return calls(`Requesting the change: ${changes.map((change) => change.label).join(', ')}.`, requests);
  }
  const lines = shown.map((executed) => {
    const customer = executed.input.customer;
    const showFailure = failureOf(executed);
    if (showFailure)
      return `customer ${customer}: could not read the profile (${describeFailure(showFailure)})`;
    const name = recordOf(recordOf(resultOf(executed)).customer).name ?? `customer ${customer}`;
    const requested = callsNamed(context, 'profile_request_change').find(
      (candidate) => candidate.input.customer === customer,
    );
    const failure = failureOf(requested);
    if (!requested) return `${name}: not requested`;
    if (failure) return `${name}: not requested, ${describeFailure(failure)}`;
    const result = recordOf(resultOf(requested));
    return `${name}: change request ${result.id} is ${humanize(result.status)}`;
  });
  return answer(
    `I asked for ${changes.map((change) => change.label).join(', ')}. Profile changes are never applied directly: each customer approves them.\n${boundedList(lines)}`,
  );
}
