import { describe, expect, it } from 'vitest';
import { parseLineSpec } from './line-specs.ts';

const confirmFormat = {
  actions: ['accept', 'reject', 'propose-change'],
  keys: { quantity: 'number', price: 'number', 'promised-date': 'date', comment: 'string' },
} as const;

describe('parseLineSpec', () => {
  it('reads a line number, an action and key=value pairs in the API shape', () => {
    expect(parseLineSpec('2:propose-change:quantity=40,promised-date=2026-09-01', confirmFormat)).toEqual({
      'line-num': 2,
      action: 'propose_change',
      quantity: 40,
      'promised-date': '2026-09-01',
    });
    expect(parseLineSpec('1:accept', confirmFormat)).toEqual({ 'line-num': 1, action: 'accept' });
  });

  it('keeps commas inside a free-text value', () => {
    expect(parseLineSpec('1:reject:comment=late, sorry', confirmFormat)).toMatchObject({
      comment: 'late, sorry',
    });
  });

  it('accepts LINE:QTY where the format allows it', () => {
    expect(parseLineSpec('3:12.5', { keys: { quantity: 'number' }, bareQuantity: true })).toEqual({
      'line-num': 3,
      quantity: 12.5,
    });
  });

  it('rejects malformed specs with the flag named', () => {
    expect(() => parseLineSpec('x:accept', confirmFormat)).toThrow(/--line: .*line number/);
    expect(() => parseLineSpec('1:maybe', confirmFormat)).toThrow(/--line: .*action must be one of/);
    expect(() => parseLineSpec('1:accept:colour=red', confirmFormat)).toThrow(/"colour" is not a line field/);
    expect(() => parseLineSpec('1:accept:quantity=lots', confirmFormat)).toThrow(/quantity must be a number/);
    expect(() => parseLineSpec('1:accept:promised-date=soon', confirmFormat)).toThrow(
      /promised-date must be a date/,
    );
  });
});
