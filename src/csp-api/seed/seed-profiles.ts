import { maskBankDetails } from '../profile/bank-masking.ts';
import type { BankSecret, MaskedBankAccount, RemitToAddress, SupplierProfile } from '../profile/types.ts';
import { daysAfter } from './random.ts';
import type { SeedContext } from './seed-orders.ts';

/** One profile per customer, an active remit-to address with bank details, and one inactive address. */
export function seedProfile(context: SeedContext, index: number): void {
  const { stores, supplier, customer } = context;
  const [given, family] = supplier.users[0]!.name.split(' ') as [string, string];
  const address = {
    street1: `${20 + supplier.supplierId * 11} ${supplier.name.split(' ')[0]} Avenue`,
    street2: null,
    city: supplier.city,
    state: supplier.state,
    'postal-code': supplier.postalCode,
    country: supplier.country,
  };
  const profile: Omit<SupplierProfile, 'id'> = {
    customer: { id: customer.id, name: customer.name },
    name: supplier.name,
    'display-name': supplier.name.replace(/ (Ltd|Co|GmbH)$/, ''),
    number: customer['supplier-number'],
    status: 'active',
    'tax-id':
      supplier.country === 'DE'
        ? `DE${281_000_000 + supplier.supplierId * 1_234}`
        : `${30 + supplier.supplierId}-${4_100_000 + supplier.supplierId * 321}`,
    duns: String(600_000_000 + supplier.supplierId * 12_345),
    'primary-address': address,
    'primary-contact': {
      kind: 'Primary',
      'name-given': given,
      'name-family': family,
      email: `${supplier.users[0]!.id}@${supplier.domain}`,
      'phone-work': `+1 555 01${supplier.supplierId}${index}`,
    },
    contacts: supplier.users.slice(1).map((user) => {
      const [first, last] = user.name.split(' ') as [string, string];
      return {
        kind: 'Standard',
        'name-given': first,
        'name-family': last,
        email: `${user.id}@${supplier.domain}`,
        'phone-work': null,
      };
    }),
    'payment-term': customer['payment-term'],
    'payment-method': 'invoice',
    'po-method': index === 0 ? 'email' : 'cxml',
    diversities: supplier.diversities,
    website: `https://www.${supplier.domain}`,
    'updated-at': daysAfter('2026-03-01', supplier.supplierId),
  };
  stores.supplierProfiles.insert(supplier.supplierId, { customerId: customer.id, doc: profile });

  const banks: { secret: BankSecret; active: boolean }[] = [
    {
      active: true,
      secret:
        supplier.country === 'DE'
          ? {
              'name-on-bank-account': supplier.name,
              'bank-name': 'Hanse Bank AG',
              'iban-number': `DE89370400440532013${supplier.supplierId}00`,
              'swift-code': 'HANSDEHHXXX',
            }
          : {
              'name-on-bank-account': supplier.name,
              'bank-name': 'First Lakes Bank',
              'bank-account-number': `00${supplier.supplierId}4417${index}9921`,
              'bank-routing-number': '041000124',
            },
    },
    {
      active: false,
      secret: {
        'name-on-bank-account': supplier.name,
        'bank-name': 'Old Mutual Savings',
        'bank-account-number': `77${supplier.supplierId}0031${index}5510`,
        'bank-routing-number': '021000021',
      },
    },
  ];
  banks.forEach((bank, position) => {
    const code = `${supplier.prefix}-RT-${customer.id}${position + 1}`;
    const masked: MaskedBankAccount = maskBankDetails(bank.secret);
    const remitTo: Omit<RemitToAddress, 'id'> = {
      ...address,
      street1:
        position === 0 ? `PO Box ${4000 + supplier.supplierId * 10 + index}` : `${9 + index} Old Mill Road`,
      customer: { id: customer.id, name: customer.name },
      'remit-to-code': code,
      name: `${supplier.name} ${position === 0 ? 'Receivables' : 'Former Lockbox'}`,
      'vat-number': supplier.country === 'DE' ? `DE${281_000_000 + supplier.supplierId}` : null,
      active: bank.active,
      status: bank.active ? 'active' : 'inactive',
      'bank-account': masked,
      'decline-reason': null,
      'created-at': daysAfter('2026-01-15', position * 30),
      'updated-at': daysAfter('2026-01-15', position * 30),
    };
    stores.remitToAddresses.insert(supplier.supplierId, {
      customerId: customer.id,
      number: code,
      doc: remitTo,
      secret: bank.secret,
    });
  });
}
