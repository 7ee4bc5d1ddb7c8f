import { describe, expect, it } from 'vitest';
import { availableSkills, routeIntent, shippedSkills } from './intent-router.ts';

describe('routeIntent', () => {
  it.each([
    ['status of PO NWC-PO-11001', 'order-status'],
    ['list my open orders', 'order-status'],
    ['orders from Globex', 'order-status'],
    ['any change requests pending?', 'order-status'],
    ['what is the confirmation status of NWC-PO-11003?', 'order-status'],
    ['acknowledge PO NWC-PO-11001', 'order-confirmation'],
    ['confirm PO NWC-PO-11002', 'order-confirmation'],
    ['propose new delivery date 2027-01-15 for PO NWC-PO-11009', 'order-confirmation'],
    ['we can only ship 80 of line 1 on NWC-PO-11040', 'order-confirmation'],
    ['status of invoice NWC-INV-11035', 'invoice-status'],
    ['which invoices are unpaid?', 'invoice-status'],
    ['which invoices are overdue', 'invoice-status'],
    ['when will invoice NWC-INV-11029 be paid?', 'invoice-status'],
    ['invoice PO NWC-PO-11001', 'invoice-create'],
    ['create an invoice for PO NWC-PO-11001 and submit it', 'invoice-create'],
    ['submit invoice NWC-INV-11037', 'invoice-create'],
    ['invoice 10 of line 3 of NWC-PO-11004', 'invoice-create'],
    ['invoice NWC-INV-11035: what is its status?', 'invoice-status'],
    ['reject PO NWC-PO-11008 because the part is discontinued', 'order-confirmation'],
    ['request cancellation of PO NWC-PO-11047', 'order-confirmation'],
    ['any rejected change requests?', 'order-status'],
    ['show my profile', 'profile-update'],
    ['change our phone number to +1 555 0199', 'profile-update'],
    ['add a remit-to address with IBAN DE89 3704 0044 0532 0130 00', 'profile-update'],
    ['status of my change requests', 'profile-update'],
    ['change our e-mail to ar@northwind.example', 'profile-update'],
    ['which orders have I not acknowledged yet?', 'order-status'],
    ['enrich the draft catalog', 'catalog-enrichment'],
    ['fill in missing UNSPSC codes', 'catalog-enrichment'],
  ])('routes "%s" to %s', (text, skill) => {
    expect(routeIntent(text).skill).toBe(skill);
  });

  it.each([
    ["what's the weather in Cleveland tomorrow?"],
    ['tell me a joke'],
    ["show me another supplier's invoices"],
    ['hello'],
  ])('answers none for "%s", with a reason', (text) => {
    const decision = routeIntent(text);
    expect(decision.skill).toBe('none');
    expect(decision.reason.length).toBeGreaterThan(10);
  });

  it('explains a choice with the words that decided it', () => {
    expect(routeIntent('acknowledge PO NWC-PO-11001').reason).toContain('"acknowledge"');
  });

  it('chooses only among the skills offered, falling back to the next best', () => {
    expect(routeIntent('acknowledge PO NWC-PO-11001', ['order-status']).skill).toBe('order-status');
    expect(routeIntent('enrich the draft catalog', ['order-status']).skill).toBe('none');
  });
});

describe('availableSkills', () => {
  it('reads the enum of choose_skill when there is one', () => {
    const schema = { properties: { skill: { enum: ['order-status', 'invoice-status', 'none'] } } };
    expect(availableSkills('', schema)).toEqual(['order-status', 'invoice-status']);
  });

  it('reads the skills named in the system prompt, else takes every shipped skill', () => {
    expect(availableSkills('Skills:\n- order-status: orders\n- profile-update: profile', undefined)).toEqual([
      'profile-update',
      'order-status',
    ]);
    expect(availableSkills('Choose a skill.', undefined)).toEqual([...shippedSkills]);
  });
});
