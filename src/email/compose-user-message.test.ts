import { describe, expect, it } from 'vitest';
import { composeUserMessage } from './compose-user-message.ts';

describe('composeUserMessage', () => {
  it('puts the subject first on a new thread when the body does not say it', () => {
    expect(
      composeUserMessage({
        subject: 'Fill in UNSPSC codes',
        body: 'For the 2027 draft.',
        csv: [],
        newThread: true,
      }),
    ).toBe('Subject: Fill in UNSPSC codes\n\nFor the 2027 draft.');
    expect(
      composeUserMessage({
        subject: 'Invoices',
        body: 'Which invoices are unpaid?',
        csv: [],
        newThread: true,
      }),
    ).toBe('Which invoices are unpaid?');
    expect(
      composeUserMessage({
        subject: 'Re: Invoices',
        body: 'And the overdue ones?',
        csv: [],
        newThread: false,
      }),
    ).toBe('And the overdue ones?');
    expect(
      composeUserMessage({ subject: 'Status of PO NWC-PO-11001', body: '', csv: [], newThread: true }),
    ).toBe('Subject: Status of PO NWC-PO-11001');
    expect(composeUserMessage({ subject: '', body: '', csv: [], newThread: true })).toBe('');
  });

  it('adds each CSV in a fence the file cannot close', () => {
    const message = composeUserMessage({
      subject: 'Re: catalog',
      body: '',
      csv: [{ filename: 'odd.csv', text: 'a,b\r\n```,x\r\n', bytes: 12 }],
      newThread: false,
    });
    expect(message).toBe('Attached CSV file "odd.csv" (2 lines):\n````csv\na,b\n```,x\n````');
  });
});
