import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../src/audit/event-types.ts';
import { type AgentRig, scripted, startAgentRig, typesOf } from './agent-rig.ts';

let rig: AgentRig;
beforeAll(async () => {
  rig = await startAgentRig();
}, 60_000);
afterAll(async () => {
  await rig?.close();
});

describe('interrupting a turn', () => {
  it('aborts the model call in flight, kills the cell, and the next turn continues in a fresh cell', async () => {
    const model = scripted([
      { toolCalls: [{ name: 'purchase_orders_list', input: { status: 'issued', limit: 5 } }] },
      { text: 'never said', delayMs: 60_000 },
      { text: 'Picking up where we left off: 5 issued orders.' },
    ]);
    const sessionId = `interrupt-${Date.now()}`;
    const controller = new AbortController();
    let modelRequests = 0;
    const onEvent = (event: AuditEvent) => {
      // Shortly after the second model call went out: the model is "thinking" (delayMs).
      if (event.type === 'model-request' && ++modelRequests === 2) {
        setTimeout(() => controller.abort('stop, please'), 200);
      }
    };
    const started = Date.now();
    const first = await rig.turn(model, {
      sessionId,
      skill: 'order-status',
      message: 'List my issued orders',
      signal: controller.signal,
      onEvent,
    });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(first).toMatchObject({ status: 'interrupted', skill: 'order-status', reason: 'stop, please' });
    const events = rig.events(sessionId);
    const interrupted = events.find((event) => event.type === 'session-interrupted');
    expect(interrupted?.payload).toMatchObject({
      reason: 'stop, please',
      inFlight: [{ kind: 'model', target: '/v1/model' }],
    });
    const modelAnswer = events.filter((event) => event.type === 'model-response').at(-1);
    expect(modelAnswer?.payload).toMatchObject({ interrupted: true });
    const cellExit = events.find((event) => event.type === 'cell-exit');
    expect(cellExit?.payload.reason).toBe('killed');
    expect(typesOf(events).at(-1)).toBe('turn-end');
    expect(events.at(-1)?.payload).toMatchObject({ status: 'interrupted', reason: 'stop, please' });
    expect(typesOf(events)).not.toContain('assistant-message');

    // The next turn: a fresh cell, the conversation rebuilt from the log.
    const second = await rig.turn(model, { sessionId, skill: 'order-status', message: 'Go on' });
    expect(second).toMatchObject({
      status: 'completed',
      reply: 'Picking up where we left off: 5 issued orders.',
    });
    const all = rig.events(sessionId);
    const cells = all.filter((event) => event.type === 'cell-start').map((event) => event.payload.cellId);
    expect(new Set(cells).size).toBe(2);
    const lastRequest = all.filter((event) => event.type === 'model-request').at(-1)?.payload.request as {
      messages: Array<{ role: string; content: Array<{ type: string; text?: string }> }>;
    };
    expect(lastRequest.messages.map((message) => [message.role, message.content[0]?.text])).toEqual([
      ['user', 'List my issued orders'],
      ['assistant', expect.stringContaining('interrupted: stop, please')],
      ['user', 'Go on'],
    ]);
  }, 60_000);

  it('refuses a session of another tenant as if it did not exist (positive control: its own tenant)', async () => {
    const model = scripted([{ text: 'Hello.' }, { text: 'Again.' }]);
    const first = await rig.turn(model, { skill: 'order-status', message: 'hi' });
    expect(first.status).toBe('completed');
    await expect(
      rig.turn(model, {
        sessionId: first.sessionId,
        tenantId: 'bluepeak',
        user: { id: 'someone', scopes: ['csp.orders.read'] },
        skill: 'order-status',
        message: 'show me their conversation',
      }),
    ).rejects.toMatchObject({ code: 'not_found' });
    const again = await rig.turn(model, {
      sessionId: first.sessionId,
      skill: 'order-status',
      message: 'hi again',
    });
    expect(again).toMatchObject({ status: 'completed', reply: 'Again.' });
    expect(JSON.stringify(rig.events(first.sessionId))).not.toContain('show me their conversation');
  }, 60_000);

  it("answers a user who lacks the skill's scopes with a refusal, running no cell", async () => {
    const model = scripted([]);
    const result = await rig.turn(model, {
      skill: 'catalog-enrichment',
      user: { id: 'tom.baker', scopes: ['csp.orders.read'] },
      message: 'enrich my catalog',
    });
    expect(result.status).toBe('completed');
    expect(result.reply).toContain('csp.catalogs.write');
    expect(typesOf(rig.events(result.sessionId))).not.toContain('cell-start');
  }, 30_000);
});
