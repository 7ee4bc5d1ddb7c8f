import type { BankSecret, MaskedBankAccount } from './types.ts';

/** `****1234`: only the last four characters of a bank number are ever shown. */
export function maskNumber(value: string | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  const compact = value.replace(/\s+/g, '');
  return `****${compact.slice(-4)}`;
}

/** The masked form of stored bank details; names stay readable, numbers do not. */
export function maskBankDetails(secret: BankSecret): MaskedBankAccount {
  return {
    'name-on-bank-account': secret['name-on-bank-account'] ?? '',
    'bank-name': secret['bank-name'] ?? null,
    'bank-account-number': maskNumber(secret['bank-account-number']),
    'bank-routing-number': maskNumber(secret['bank-routing-number']),
    'iban-number': maskNumber(secret['iban-number']),
    'swift-code': secret['swift-code'] ?? null,
    'sort-code': maskNumber(secret['sort-code']),
  };
}
