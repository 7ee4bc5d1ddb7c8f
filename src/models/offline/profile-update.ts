import { boundedList, count, describeFailure, formatDate, humanize } from './answer-writing.ts';
import {
  answer,
  call,
  calls,
  callsNamed,
  failureOf,
  hasCalled,
  type JsonRecord,
  recordOf,
  recordsOf,
  resultOf,
} from './plan-helpers.ts';
import type { Planner, PlannerContext, PlanStep } from './planner-types.ts';
import { planProfileChange, requestedProfileChanges } from './profile-change.ts';
import { customerTargets } from './profile-customers.ts';
import { planRemitToAdd, remitToText } from './remit-to-add.ts';

/**
 * profile-update: "show my profile", "change our phone number to +1 555 0199", "add a remit-to
 * address for Globex with IBAN ...", "status of my change requests", "list my remit-to addresses".
 */
export const planProfileUpdate: Planner = (context) => {
  const lower = context.text.toLowerCase();
  const adding =
    /\b(add|new|register|create|set up)\b/.test(lower) && /\b(remit|bank|iban|account)\b/.test(lower);
  if (adding || /\biban\b/.test(lower)) return planRemitToAdd(context);
  if (
    /\b(change|update|set|replace|correct)\b/.test(lower) &&
    requestedProfileChanges(context.text).length > 0
  ) {
    return planProfileChange(context);
  }
  if (/\b(change requests?|requests?|pending|approved|declined)\b/.test(lower))
    return changeRequestStatus(context);
  if (/\b(remit|bank)/.test(lower)) return listRemitTo(context);
  if (/\b(change|update|set)\b/.test(lower)) {
    return answer(
      'The demo model can request changes to the phone number, e-mail, website, display name, tax id or DUNS number, and add remit-to addresses. Which one should change, and to what?',
    );
  }
  return showProfile(context);
};

function changeRequestStatus(context: PlannerContext): PlanStep {
  if (!hasCalled(context, 'profile_change_requests_list')) {
    return calls('Listing your profile change requests and pending remit-to addresses.', [
      call('profile_change_requests_list', { limit: 50, offset: 0 }),
      call('remit_to_addresses_list', { status: 'pending_approval', limit: 50, offset: 0 }),
    ]);
  }
  const parts: string[] = [];
  const [requests] = callsNamed(context, 'profile_change_requests_list');
  const requestFailure = failureOf(requests);
  if (requestFailure) parts.push(`Profile change requests: ${describeFailure(requestFailure)}.`);
  else {
    const lines = recordsOf(resultOf(requests)).map(changeRequestText);
    parts.push(
      lines.length === 0
        ? 'You have no profile change requests.'
        : `${count(lines.length, 'profile change request')}:\n${boundedList(lines)}`,
    );
  }
  const [remitTo] = callsNamed(context, 'remit_to_addresses_list');
  const remitFailure = failureOf(remitTo);
  if (remitFailure) parts.push(`Pending remit-to addresses: ${describeFailure(remitFailure)}.`);
  else {
    const lines = recordsOf(resultOf(remitTo)).map(remitToText);
    parts.push(
      lines.length === 0
        ? 'No remit-to address waits for approval.'
        : `Remit-to addresses waiting for approval:\n${boundedList(lines)}`,
    );
  }
  return answer(parts.join('\n'));
}

export function changeRequestText(request: JsonRecord): string {
  const fields = Object.keys(recordOf(request.changes)).join(', ') || 'no fields';
  const decided = request['decided-at'] ? `, decided ${formatDate(request['decided-at'])}` : '';
  const reason = request['decline-reason'] ? ` (reason: ${request['decline-reason']})` : '';
  return `request ${request.id} for ${recordOf(request.customer).name}: ${fields}; ${humanize(request.status)}${reason}, created ${formatDate(request['created-at'])}${decided}`;
}

function listRemitTo(context: PlannerContext): PlanStep {
  if (!hasCalled(context, 'remit_to_addresses_list')) {
    return calls('Listing your remit-to addresses.', [
      call('remit_to_addresses_list', { limit: 50, offset: 0 }),
    ]);
  }
  const [listed] = callsNamed(context, 'remit_to_addresses_list');
  const failure = failureOf(listed);
  if (failure) return answer(`I could not list your remit-to addresses: ${describeFailure(failure)}.`);
  const lines = recordsOf(resultOf(listed)).map(remitToText);
  return answer(
    lines.length === 0
      ? 'You have no remit-to addresses.'
      : `${count(lines.length, 'remit-to address', 'remit-to addresses')} (bank numbers masked):\n${boundedList(lines)}`,
  );
}

function showProfile(context: PlannerContext): PlanStep {
  const targets = customerTargets(context, { single: false });
  if (targets.kind === 'step') return targets.step;
  if (!hasCalled(context, 'profile_show')) {
    return calls(
      'Reading the profile each customer sees.',
      targets.customers.map((customer) => call('profile_show', { customer: customer.id })),
    );
  }
  const remitTo = recordsOf(resultOf(callsNamed(context, 'remit_to_addresses_list')[0]));
  return answer(
    callsNamed(context, 'profile_show')
      .map((executed) => {
        const failure = failureOf(executed);
        if (failure) return `Profile for customer ${executed.input.customer}: ${describeFailure(failure)}.`;
        const profile = recordOf(resultOf(executed));
        const addresses = remitTo.filter(
          (address) => recordOf(address.customer).id === executed.input.customer,
        );
        return profileText(profile, addresses);
      })
      .join('\n\n'),
  );
}

function profileText(profile: JsonRecord, remitTo: JsonRecord[]): string {
  const contact = recordOf(profile['primary-contact']);
  const address = recordOf(profile['primary-address']);
  const lines = [
    `Display name: ${profile['display-name']} (legal name ${profile.name}), supplier number ${profile.number}, status ${humanize(profile.status)}`,
    `Primary contact: ${contact['name-given']} ${contact['name-family']}, ${contact.email}, phone ${contact['phone-work'] ?? 'none'}`,
    `Address: ${[address.street1, address.city, address.state, address['postal-code'], address.country].filter(Boolean).join(', ')}`,
    `Tax id ${profile['tax-id']}, DUNS ${profile.duns}, website ${profile.website ?? 'none'}`,
    `Payment method ${humanize(profile['payment-method'])}, payment term ${recordOf(profile['payment-term']).code ?? 'unknown'}, PO method ${humanize(profile['po-method'])}`,
    ...remitTo.map((entry) => `Remit-to ${remitToText(entry)}`),
  ];
  return `Profile seen by ${recordOf(profile.customer).name}:\n${boundedList(lines)}`;
}
