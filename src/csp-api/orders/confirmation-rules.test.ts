import { describe, expect, it } from 'vitest';
import { confirmationErrors, confirmationOutcome } from './confirmation-rules.ts';
import type { ConfirmationBody } from './schemas.ts';
import type { OrderLine, PurchaseOrder } from './types.ts';

const line = (lineNumber: number, overrides: Partial<OrderLine> = {}): OrderLine =>
  ({ 'line-num': lineNumber, quantity: 10, invoiced: 0, status: 'open', ...overrides }) as OrderLine;
const order = (lines: OrderLine[]): PurchaseOrder => ({ 'order-lines': lines }) as PurchaseOrder;

const lineLevel = (...actions: ('accept' | 'reject' | 'propose_change')[]): ConfirmationBody => ({
  action: 'line_level',
  lines: actions.map((action, index) => ({ 'line-num': index + 1, action })),
});

describe('confirmationOutcome', () => {
  it.each([
    [{ action: 'accept' } as ConfirmationBody, 'confirmed'],
    [{ action: 'reject' } as ConfirmationBody, 'rejected'],
    [lineLevel('accept', 'accept'), 'confirmed'],
    [lineLevel('reject', 'reject'), 'rejected'],
    [lineLevel('accept', 'reject'), 'partially_confirmed'],
    [lineLevel('accept', 'propose_change', 'reject'), 'pending_buyer_action'],
  ])('%j gives %s', (body, expected) => {
    expect(confirmationOutcome(body)).toBe(expected);
  });
});

describe('confirmationErrors', () => {
  const twoLines = order([line(1), line(2, { invoiced: 6 }), line(3, { status: 'cancelled' })]);

  it('accepts a well-formed line-level answer', () => {
    const body: ConfirmationBody = {
      action: 'line_level',
      lines: [
        { 'line-num': 1, action: 'accept' },
        { 'line-num': 2, action: 'propose_change', quantity: 6 },
      ],
    };
    expect(confirmationErrors(twoLines, body)).toEqual({});
  });

  it('names each problem by field', () => {
    const body: ConfirmationBody = {
      action: 'line_level',
      lines: [
        { 'line-num': 1, action: 'reject' },
        { 'line-num': 2, action: 'propose_change', quantity: 5 },
        { 'line-num': 3, action: 'accept' },
        { 'line-num': 1, action: 'propose_change' },
        { 'line-num': 4, action: 'accept', price: 2 },
      ],
    };
    expect(confirmationErrors(twoLines, body)).toEqual({
      'lines[0].reason-code': ['is required to reject'],
      'lines[1].quantity': ['cannot be below the 6 already invoiced'],
      'lines[2].line-num': ['is a cancelled line'],
      'lines[3].line-num': ['appears more than once'],
      'lines[3]': ['a proposed change needs a quantity, price or promised-date'],
      'lines[4].line-num': ['does not exist on this order'],
      'lines[4].price': ['is only allowed with action propose_change'],
    });
  });

  it('needs lines for line_level only, and a reason to reject', () => {
    expect(confirmationErrors(twoLines, { action: 'line_level' })).toEqual({
      lines: ['are required for a line-level confirmation'],
    });
    expect(
      confirmationErrors(twoLines, { action: 'reject', lines: [{ 'line-num': 1, action: 'accept' }] }),
    ).toEqual({
      'reason-code': ['is required to reject'],
      lines: ['are only allowed with action line_level'],
    });
  });
});
