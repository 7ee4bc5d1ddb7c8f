import { describe, expect, it } from 'vitest';
import { parseToolInput } from './tool-input.ts';

const call = { id: 'toolu_1', name: 'purchase_orders_show' };

describe('parseToolInput', () => {
  it('parses a JSON object, and reads no input at all as {}', () => {
    expect(parseToolInput('Anthropic', call, '{"id": "PO-1001"}')).toEqual({ id: 'PO-1001' });
    expect(parseToolInput('Anthropic', call, '')).toEqual({});
    expect(parseToolInput('Anthropic', call, '  ')).toEqual({});
  });

  it('fails model_failed on text that is not JSON or not an object, quoting at most 500 characters', () => {
    expect(() => parseToolInput('Anthropic', call, '{"id": "PO')).toThrow(
      'Anthropic answered with a call of tool purchase_orders_show whose input is not valid JSON; the call was not run.',
    );
    expect(() => parseToolInput('Anthropic', call, '["PO-1001"]')).toThrow('is not a JSON object');
    expect(() => parseToolInput('Anthropic', call, 'null')).toThrow('is not a JSON object');
    try {
      parseToolInput('Anthropic', call, `{"note": "${'x'.repeat(900)}`);
    } catch (error) {
      expect(error).toMatchObject({
        code: 'model_failed',
        retryable: false,
        details: { tool: 'purchase_orders_show' },
      });
      expect((error as { details: { input: string } }).details.input.length).toBe(503);
    }
  });
});
