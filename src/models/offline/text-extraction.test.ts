import { describe, expect, it } from 'vitest';
import {
  asksToSubmit,
  extractAmountFilter,
  extractCurrency,
  extractCustomerId,
  extractCustomerName,
  extractDates,
  extractEmail,
  extractInvoiceNumbers,
  extractInvoiceStatus,
  extractLineNumbers,
  extractLinePrices,
  extractLineQuantities,
  extractOrderStatus,
  extractPhone,
  extractPoNumbers,
  extractReason,
  extractWebsite,
} from './text-extraction.ts';

describe('document numbers', () => {
  it('finds PO numbers of any supplier prefix, upper-cased and once each', () => {
    expect(extractPoNumbers('status of PO NWC-PO-11001 and nwc-po-11002, again NWC-PO-11001?')).toEqual([
      'NWC-PO-11001',
      'NWC-PO-11002',
    ]);
    expect(extractPoNumbers('list my open orders')).toEqual([]);
  });

  it('finds invoice numbers, prefixed or labelled, but not a labelled word without digits', () => {
    expect(extractInvoiceNumbers('status of invoice NWC-INV-11035')).toEqual(['NWC-INV-11035']);
    expect(extractInvoiceNumbers('invoice PO NWC-PO-11001 with invoice number 2027-0042')).toEqual([
      '2027-0042',
    ]);
    expect(extractInvoiceNumbers('create invoice number for the PO')).toEqual([]);
    expect(extractInvoiceNumbers('submit NWC-INV-11001-2')).toEqual(['NWC-INV-11001-2']);
  });
});

describe('statuses', () => {
  it.each([
    ['list my open orders', 'issued'],
    ['which orders are on hold?', 'buyer_hold'],
    ['orders on supplier hold', 'supplier_hold'],
    ['soft-closed orders', 'soft_closed'],
    ['closed orders from Globex', 'closed'],
    ['cancelled orders', 'cancelled'],
    ['all my orders', undefined],
  ])('order status of "%s" is %s', (text, status) => {
    expect(extractOrderStatus(text)).toBe(status);
  });

  it.each([
    ['disputed invoices', 'disputed'],
    ['invoices pending approval', 'pending_approval'],
    ['my draft invoices', 'draft'],
    ['invoices on AP hold', 'ap_hold'],
    ['invoices on hold', 'on_hold'],
    ['voided invoices', 'voided'],
    ['which invoices are unpaid', undefined],
  ])('invoice status of "%s" is %s', (text, status) => {
    expect(extractInvoiceStatus(text)).toBe(status);
  });
});

describe('customers', () => {
  it.each([
    ['orders from Globex', 'Globex'],
    ['list open orders for Initech Health Systems', 'Initech Health Systems'],
    ["show Globex's invoices", 'Globex'],
    ['invoice PO NWC-PO-11001 for Globex: thanks', 'Globex'],
    ['propose new delivery date 2027-01-15 for PO NWC-PO-11001', undefined],
    ['add a remit-to address with IBAN DE89 for Globex', 'Globex'],
    ['orders from January', undefined],
    ['list my open orders', undefined],
  ])('"%s" names customer %s', (text, name) => {
    expect(extractCustomerName(text)).toBe(name);
  });

  it('reads a customer id', () => {
    expect(extractCustomerId('show the profile of customer 2')).toBe(2);
    expect(extractCustomerId('for customer id #14')).toBe(14);
    expect(extractCustomerId('for Globex')).toBeUndefined();
  });
});

describe('dates, lines and amounts', () => {
  it('reads ISO and written dates as YYYY-MM-DD in order of appearance', () => {
    expect(extractDates('ship on 15 January 2027, not 2027-01-10')).toEqual(['2027-01-15', '2027-01-10']);
    expect(extractDates('by Feb 3rd, 2027')).toEqual(['2027-02-03']);
    expect(extractDates('no date here')).toEqual([]);
  });

  it('reads quantities per line in the phrasings suppliers use', () => {
    expect(extractLineQuantities('we can only ship 80 of line 1')).toEqual([{ line: 1, value: 80 }]);
    expect(extractLineQuantities('change line 2 to 50 and line 3 quantity 12')).toEqual([
      { line: 2, value: 50 },
      { line: 3, value: 12 },
    ]);
    expect(extractLineQuantities('40 units on line 2')).toEqual([{ line: 2, value: 40 }]);
  });

  it('does not read a date or a price as a quantity', () => {
    expect(extractLineQuantities('new date 2027-01-15 for line 2')).toEqual([]);
    expect(extractLineQuantities('change the price of line 1 to 4.50')).toEqual([]);
    expect(extractLineQuantities('line 1 to 45 USD')).toEqual([]);
  });

  it('reads prices per line', () => {
    expect(extractLinePrices('change the price of line 1 to 4.50')).toEqual([{ line: 1, value: 4.5 }]);
    expect(extractLinePrices('line 2 price $3.10')).toEqual([{ line: 2, value: 3.1 }]);
  });

  it('reads the line numbers a request names', () => {
    expect(extractLineNumbers('lines 1 and 3, also line 2')).toEqual([1, 2, 3]);
    expect(extractLineNumbers('the whole order')).toEqual([]);
  });

  it('reads amount filters and currencies', () => {
    expect(extractAmountFilter('invoices over $1,000')).toEqual({ op: 'gt', amount: 1000 });
    expect(extractAmountFilter('orders less than 250.5 EUR')).toEqual({ op: 'lt', amount: 250.5 });
    expect(extractAmountFilter('unpaid invoices')).toBeUndefined();
    expect(extractCurrency('invoice it in EUR')).toBe('EUR');
    expect(extractCurrency('bill it in pounds')).toBe('GBP');
    expect(extractCurrency('invoice PO NWC-PO-11001')).toBeUndefined();
  });
});

describe('contact details and intents', () => {
  it('reads phone, e-mail and website', () => {
    expect(extractPhone('change our phone number to +1 555 0199.')).toBe('+1 555 0199');
    expect(extractPhone('phone: (216) 555-0100')).toBe('(216) 555-0100');
    expect(extractEmail('set the e-mail to ar@northwind.example please')).toBe('ar@northwind.example');
    expect(extractWebsite('our website is https://northwind.example/home.')).toBe(
      'https://northwind.example/home',
    );
  });

  it('reads a reason and whether to submit', () => {
    expect(extractReason('propose 2027-01-15 because the supplier of steel is late. Thanks')).toBe(
      'because the supplier of steel is late',
    );
    expect(asksToSubmit('create an invoice for PO X and submit it')).toBe(true);
    expect(asksToSubmit('create an invoice but do not submit it')).toBe(false);
    expect(asksToSubmit('invoice PO X')).toBe(false);
  });
});
