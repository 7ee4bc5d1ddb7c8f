import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AgentRig, scripted, startAgentRig, typesOf } from './agent-rig.ts';

let rig: AgentRig;
beforeAll(async () => {
  rig = await startAgentRig();
}, 60_000);
afterAll(async () => {
  await rig?.close();
});

describe('a turn in a cell with a scripted model', () => {
  it('routes, runs the tools in the cell through the broker, and answers', async () => {
    const model = scripted([
      { skill: 'order-status', text: 'The supplier asks about an order.' },
      {
        text: 'Looking it up.',
        toolCalls: [{ name: 'purchase_orders_show', input: { id: 'NWC-PO-11001' } }],
      },
      { text: 'PO NWC-PO-11001 is on its way.' },
    ]);
    const result = await rig.turn(model, { message: 'Where is PO NWC-PO-11001?' });
    expect(result).toMatchObject({
      status: 'completed',
      skill: 'order-status',
      reply: 'PO NWC-PO-11001 is on its way.',
    });
    const events = rig.events(result.sessionId);
    expect(typesOf(events)).toEqual([
      'session-start',
      'user-message',
      'model-request',
      'model-response',
      'skill-selected',
      'cell-start',
      'model-request',
      'model-response',
      'tool-call',
      'api-request',
      'policy-decision',
      'api-response',
      'tool-result',
      'progress',
      'model-request',
      'model-response',
      'assistant-message',
      'cell-exit',
      'turn-end',
    ]);
    const response = events.find((event) => event.type === 'api-response');
    expect(response?.payload.status).toBe(200);
    const secondCall = events.filter((event) => event.type === 'model-request')[2];
    const messages = (
      secondCall!.payload.request as {
        messages: Array<{ content: Array<{ type: string; content?: string }> }>;
      }
    ).messages;
    const toolResult = messages.at(-1)?.content[0];
    expect(toolResult?.type).toBe('tool_result');
    expect(
      JSON.parse(toolResult?.content ?? '{}').number ?? JSON.parse(toolResult?.content ?? '{}')['po-number'],
    ).toBe('NWC-PO-11001');
  }, 60_000);
});
