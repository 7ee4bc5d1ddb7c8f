import { describe, expect, it } from 'vitest';
import type { AuditEvent, AuditEventType } from '../audit/event-types.ts';
import { clientEventOf, turnEndEvent } from './client-events.ts';

function audit(type: AuditEventType, payload: Record<string, unknown>, seq = 7): AuditEvent {
  return { sessionId: 's-1', seq, ts: '2025-01-01T00:00:00.000Z', type, payload, prevHash: 'a', hash: 'b' };
}

describe('what a streaming client sees of the audit events', () => {
  it('summarises tool calls and results without their output', () => {
    expect(
      clientEventOf(
        audit('tool-call', {
          toolUseId: 'toolu_1',
          tool: 'purchase_orders_show',
          input: { id: 'PO-1' },
          argv: ['csp', 'purchase-orders', 'show', 'PO-1'],
          source: 'cell',
        }),
      ),
    ).toEqual({
      event: 'tool-call',
      data: {
        seq: 7,
        ts: '2025-01-01T00:00:00.000Z',
        toolUseId: 'toolu_1',
        tool: 'purchase_orders_show',
        input: { id: 'PO-1' },
      },
    });
    const result = clientEventOf(
      audit('tool-result', {
        toolUseId: 'toolu_1',
        tool: 'purchase_orders_show',
        exitCode: 3,
        durationMs: 12.5,
        stdout: '{"secret":"order data"}',
        stderr: 'boom',
      }),
    );
    expect(result?.data).toMatchObject({ exitCode: 3, ok: false, durationMs: 12.5 });
    expect(JSON.stringify(result)).not.toMatch(/order data|boom/);
    expect(
      clientEventOf(audit('tool-call', { toolUseId: 'toolu_2', tool: 'x', refused: 'tool_not_allowed' }))
        ?.data,
    ).toMatchObject({ refused: 'tool_not_allowed' });
  });

  it('shows API calls by method and path only, and egress denials by reason', () => {
    const call = clientEventOf(
      audit('api-request', {
        method: 'GET',
        path: '/api/purchase_orders/1',
        query: 'fields=secret',
        headers: { authorization: '[redacted]' },
        body: { private: true },
      }),
    );
    expect(call?.data).toEqual({
      seq: 7,
      ts: expect.any(String),
      method: 'GET',
      path: '/api/purchase_orders/1',
    });
    expect(clientEventOf(audit('policy-decision', { effect: 'allow', policies: ['p'] }))).toBeUndefined();
    expect(
      clientEventOf(
        audit('policy-decision', {
          effect: 'deny',
          reason: 'forbidden_operation',
          message: 'No.',
          policies: ['p'],
        }),
      )?.data,
    ).toEqual({ seq: 7, ts: expect.any(String), reason: 'forbidden_operation', message: 'No.' });
  });

  it('drops provider exchanges, responses, cells and bookkeeping', () => {
    for (const type of [
      'session-start',
      'session-end',
      'user-message',
      'model-request',
      'model-response',
      'api-response',
      'cell-start',
      'cell-exit',
      'turn-end',
    ] as const) {
      expect(clientEventOf(audit(type, { anything: 1 })), type).toBeUndefined();
    }
  });

  it('passes the answer, progress, skill and interrupts through', () => {
    expect(clientEventOf(audit('assistant-message', { text: 'Hi.', source: 'cell' }))?.data).toEqual({
      seq: 7,
      ts: expect.any(String),
      text: 'Hi.',
    });
    expect(
      clientEventOf(audit('progress', { step: 1, toolCalls: 2, tools: ['a', 'b'], failed: 0 }))?.event,
    ).toBe('progress');
    expect(
      clientEventOf(audit('skill-selected', { skill: null, reason: 'small talk', by: 'router' }))?.data,
    ).toMatchObject({ skill: null, reason: 'small talk' });
    expect(
      clientEventOf(
        audit('session-interrupted', { reason: 'Stop', inFlight: [{ kind: 'model' }], budget: {} }),
      )?.data,
    ).toEqual({ seq: 7, ts: expect.any(String), reason: 'Stop' });
  });

  it('ends with the turn result', () => {
    expect(
      turnEndEvent({ sessionId: 's-1', status: 'failed', reply: 'Sorry.', reason: 'model failed' }),
    ).toEqual({
      event: 'turn-end',
      data: { sessionId: 's-1', status: 'failed', skill: null, reply: 'Sorry.', reason: 'model failed' },
    });
  });
});
