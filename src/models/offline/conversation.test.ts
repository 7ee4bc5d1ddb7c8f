import { describe, expect, it } from 'vitest';
import type { ModelMessage } from '../model-types.ts';
import { readTurn } from './conversation.ts';
import { readToolOutcome } from './tool-outcome.ts';

const text = (role: 'user' | 'assistant', value: string): ModelMessage => ({
  role,
  content: [{ type: 'text', text: value }],
});

describe('readTurn', () => {
  it('reads the latest request, the earlier texts and the calls since, with their results', () => {
    const messages: ModelMessage[] = [
      text('user', 'status of PO NWC-PO-11001'),
      text('assistant', 'It is issued.'),
      text('user', 'acknowledge it'),
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Reading it.' },
          { type: 'tool_use', id: 'a', name: 'purchase_orders_show', input: { id: 'NWC-PO-11001' } },
          { type: 'tool_use', id: 'b', name: 'purchase_orders_acknowledge', input: { id: 'NWC-PO-11001' } },
        ],
      },
      {
        role: 'user',
        content: [
          {
            type: 'tool_result',
            toolUseId: 'b',
            content: '{"error":{"code":"illegal_transition","message":"closed","status":409}}',
            isError: true,
          },
          { type: 'tool_result', toolUseId: 'a', content: '{"status":"issued"}' },
        ],
      },
    ];
    const turn = readTurn(messages);
    expect(turn.text).toBe('acknowledge it');
    expect(turn.earlierTexts).toEqual(['status of PO NWC-PO-11001', 'It is issued.']);
    expect(turn.toolUseCount).toBe(2);
    expect(turn.calls.map((call) => [call.name, call.outcome])).toEqual([
      ['purchase_orders_show', { ok: true, value: { status: 'issued' } }],
      [
        'purchase_orders_acknowledge',
        { ok: false, error: { code: 'illegal_transition', message: 'closed', status: 409 } },
      ],
    ]);
  });

  it('reads a call without a result as failed, and a conversation without text as empty', () => {
    const turn = readTurn([
      text('user', 'go'),
      { role: 'assistant', content: [{ type: 'tool_use', id: 'x', name: 'profile_show', input: {} }] },
    ]);
    expect(turn.calls[0]!.outcome).toMatchObject({ ok: false, error: { code: 'no_result' } });
    expect(readTurn([]).text).toBe('');
  });
});

describe('readToolOutcome', () => {
  it('parses JSON results and keeps plain text as text', () => {
    expect(readToolOutcome('[{"id":1}]', false)).toEqual({ ok: true, value: [{ id: 1 }] });
    expect(readToolOutcome('plain', undefined)).toEqual({ ok: true, value: 'plain' });
  });

  it('reads both error shapes, and an error that is not JSON', () => {
    expect(
      readToolOutcome(
        '{"status":422,"code":"validation_failed","errors":{"lines[0].quantity":["too big"]}}',
        true,
      ),
    ).toEqual({
      ok: false,
      error: { code: 'validation_failed', status: 422, message: 'lines[0].quantity: too big' },
    });
    expect(readToolOutcome('connection refused', true)).toEqual({
      ok: false,
      error: { code: 'tool_error', message: 'connection refused' },
    });
  });
});
