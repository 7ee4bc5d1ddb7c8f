import { describe, expect, it } from 'vitest';
import {
  extractBankDetails,
  extractPostalAddress,
  extractRemitToName,
  maskNumber,
} from './bank-extraction.ts';

describe('bank details', () => {
  it('reads an IBAN written in groups, and a BIC', () => {
    expect(extractBankDetails('with IBAN DE89 3704 0044 0532 0130 00, BIC COBADEFFXXX')).toEqual({
      iban: 'DE89370400440532013000',
      swift: 'COBADEFFXXX',
    });
  });

  it('reads US and UK account details and a labelled bank name', () => {
    expect(
      extractBankDetails('account number 123456789, routing number 041000124, bank: First Lakes'),
    ).toEqual({
      account_number: '123456789',
      routing_number: '041000124',
      bank_name: 'First Lakes',
    });
    expect(extractBankDetails('account 31926819 sort code 40-47-84')).toEqual({
      account_number: '31926819',
      sort_code: '404784',
    });
  });

  it('finds nothing in a request without bank details', () => {
    expect(extractBankDetails('add a remit-to address for Globex')).toEqual({});
  });

  it('masks a number to its last four characters', () => {
    expect(maskNumber('DE89370400440532013000')).toBe('****3000');
  });
});

describe('postal address', () => {
  it('reads a European compact address', () => {
    expect(extractPostalAddress('for Globex at 12 Harbour Street, 28195 Bremen, DE with IBAN DE89')).toEqual({
      street1: '12 Harbour Street',
      postal_code: '28195',
      city: 'Bremen',
      country: 'DE',
    });
  });

  it('reads a US compact address', () => {
    expect(extractPostalAddress('at 100 Main St, Cleveland, OH 44114, US; account 1')).toEqual({
      street1: '100 Main St',
      city: 'Cleveland',
      state: 'OH',
      postal_code: '44114',
      country: 'US',
    });
  });

  it('reads labelled parts', () => {
    expect(
      extractPostalAddress('street: 5 Quay Road; city: Leeds; postal code: LS1 4AP; country: gb'),
    ).toEqual({
      street1: '5 Quay Road',
      city: 'Leeds',
      postal_code: 'LS1 4AP',
      country: 'GB',
    });
  });

  it('reads a quoted remit-to name', () => {
    expect(extractRemitToName('add a remit-to named "Northwind EU Receivables" at 1 A St')).toBe(
      'Northwind EU Receivables',
    );
  });
});
