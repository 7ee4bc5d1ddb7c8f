import { describe, expect, it } from 'vitest';
import {
  checkBankAccount,
  isValidIban,
  isValidRoutingNumber,
  isValidSortCode,
  isValidSwiftCode,
} from './bank-validation.ts';

describe('isValidIban', () => {
  it('accepts IBANs with a correct mod-97 checksum, with or without spaces', () => {
    expect(isValidIban('DE89370400440532013000')).toBe(true);
    expect(isValidIban('GB82 WEST 1234 5698 7654 32')).toBe(true);
    expect(isValidIban('gb82west12345698765432')).toBe(true);
    expect(isValidIban('NL91ABNA0417164300')).toBe(true);
  });

  it('rejects a wrong check digit, a wrong length for the country and garbage', () => {
    expect(isValidIban('DE89370400440532013001')).toBe(false);
    expect(isValidIban('GB82WEST12345698765431')).toBe(false);
    expect(isValidIban('DE8937040044053201300')).toBe(false);
    expect(isValidIban('not an iban')).toBe(false);
    expect(isValidIban('')).toBe(false);
  });
});

describe('isValidRoutingNumber', () => {
  it('accepts ABA numbers whose weighted digit sum is a multiple of 10', () => {
    expect(isValidRoutingNumber('041000124')).toBe(true);
    expect(isValidRoutingNumber('021000021')).toBe(true);
  });

  it('rejects a wrong checksum or a wrong length', () => {
    expect(isValidRoutingNumber('041000125')).toBe(false);
    expect(isValidRoutingNumber('04100012')).toBe(false);
    expect(isValidRoutingNumber('04100012a')).toBe(false);
  });
});

describe('sort codes and SWIFT codes', () => {
  it('takes 6-digit sort codes with or without dashes', () => {
    expect(isValidSortCode('20-00-00')).toBe(true);
    expect(isValidSortCode('200000')).toBe(true);
    expect(isValidSortCode('20000')).toBe(false);
  });

  it('takes 8- or 11-character SWIFT codes', () => {
    expect(isValidSwiftCode('DEUTDEFF')).toBe(true);
    expect(isValidSwiftCode('DEUTDEFF500')).toBe(true);
    expect(isValidSwiftCode('DEUTDEFF5')).toBe(false);
  });
});

describe('checkBankAccount', () => {
  it('normalizes a valid IBAN account for storage', () => {
    const check = checkBankAccount({
      'name-on-bank-account': 'Harbor Lab',
      'iban-number': 'de89 3704 0044 0532 0130 00',
      'swift-code': 'cobadeffxxx',
    });
    expect(check).toEqual({
      ok: true,
      secret: {
        'name-on-bank-account': 'Harbor Lab',
        'bank-name': null,
        'iban-number': 'DE89370400440532013000',
        'swift-code': 'COBADEFFXXX',
      },
    });
  });

  it('names each bad field under the prefix', () => {
    const check = checkBankAccount({ 'bank-account-number': '12', 'bank-routing-number': '041000125' });
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(Object.keys(check.errors).sort()).toEqual([
      'bank-account.bank-account-number',
      'bank-account.bank-routing-number',
      'bank-account.name-on-bank-account',
    ]);
  });

  it('needs 8-digit accounts with UK sort codes', () => {
    const valid = checkBankAccount({
      'name-on-bank-account': 'Blue Peak',
      'sort-code': '20-00-00',
      'bank-account-number': '55779911',
    });
    expect(valid.ok).toBe(true);
    const invalid = checkBankAccount({
      'name-on-bank-account': 'Blue Peak',
      'sort-code': '20-00-00',
      'bank-account-number': '5577991',
    });
    expect(invalid).toMatchObject({
      ok: false,
      errors: { 'bank-account.bank-account-number': [expect.any(String)] },
    });
  });

  it('asks for some account when none is given', () => {
    expect(checkBankAccount({ 'name-on-bank-account': 'X' })).toMatchObject({
      ok: false,
      errors: { 'bank-account': [expect.stringContaining('iban-number')] },
    });
  });
});
