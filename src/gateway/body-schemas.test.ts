import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/index.ts';
import {
  interruptBodySchema,
  maxMessageCharacters,
  parseBody,
  suspendBodySchema,
  turnBodySchema,
} from './body-schemas.ts';

function fieldsOf(run: () => unknown): Record<string, string[]> | undefined {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('validation_failed');
    return (error as AppError).fields;
  }
  throw new Error('expected a validation error');
}

describe('turn bodies', () => {
  it('accepts a message, and a skill name', () => {
    expect(parseBody(turnBodySchema, { message: 'Where is PO 1?' })).toEqual({ message: 'Where is PO 1?' });
    expect(parseBody(turnBodySchema, { message: 'x', skill: 'order-status' })).toEqual({
      message: 'x',
      skill: 'order-status',
    });
    const emoji = '📦'.repeat(maxMessageCharacters);
    expect(parseBody(turnBodySchema, { message: emoji }).message).toBe(emoji);
  });

  it('names every bad field', () => {
    expect(fieldsOf(() => parseBody(turnBodySchema, {}))).toEqual({
      message: ['is required and must be a string'],
    });
    expect(fieldsOf(() => parseBody(turnBodySchema, { message: '   ' }))).toEqual({
      message: ['must not be blank'],
    });
    expect(
      fieldsOf(() => parseBody(turnBodySchema, { message: '📦'.repeat(maxMessageCharacters + 1) })),
    ).toEqual({ message: [`must be at most ${maxMessageCharacters} characters`] });
    expect(fieldsOf(() => parseBody(turnBodySchema, { message: 7, skill: '../x', extra: 1 }))).toEqual({
      message: ['is required and must be a string'],
      skill: ['must be a skill name (lower-case letters, digits, dashes)'],
      extra: ['is not a known field'],
    });
  });

  it('wants a JSON object', () => {
    for (const body of [undefined, null, 'hello', 3, ['message']]) {
      expect(fieldsOf(() => parseBody(turnBodySchema, body))).toEqual({ body: ['must be a JSON object'] });
    }
  });
});

describe('interrupt and suspension bodies', () => {
  it('takes an absent body as no reason where every field is optional', () => {
    expect(parseBody(interruptBodySchema, undefined, { optional: true })).toEqual({});
    expect(parseBody(interruptBodySchema, { reason: ' stop ' }, { optional: true })).toEqual({
      reason: 'stop',
    });
    expect(fieldsOf(() => parseBody(interruptBodySchema, { reason: '' }, { optional: true }))).toEqual({
      reason: ['must not be blank'],
    });
  });

  it('requires a suspension reason', () => {
    expect(parseBody(suspendBodySchema, { reason: 'fraud review' })).toEqual({ reason: 'fraud review' });
    expect(fieldsOf(() => parseBody(suspendBodySchema, {}))).toEqual({
      reason: ['is required and must be a string'],
    });
  });
});
