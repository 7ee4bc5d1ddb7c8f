import { describe, expect, it } from 'vitest';
import {
  answerText,
  type CallFixture,
  contextFor,
  failure,
  plannedCalls,
  withResults,
} from './planner-test-kit.ts';
import { planProfileUpdate } from './profile-update.ts';

const globex = { id: 1, name: 'Globex Manufacturing' };
const initech = { id: 2, name: 'Initech Health Systems' };

const remitTo = (customer: { id: number; name: string }, overrides: Record<string, unknown> = {}) => ({
  id: customer.id * 10,
  'remit-to-code': `NWC-RT-${customer.id}1`,
  name: 'Northwind Components Ltd Receivables',
  street1: 'PO Box 4010',
  city: 'Cleveland',
  'postal-code': '44114',
  country: 'US',
  customer,
  status: 'active',
  'bank-account': {
    'name-on-bank-account': 'Northwind Components Ltd',
    'bank-name': 'First Lakes Bank',
    'bank-account-number': '****9921',
    'iban-number': null,
  },
  ...overrides,
});

const discovered: CallFixture[] = [
  {
    name: 'remit_to_addresses_list',
    input: { limit: 50, offset: 0 },
    result: [remitTo(globex), remitTo(initech)],
  },
];

const profile = (customer: { id: number; name: string }) => ({
  id: customer.id,
  customer,
  name: 'Northwind Components Ltd',
  'display-name': 'Northwind Components',
  number: 'GLO-V140',
  status: 'active',
  'tax-id': '31-4100321',
  duns: '600012345',
  'primary-address': {
    street1: '31 Northwind Avenue',
    city: 'Cleveland',
    state: 'OH',
    'postal-code': '44114',
    country: 'US',
  },
  'primary-contact': {
    kind: 'Primary',
    'name-given': 'Maria',
    'name-family': 'Chen',
    email: 'maria.chen@northwind.example',
    'phone-work': '+1 555 0110',
  },
  'payment-method': 'invoice',
  'payment-term': { code: 'Net 30' },
  'po-method': 'email',
  website: 'https://www.northwind.example',
});

describe('profile-update planner: reading', () => {
  it('finds the customers, reads each profile, and shows it with masked remit-to addresses', () => {
    const text = 'show my profile';
    expect(plannedCalls(planProfileUpdate(contextFor(text)))).toEqual([
      { name: 'remit_to_addresses_list', input: { limit: 50, offset: 0 } },
    ]);
    const step = planProfileUpdate(contextFor(text, discovered));
    expect(plannedCalls(step)).toEqual([
      { name: 'profile_show', input: { customer: 1 } },
      { name: 'profile_show', input: { customer: 2 } },
    ]);
    const calls = withResults(discovered, step, (call) => ({
      result: profile(call.input.customer === 1 ? globex : initech),
    }));
    const summary = answerText(planProfileUpdate(contextFor(text, calls)));
    expect(summary).toContain('Profile seen by Globex Manufacturing:');
    expect(summary).toContain('Primary contact: Maria Chen, maria.chen@northwind.example, phone +1 555 0110');
    expect(summary).toContain('Remit-to NWC-RT-11 for Globex Manufacturing');
    expect(summary).toContain('account ****9921');
    expect(summary).toContain('Profile seen by Initech Health Systems:');
  });

  it('reads only the profile of the customer named, by id or by name', () => {
    expect(plannedCalls(planProfileUpdate(contextFor('show the profile of customer 2')))).toEqual([
      { name: 'profile_show', input: { customer: 2 } },
    ]);
    expect(plannedCalls(planProfileUpdate(contextFor('show my profile for Initech', discovered)))).toEqual([
      { name: 'profile_show', input: { customer: 2 } },
    ]);
    expect(answerText(planProfileUpdate(contextFor('show my profile for Umbrella', discovered)))).toContain(
      'None of your customers is called "Umbrella"',
    );
  });

  it('reports change requests and pending remit-to addresses together', () => {
    const text = 'status of my change requests';
    const step = planProfileUpdate(contextFor(text));
    expect(plannedCalls(step)).toEqual([
      { name: 'profile_change_requests_list', input: { limit: 50, offset: 0 } },
      { name: 'remit_to_addresses_list', input: { status: 'pending_approval', limit: 50, offset: 0 } },
    ]);
    const calls = withResults([], step, (call) =>
      call.name === 'profile_change_requests_list'
        ? {
            result: [
              {
                id: 7,
                customer: globex,
                status: 'declined',
                changes: { website: 'x' },
                'decline-reason': 'Use the corporate domain',
                'created-at': '2026-12-01T00:00:00Z',
                'decided-at': '2026-12-02T00:00:00Z',
              },
            ],
          }
        : { result: [remitTo(globex, { 'remit-to-code': 'NWC-RT-13', status: 'pending_approval' })] },
    );
    const summary = answerText(planProfileUpdate(contextFor(text, calls)));
    expect(summary).toContain(
      'request 7 for Globex Manufacturing: website; declined (reason: Use the corporate domain)',
    );
    expect(summary).toContain('NWC-RT-13 for Globex Manufacturing');
  });
});

