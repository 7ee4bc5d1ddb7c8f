import { describe, expect, it } from 'vitest';
import { isStopCommand, stripQuotedText } from './reply-text.ts';

describe('stripQuotedText', () => {
  it('keeps a message without history as it is (trimmed)', () => {
    expect(stripQuotedText('  Where is PO NWC-PO-11001?\r\n\r\nThanks, Maria\r\n')).toBe(
      'Where is PO NWC-PO-11001?\n\nThanks, Maria',
    );
  });

  it('cuts at "On ... wrote:" and drops the quoted lines', () => {
    const text = [
      'Yes, go ahead.',
      '',
      'On Mon, 7 Dec 2026 at 10:02, Supplier Agent <agent@example.com> wrote:',
      '> PO NWC-PO-11001 is issued. Shall I acknowledge it?',
      '> -- ',
      '> Reply STOP to stop.',
    ].join('\n');
    expect(stripQuotedText(text)).toBe('Yes, go ahead.');
  });

  it('recognises the header when a client wraps it over two lines', () => {
    const text =
      'Continue please.\n\nOn Mon, 7 Dec 2026 at 10:02, Supplier Agent <agent@example.com>\nwrote:\n> earlier';
    expect(stripQuotedText(text)).toBe('Continue please.');
  });

  it("cuts at Outlook's From/Sent/To/Subject block and its separator", () => {
    const text = [
      'Please use 14 days for bearings.',
      '',
      '________________________________',
      'From: Supplier Agent <agent@example.com>',
      'Sent: Monday, December 7, 2026 10:02 AM',
      'To: Maria Chen <maria.chen@northwind-components.example>',
      'Subject: Re: Catalog',
      '',
      'Which lead time should I use?',
    ].join('\n');
    expect(stripQuotedText(text)).toBe('Please use 14 days for bearings.');
    const withoutSeparator = text.replace('________________________________\n', '');
    expect(stripQuotedText(withoutSeparator)).toBe('Please use 14 days for bearings.');
  });

  it('cuts the signature at "-- " and mobile footers, and "-----Original Message-----"', () => {
    expect(stripQuotedText('Status of my invoices?\n-- \nMaria Chen\nNorthwind Components')).toBe(
      'Status of my invoices?',
    );
    expect(stripQuotedText('STOP\n\nSent from my iPhone')).toBe('STOP');
    expect(stripQuotedText('Thanks\n-----Original Message-----\nFrom: x\nold text')).toBe('Thanks');
  });

  it('drops interleaved quoted lines but keeps the answers between them', () => {
    const text = '> Which catalog?\nThe Globex draft.\n> Which field?\nUNSPSC codes.';
    expect(stripQuotedText(text)).toBe('The Globex draft.\nUNSPSC codes.');
  });

  it('keeps text that only looks like a header in the middle of a sentence, and forwarded content', () => {
    const text = 'From: the warehouse we ship on Monday.\nPlease check PO NWC-PO-11002.';
    expect(stripQuotedText(text)).toBe(text);
    const forwarded =
      'See below.\n\n---------- Forwarded message ---------\nFrom: Globex\nPlease confirm PO 11003.';
    expect(stripQuotedText(forwarded)).toContain('Please confirm PO 11003.');
  });
});

describe('isStopCommand', () => {
  it('accepts STOP in any case with trailing punctuation', () => {
    for (const text of ['STOP', 'stop', ' Stop! ', 'STOP.']) expect(isStopCommand(text)).toBe(true);
  });

  it('refuses anything more than the word', () => {
    for (const text of ['stop the catalog work', 'Please stop', 'STOPPED', '', 'non-stop'])
      expect(isStopCommand(text)).toBe(false);
  });
});
