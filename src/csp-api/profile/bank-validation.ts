import type { FieldErrors } from '../../errors/index.ts';
import type { BankSecret } from './types.ts';

/**
 * IBAN lengths of the SEPA countries suppliers most often bank in. A country not listed is held to
 * the generic 15 to 34 characters; the mod-97 checksum applies to every IBAN.
 */
const ibanLengths: Readonly<Record<string, number>> = {
  AT: 20,
  BE: 16,
  BG: 22,
  CH: 21,
  CY: 28,
  CZ: 24,
  DE: 22,
  DK: 18,
  EE: 20,
  ES: 24,
  FI: 18,
  FR: 27,
  GB: 22,
  GR: 27,
  HR: 21,
  HU: 28,
  IE: 22,
  IT: 27,
  LT: 20,
  LU: 20,
  LV: 21,
  MT: 31,
  NL: 18,
  NO: 15,
  PL: 28,
  PT: 25,
  RO: 24,
  SE: 24,
  SI: 19,
  SK: 24,
};

/** Spaces removed, upper case: the form an IBAN is stored and checked in. */
export function normalizeIban(value: string): string {
  return value.replace(/\s+/g, '').toUpperCase();
}

/** ISO 13616: the country code and check digits moved to the end, letters as numbers, mod 97 is 1. */
export function isValidIban(value: string): boolean {
  const iban = normalizeIban(value);
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
  const expectedLength = ibanLengths[iban.slice(0, 2)];
  if (expectedLength !== undefined && iban.length !== expectedLength) return false;
  const rearranged = `${iban.slice(4)}${iban.slice(0, 4)}`;
  let remainder = 0;
  for (const character of rearranged) {
    const digits = /\d/.test(character) ? character : String(character.charCodeAt(0) - 55);
    for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}

/** A US ABA routing number: 9 digits whose weighted sum (3, 7, 1 repeating) is a multiple of 10. */
export function isValidRoutingNumber(value: string): boolean {
  if (!/^\d{9}$/.test(value)) return false;
  const weights = [3, 7, 1];
  const sum = [...value].reduce((total, digit, index) => total + Number(digit) * weights[index % 3]!, 0);
  return sum % 10 === 0;
}

/** A UK sort code: 6 digits, written with or without dashes or spaces (`12-34-56`). */
export function normalizeSortCode(value: string): string {
  return value.replace(/[\s-]/g, '');
}

export function isValidSortCode(value: string): boolean {
  return /^\d{6}$/.test(normalizeSortCode(value));
}

/** BIC / SWIFT code: bank (4 letters), country (2 letters), location (2), optional branch (3). */
export function isValidSwiftCode(value: string): boolean {
  return /^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(value);
}

export interface BankAccountInput {
  'name-on-bank-account'?: string | undefined;
  'bank-name'?: string | null | undefined;
  'iban-number'?: string | null | undefined;
  'swift-code'?: string | null | undefined;
  'bank-account-number'?: string | null | undefined;
  'bank-routing-number'?: string | null | undefined;
  'sort-code'?: string | null | undefined;
}

export type BankAccountCheck = { ok: true; secret: BankSecret } | { ok: false; errors: FieldErrors };

const present = (value: string | null | undefined): value is string =>
  value !== undefined && value !== null && value.trim() !== '';

/**
 * Checks one of the three ways to name an account (IBAN; US account and routing number; UK sort
 * code and account number) and returns the normalized details to store, or field errors keyed
 * under `prefix` (`bank-account.iban-number`).
 */
export function checkBankAccount(input: BankAccountInput, prefix = 'bank-account'): BankAccountCheck {
  const errors: FieldErrors = {};
  const fail = (field: string, message: string) => {
    errors[`${prefix}.${field}`] = [...(errors[`${prefix}.${field}`] ?? []), message];
  };
  const account = input['bank-account-number']?.replace(/\s+/g, '') ?? '';
  const swift = input['swift-code']?.replace(/\s+/g, '').toUpperCase() ?? '';
  if (!present(input['name-on-bank-account'])) fail('name-on-bank-account', 'is required');
  if (swift !== '' && !isValidSwiftCode(swift))
    fail('swift-code', 'must be a SWIFT/BIC code of 8 or 11 characters');

  const secret: BankSecret = {
    'name-on-bank-account': input['name-on-bank-account']?.trim() ?? '',
    'bank-name': present(input['bank-name']) ? input['bank-name'].trim() : null,
    'swift-code': swift === '' ? null : swift,
  };
  if (present(input['iban-number'])) {
    if (
      present(input['bank-account-number']) ||
      present(input['bank-routing-number']) ||
      present(input['sort-code'])
    )
      fail('iban-number', 'give either an IBAN or a domestic account number, not both');
    if (!isValidIban(input['iban-number']))
      fail('iban-number', 'is not a valid IBAN (checksum or length is wrong)');
    secret['iban-number'] = normalizeIban(input['iban-number']);
  } else if (present(input['sort-code'])) {
    if (!isValidSortCode(input['sort-code'])) fail('sort-code', 'must be 6 digits');
    if (!/^\d{8}$/.test(account)) fail('bank-account-number', 'must be 8 digits with a UK sort code');
    if (present(input['bank-routing-number']))
      fail('bank-routing-number', 'give a routing number or a sort code, not both');
    secret['sort-code'] = normalizeSortCode(input['sort-code']);
    secret['bank-account-number'] = account;
  } else if (present(input['bank-routing-number']) || account !== '') {
    if (!isValidRoutingNumber(input['bank-routing-number']?.trim() ?? ''))
      fail('bank-routing-number', 'must be a 9-digit ABA routing number with a valid checksum');
    if (!/^\d{4,17}$/.test(account)) fail('bank-account-number', 'must be 4 to 17 digits');
    secret['bank-routing-number'] = input['bank-routing-number']?.trim() ?? '';
    secret['bank-account-number'] = account;
  } else {
    errors[prefix] = [
      'needs an iban-number, a bank-account-number with a bank-routing-number, or a sort-code with a bank-account-number',
    ];
  }
  return Object.keys(errors).length === 0 ? { ok: true, secret } : { ok: false, errors };
}