describe('profile-update planner: changes', () => {
  it('requests a phone change from every customer, keeping the rest of the contact', () => {
    const text = 'change our phone number to +1 555 0199';
    const shown = withResults(discovered, planProfileUpdate(contextFor(text, discovered)), (call) => ({
      result: profile(call.input.customer === 1 ? globex : initech),
    }));
    const step = planProfileUpdate(contextFor(text, shown));
    expect(plannedCalls(step)).toEqual(
      [1, 2].map((customer) => ({
        name: 'profile_request_change',
        input: {
          customer,
          changes: {
            'primary-contact': {
              'name-given': 'Maria',
              'name-family': 'Chen',
              email: 'maria.chen@northwind.example',
              'phone-work': '+1 555 0199',
            },
          },
          justification: 'Supplier update: phone number +1 555 0199.',
        },
      })),
    );
    const calls = withResults(shown, step, (call) =>
      call.input.customer === 1
        ? { result: { id: 9, status: 'pending_approval' } }
        : { error: failure(409, 'conflict', 'a change request is already pending') },
    );
    const summary = answerText(planProfileUpdate(contextFor(text, calls)));
    expect(summary).toContain('Globex Manufacturing: change request 9 is pending approval');
    expect(summary).toContain(
      'Initech Health Systems: not requested, not allowed in its current state (conflict)',
    );
  });

  it('reads website and display name changes', () => {
    const context = contextFor(
      'update our website to https://northwind.example and display name to "Northwind"',
      [
        ...discovered,
        { name: 'profile_show', input: { customer: 1 }, result: profile(globex) },
        { name: 'profile_show', input: { customer: 2 }, result: profile(initech) },
      ],
    );
    expect(plannedCalls(planProfileUpdate(context))[0]!.input.changes).toEqual({
      website: 'https://northwind.example',
      'display-name': 'Northwind',
    });
  });

  it('says what it can change when the change is not one it knows', () => {
    expect(answerText(planProfileUpdate(contextFor('change our diversity categories')))).toContain(
      'phone number, e-mail, website',
    );
  });
});

describe('profile-update planner: remit-to addresses', () => {
  const text =
    'add a remit-to address for Globex at 12 Harbour Street, 28195 Bremen, DE with IBAN DE89 3704 0044 0532 0130 00';

  it('adds it pending approval and never repeats the full bank number', () => {
    const step = planProfileUpdate(contextFor(text, discovered));
    expect(plannedCalls(step)).toEqual([
      {
        name: 'remit_to_addresses_add',
        input: {
          customer: 1,
          name: 'Northwind Components Ltd Remittance',
          street1: '12 Harbour Street',
          city: 'Bremen',
          postal_code: '28195',
          country: 'DE',
          bank_account: { name_on_account: 'Northwind Components Ltd', iban: 'DE89370400440532013000' },
        },
      },
    ]);
    expect(JSON.stringify(step.kind === 'calls' ? step.note : '')).not.toContain('DE8937');
    const created = remitTo(globex, {
      'remit-to-code': 'NWC-RT-13',
      status: 'pending_approval',
      street1: '12 Harbour Street',
      city: 'Bremen',
      'bank-account': { 'bank-name': null, 'iban-number': '****3000' },
    });
    const summary = answerText(
      planProfileUpdate(
        contextFor(
          text,
          withResults(discovered, step, () => ({ result: created })),
        ),
      ),
    );
    expect(summary).toContain('Added remit-to address NWC-RT-13 for Globex Manufacturing');
    expect(summary).toContain('IBAN ****3000');
    expect(summary).toContain('Globex Manufacturing must approve it');
    expect(summary).not.toContain('370400440532013000');
  });

  it('asks for what is missing instead of guessing', () => {
    const summary = answerText(
      planProfileUpdate(contextFor('add a remit-to address with IBAN DE89 3704 0044 0532 0130 00')),
    );
    expect(summary).toContain('I still need the street, the city, the postal code');
    expect(summary).not.toContain('the country');
  });

  it('asks which customer when several fit', () => {
    const ambiguous = text.replace(' for Globex', '');
    expect(answerText(planProfileUpdate(contextFor(ambiguous, discovered)))).toContain(
      'Which customer is this for?',
    );
  });

  it('explains a refused bank account without echoing it', () => {
    const step = planProfileUpdate(contextFor(text, discovered));
    const calls = withResults(discovered, step, () => ({
      error: failure(422, 'validation_failed', 'bank-account.iban-number: is not a valid IBAN'),
    }));
    const summary = answerText(planProfileUpdate(contextFor(text, calls)));
    expect(summary).toBe(
      'The remit-to address was not added: the API rejected the input (validation_failed): bank-account.iban-number: is not a valid IBAN. Nothing was changed.',
    );
  });
});
