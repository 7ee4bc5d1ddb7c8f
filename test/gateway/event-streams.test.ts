import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEventStream } from './support/event-stream-reader.ts';
import { type GatewayRig, scripted, startGatewayRig } from './support/gateway-rig.ts';
import { waitUntil } from './support/wait-until.ts';

let rig: GatewayRig;
let maria: string;

beforeAll(async () => {
  rig = await startGatewayRig({ gateway: { sse: { heartbeatMs: 100 } } });
  maria = await rig.token('northwind', 'maria.chen');
}, 60_000);
afterAll(async () => {
  await rig?.close();
});

function stream(path: string, body: unknown, token = maria) {
  return openEventStream(`${rig.url}${path}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      accept: 'text/event-stream',
    },
    body: JSON.stringify(body),
  });
}

const countOf = (sessionId: string, type: string) =>
  rig.agent.events(sessionId).filter((event) => event.type === type).length;

describe('turns as event streams', () => {
  it('streams session, skill, tools, progress, the answer, and ends with turn-end', async () => {
    rig.useModel(
      scripted([
        { skill: 'order-status', text: 'An order question.' },
        { text: 'Looking.', toolCalls: [{ name: 'purchase_orders_show', input: { id: 'NWC-PO-11001' } }] },
        { text: 'PO NWC-PO-11001 is on its way.', delayMs: 300 },
        { text: 'Anything else?' },
      ]),
    );
    const reader = await stream('/v1/sessions', { message: 'Where is PO NWC-PO-11001?' });
    expect(reader.status).toBe(201);
    expect(reader.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(reader.headers.get('cache-control')).toContain('no-cache');
    expect(reader.headers.get('x-content-type-options')).toBe('nosniff');
    await reader.ended;
    expect(reader.events.map((event) => event.event)).toEqual([
      'session',
      'skill-selected',
      'text',
      'tool-call',
      'api-call',
      'tool-result',
      'progress',
      'text',
      'assistant-message',
      'turn-end',
    ]);
    // The model's words stream as they come (a preface, then the answer), not recorded as such.
    expect(reader.events.filter((event) => event.event === 'text').map((event) => event.data)).toEqual([
      { text: 'Looking.' },
      { text: 'PO NWC-PO-11001 is on its way.' },
    ]);
    const [session, skill, toolCall, apiCall, toolResult, progress, answer, end] = reader.events.filter(
      (event) => event.event !== 'text',
    );
    const sessionId = session?.data.sessionId;
    expect(session?.data).toEqual({ sessionId: expect.any(String), state: 'running' });
    expect(skill?.data).toMatchObject({ skill: 'order-status', by: 'router', reason: 'An order question.' });
    expect(toolCall?.data).toMatchObject({ tool: 'purchase_orders_show', input: { id: 'NWC-PO-11001' } });
    expect(apiCall?.data).toMatchObject({
      method: 'GET',
      path: expect.stringContaining('/api/purchase_orders'),
    });
    expect(toolResult?.data).toMatchObject({
      tool: 'purchase_orders_show',
      exitCode: 0,
      ok: true,
      durationMs: expect.any(Number),
      toolUseId: toolCall?.data.toolUseId,
    });
    expect(progress?.data).toMatchObject({
      step: 1,
      toolCalls: 1,
      tools: ['purchase_orders_show'],
      failed: 0,
    });
    expect(answer?.data).toMatchObject({ text: 'PO NWC-PO-11001 is on its way.' });
    expect(end?.data).toEqual({
      sessionId,
      status: 'completed',
      skill: 'order-status',
      reply: 'PO NWC-PO-11001 is on its way.',
    });
    // The audit has it all; the stream has none of what only the audit should hold.
    const raw = JSON.stringify(reader.events);
    const audit = rig.agent.events(sessionId);
    const apiBody = audit.find((event) => event.type === 'api-response')?.payload.body as Record<
      string,
      unknown
    >;
    expect(apiBody['created-at']).toEqual(expect.any(String));
    expect(raw).not.toContain('created-at');
    expect(raw).not.toContain(String(apiBody['created-at']));
    for (const secret of ['authorization', 'stdout', 'model-request', 'headers', '"request"', '"response"']) {
      expect(raw).not.toContain(secret);
    }
    const seqs = reader.events
      .slice(1, -1)
      .filter((event) => event.event !== 'text')
      .map((event) => event.data.seq as number);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    // A heartbeat comment went out while the model was slow.
    expect(reader.comments).toContain('heartbeat');

    // The next turn streams too, with 200.
    const next = await stream(`/v1/sessions/${sessionId}/messages`, {
      message: 'Thanks',
      skill: 'order-status',
    });
    expect(next.status).toBe(200);
    await next.ended;
    expect(next.events.map((event) => event.event)).toEqual([
      'session',
      'skill-selected',
      'text',
      'assistant-message',
      'turn-end',
    ]);
    expect(next.events.at(-1)?.data).toMatchObject({
      sessionId,
      status: 'completed',
      reply: 'Anything else?',
    });
  }, 60_000);

  it('shows an interrupt: session-interrupted, then turn-end interrupted', async () => {
    rig.useModel(scripted([{ text: 'never said', delayMs: 60_000 }]));
    const reader = await stream('/v1/sessions', { message: 'Take your time', skill: 'order-status' });
    const sessionId = (await reader.waitFor((event) => event.event === 'session')).data.sessionId;
    await waitUntil(() => countOf(sessionId, 'model-request') === 1, { what: 'the model call' });
    const interrupt = await rig.request('POST', `/v1/sessions/${sessionId}/interrupt`, {
      token: maria,
      body: { reason: 'Stop pressed' },
    });
    expect(interrupt.status).toBe(202);
    await reader.ended;
    const names = reader.events.map((event) => event.event);
    expect(names.slice(-2)).toEqual(['session-interrupted', 'turn-end']);
    expect(reader.events.at(-2)?.data).toMatchObject({ reason: 'Stop pressed' });
    expect(reader.events.at(-1)?.data).toMatchObject({
      status: 'interrupted',
      reason: 'Stop pressed',
      reply: '',
    });
  }, 60_000);

  it('keeps the turn going when the client disconnects, and records it to its end', async () => {
    rig.useModel(
      scripted([
        { toolCalls: [{ name: 'purchase_orders_list', input: { status: 'issued', limit: 5 } }] },
        { text: 'Five issued orders.', delayMs: 1500 },
      ]),
    );
    const abandonedBefore = Number(
      /^supplier_agent_event_streams_abandoned_total (\d+)$/m.exec(
        (await rig.request('GET', '/metrics')).text,
      )?.[1],
    );
    const reader = await stream('/v1/sessions', { message: 'My issued orders?', skill: 'order-status' });
    const sessionId = (await reader.waitFor((event) => event.event === 'session')).data.sessionId;
    await reader.waitFor((event) => event.event === 'tool-result');
    reader.disconnect();
    await reader.ended;
    expect(reader.events.map((event) => event.event)).not.toContain('turn-end');

    // Still running, then ended on its own: completed, answer recorded, turn-end last.
    const view = await rig.request('GET', `/v1/sessions/${sessionId}`, { token: maria });
    expect(view.body.status).toBe('running');
    await waitUntil(() => countOf(sessionId, 'turn-end') === 1, {
      what: 'the turn to end',
      timeoutMs: 30_000,
    });
    const events = rig.agent.events(sessionId);
    expect(events.at(-1)?.type).toBe('turn-end');
    expect(events.at(-1)?.payload).toMatchObject({ status: 'completed' });
    expect(events.find((event) => event.type === 'assistant-message')?.payload.text).toBe(
      'Five issued orders.',
    );
    const after = await rig.request('GET', `/v1/sessions/${sessionId}`, { token: maria });
    expect(after.body).toMatchObject({
      status: 'idle',
      turns: [{ status: 'completed', reply: 'Five issued orders.' }],
    });
    const metrics = await rig.request('GET', '/metrics');
    expect(Number(/^supplier_agent_event_streams_abandoned_total (\d+)$/m.exec(metrics.text)?.[1])).toBe(
      abandonedBefore + 1,
    );
    expect(metrics.text).toMatch(/^supplier_agent_event_streams_open 0$/m);
  }, 60_000);
});
